"""Load the review cycles from the GCM data file and the national cycle schedule."""

import datetime
import json
import re
from pathlib import Path

from django.db import migrations

ROOT = Path(__file__).resolve().parent.parent.parent
FRAMEWORK = ROOT / "objectives" / "data" / "gcm_framework.json"
ARABIC = ROOT / "objectives" / "data" / "gcm_framework_ar.json"
SCHEDULE = ROOT / "reporting" / "data" / "cycle_schedule.json"
DATE_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


def parse_dates(text: str) -> tuple[datetime.date | None, datetime.date | None, str]:
    """Return (starts_on, ends_on, note): exact dates when known, else the text as a note."""
    match = DATE_RANGE.match(text)
    if not match:
        return None, None, text
    starts, ends = (datetime.date.fromisoformat(value) for value in match.groups())
    return starts, ends, ""


def load_cycles(apps, schema_editor):
    ReviewCycle = apps.get_model("reporting", "ReviewCycle")
    framework = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    arabic = json.loads(ARABIC.read_text(encoding="utf-8"))["review_cycles"]
    schedule = json.loads(SCHEDULE.read_text(encoding="utf-8"))["cycles"]

    for item in framework["review_cycles"]:
        code = item["code"]
        starts_on, ends_on, dates_note = parse_dates(item["dates"])
        deadline = schedule[code]["submission_deadline"]
        venue = item["venue"]
        ReviewCycle.objects.create(
            code=code,
            kind=item["kind"],
            year=int(code.rsplit("-", 1)[1]),
            title_en=item["title_en"],
            title_ar=arabic[code]["title_ar"],
            region_en=item.get("region", ""),
            region_ar=arabic[code].get("region_ar", ""),
            venue_en=venue[:1].upper() + venue[1:],
            venue_ar=arabic[code]["venue_ar"],
            organisers=item.get("organisers", ""),
            starts_on=starts_on,
            ends_on=ends_on,
            dates_note=dates_note,
            submission_deadline=datetime.date.fromisoformat(deadline) if deadline else None,
            state=schedule[code]["state"],
        )


def unload_cycles(apps, schema_editor):
    apps.get_model("reporting", "ReviewCycle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load_cycles, unload_cycles)]
