"""Load the report headings from reporting/data/report_sections.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "report_sections.json"


def load_sections(apps, schema_editor):
    ReportSection = apps.get_model("reporting", "ReportSection")
    for item in json.loads(DATA.read_text(encoding="utf-8"))["sections"]:
        ReportSection.objects.create(
            code=item["code"],
            position=item["position"],
            title_en=item["title_en"],
            title_ar=item["title_ar"],
            guidance_en=item["guidance_en"],
            guidance_ar=item["guidance_ar"],
            for_regional=item["regional"],
            for_imrf=item["imrf"],
            collects_submissions=item["collects"],
        )


def unload_sections(apps, schema_editor):
    apps.get_model("reporting", "ReportSection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_submissions")]

    operations = [migrations.RunPython(load_sections, unload_sections)]
