"""Every indicator value belongs to a period: a year, or a start and an end date.

Values entered before periods existed take the year of their reference date, where they have
one; the others keep no period, and series place them in their cycle's reporting year.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    IndicatorValue = apps.get_model("reporting", "IndicatorValue")
    for value in IndicatorValue.objects.filter(
        reference_date__isnull=False, period_year__isnull=True
    ):
        value.period_year = value.reference_date.year
        value.save(update_fields=["period_year"])


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0006_indicator_series"),
        ("reporting", "0019_pledge_chapters"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorvalue",
            name="period_end",
            field=models.DateField(blank=True, null=True, verbose_name="period ends on"),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="period_start",
            field=models.DateField(blank=True, null=True, verbose_name="period starts on"),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="period_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("period_start__isnull", True),
                    ("period_end__isnull", True),
                    ("period_end__gte", models.F("period_start")),
                    _connector="OR",
                ),
                name="indicator_value_period_in_order",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
