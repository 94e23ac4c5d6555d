"""The IMRF 2026 took place on 5-8 May 2026 at UN Headquarters, New York.

Databases loaded before the dates were announced still hold "2026 (date to confirm)".
"""

import datetime

from django.db import migrations

STARTS_ON = datetime.date(2026, 5, 5)
ENDS_ON = datetime.date(2026, 5, 8)


def set_dates(apps, schema_editor):
    ReviewCycle = apps.get_model("reporting", "ReviewCycle")
    ReviewCycle.objects.filter(code="imrf-2026").update(
        starts_on=STARTS_ON, ends_on=ENDS_ON, dates_note=""
    )


def unset_dates(apps, schema_editor):
    ReviewCycle = apps.get_model("reporting", "ReviewCycle")
    ReviewCycle.objects.filter(code="imrf-2026").update(
        starts_on=None, ends_on=None, dates_note="2026 (date to confirm)"
    )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_data_transfers")]

    operations = [migrations.RunPython(set_dates, unset_dates)]
