from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_imrf_2026_dates")]

    operations = [
        migrations.AddField(
            model_name="reportedition",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last heartbeat"),
        ),
    ]
