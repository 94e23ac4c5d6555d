from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0008_short_text_without_bidi_controls")]

    operations = [
        migrations.AddField(
            model_name="reportedition",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last heartbeat"),
        ),
    ]
