"""Load the report layouts and the IMRF round tables; drop the headings-only report sections.

The layouts (reporting/data/report_layouts.json) now decide each report's chapters. Report
sections stay for what organisations contribute to; those that only named a heading of the
old fixed report (methodology, progress on the objectives, challenges) go. The round tables of
the IMRF 2022 come from the GCM data file; later forums start with the same grouping, which
IOM can change in the admin.
"""

import json
from pathlib import Path

from django.db import migrations

ROOT = Path(__file__).resolve().parent.parent.parent
LAYOUTS = ROOT / "reporting" / "data" / "report_layouts.json"
FRAMEWORK = ROOT / "objectives" / "data" / "gcm_framework.json"


def load(apps, schema_editor):
    ReportLayout = apps.get_model("reporting", "ReportLayout")
    LayoutChapter = apps.get_model("reporting", "LayoutChapter")
    ReportSection = apps.get_model("reporting", "ReportSection")
    RoundTable = apps.get_model("reporting", "RoundTable")
    ReviewCycle = apps.get_model("reporting", "ReviewCycle")
    Objective = apps.get_model("objectives", "Objective")

    sections = {section.code: section for section in ReportSection.objects.all()}
    for item in json.loads(LAYOUTS.read_text(encoding="utf-8"))["layouts"]:
        layout = ReportLayout.objects.create(
            kind=item["kind"],
            title_en=item["title_en"],
            title_ar=item["title_ar"],
            cover_note_en=item.get("cover_note_en", ""),
            cover_note_ar=item.get("cover_note_ar", ""),
        )
        for position, chapter in enumerate(item["chapters"], start=1):
            LayoutChapter.objects.create(
                layout=layout,
                position=position * 10,
                code=chapter["code"],
                kind=chapter["kind"],
                title_en=chapter["title_en"],
                title_ar=chapter["title_ar"],
                guidance_en=chapter.get("guidance_en", ""),
                guidance_ar=chapter.get("guidance_ar", ""),
                section=sections.get(chapter.get("section", "")),
                word_limit=chapter.get("word_limit"),
                group_by_round_table=chapter.get("group_by_round_table", False),
            )
    ReportSection.objects.filter(collects_submissions=False).delete()

    grouping = json.loads(FRAMEWORK.read_text(encoding="utf-8"))["imrf_round_tables"]["imrf-2022"]
    objectives = {o.number: o for o in Objective.objects.all()}
    for cycle in ReviewCycle.objects.filter(kind="imrf"):
        for table in grouping:
            round_table = RoundTable.objects.create(cycle=cycle, number=table["round_table"])
            round_table.objectives.set([objectives[n] for n in table["objectives"]])


def unload(apps, schema_editor):
    apps.get_model("reporting", "RoundTable").objects.all().delete()
    apps.get_model("reporting", "ReportLayout").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0011_report_chapters_layouts_validation"),
        ("objectives", "0003_short_text_without_bidi_controls"),
    ]

    operations = [migrations.RunPython(load, unload)]
