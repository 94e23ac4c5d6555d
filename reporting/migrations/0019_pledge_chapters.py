"""Reports print the pledge register: a "Pledges and their implementation" chapter and an annex.

The IMRF and voluntary-review layouts' "Pledges and next steps" chapter becomes that chapter
(its written text and the contributions it printed stay); the regional layout gains one before
its next steps; every layout gains the annex. Layouts created from report_layouts.json after
it changed already have them.
"""

import json
from pathlib import Path

from django.db import migrations

LAYOUTS = Path(__file__).resolve().parent.parent / "data" / "report_layouts.json"
CODES = ("pledges", "annex-pledges")
OLD_TITLE = "Pledges and next steps"


def add_chapters(apps, schema_editor):
    ReportLayout = apps.get_model("reporting", "ReportLayout")
    LayoutChapter = apps.get_model("reporting", "LayoutChapter")
    for item in json.loads(LAYOUTS.read_text(encoding="utf-8"))["layouts"]:
        layout = ReportLayout.objects.filter(kind=item["kind"]).first()
        if layout is None:
            continue
        existing = {
            chapter.code: chapter for chapter in LayoutChapter.objects.filter(layout=layout)
        }
        previous = None
        for chapter in item["chapters"]:
            if chapter["code"] in CODES:
                found = existing.get(chapter["code"])
                if found is None:
                    after = existing.get(previous)
                    LayoutChapter.objects.create(
                        layout=layout,
                        position=(after.position if after else 0) + 5,
                        code=chapter["code"],
                        kind=chapter["kind"],
                        title_en=chapter["title_en"],
                        title_ar=chapter["title_ar"],
                        guidance_en=chapter.get("guidance_en", ""),
                        guidance_ar=chapter.get("guidance_ar", ""),
                        word_limit=chapter.get("word_limit"),
                    )
                elif found.kind == "text":
                    found.kind = chapter["kind"]
                    if found.title_en == OLD_TITLE:
                        found.title_en, found.title_ar = chapter["title_en"], chapter["title_ar"]
                    found.save()
            if chapter["code"] in existing:
                previous = chapter["code"]


def remove_chapters(apps, schema_editor):
    """The chapters stay when going back: an older portal prints an unknown kind as plain
    text, and going forward again finds them in place."""


class Migration(migrations.Migration):
    dependencies = [("reporting", "0018_pledges")]

    operations = [migrations.RunPython(add_chapters, remove_chapters)]
