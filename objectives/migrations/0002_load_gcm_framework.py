"""Load the GCM framework (A/RES/73/195) from objectives/data/ into the database.

The English titles are the official text. The Arabic titles are working translations,
marked as such until an administrator loads the official Arabic text.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def action_letters(letter_range: str) -> list[str]:
    first, last = letter_range.split("-")
    return [chr(code) for code in range(ord(first), ord(last) + 1)]


def load_framework(apps, schema_editor):
    Objective = apps.get_model("objectives", "Objective")
    Action = apps.get_model("objectives", "Action")
    Principle = apps.get_model("objectives", "Principle")
    SdgIndicator = apps.get_model("objectives", "SdgIndicator")

    framework = json.loads((DATA_DIR / "gcm_framework.json").read_text(encoding="utf-8"))
    arabic = json.loads((DATA_DIR / "gcm_framework_ar.json").read_text(encoding="utf-8"))

    objectives = {}
    for item in framework["objectives"]:
        translation = arabic["objectives"][str(item["number"])]
        objective = Objective.objects.create(
            number=item["number"],
            title_en=item["title_en"],
            title_ar=translation["title_ar"],
            short_label_en=item["short_label_en"],
            short_label_ar=translation["short_label_ar"],
            commitment_paragraph=item["commitment_paragraph"],
            arabic_status="working",
        )
        letters = action_letters(item["action_letters"])
        if len(letters) != item["action_count"]:
            raise ValueError(f"Objective {item['number']}: letters and action count disagree")
        Action.objects.bulk_create(Action(objective=objective, letter=x) for x in letters)
        objectives[item["number"]] = objective

    for item in framework["guiding_principles"]:
        Principle.objects.create(
            letter=item["letter"],
            paragraph=item["paragraph"],
            title_en=item["title_en"],
            title_ar=arabic["guiding_principles"][item["letter"]]["title_ar"],
            arabic_status="working",
        )

    for item in framework["sdg_indicators"]:
        indicator = SdgIndicator.objects.create(
            code=item["code"],
            name_en=item["name"],
            name_ar=arabic["sdg_indicators"][item["code"]]["name_ar"],
        )
        indicator.suggested_objectives.set(
            [objectives[number] for number in item["suggested_objectives"]]
        )


def unload_framework(apps, schema_editor):
    for model in ("SdgIndicator", "Principle", "Action", "Objective"):
        apps.get_model("objectives", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("objectives", "0001_initial")]

    operations = [migrations.RunPython(load_framework, unload_framework)]
