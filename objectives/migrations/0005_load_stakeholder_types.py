"""Load the stakeholder types of GCM paragraph 44 from objectives/data/: the English as the
resolution writes it (its first letter raised for a title), the Arabic a working translation
until an administrator loads the official text."""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    StakeholderType = apps.get_model("objectives", "StakeholderType")
    framework = json.loads((DATA_DIR / "gcm_framework.json").read_text(encoding="utf-8"))
    arabic = json.loads((DATA_DIR / "gcm_framework_ar.json").read_text(encoding="utf-8"))
    for position, code in enumerate(framework["stakeholder_types_para_44"], start=1):
        StakeholderType.objects.update_or_create(
            code=code,
            defaults={
                "title_en": code[0].upper() + code[1:],
                "title_ar": arabic["stakeholder_types_para_44"].get(code, ""),
                "arabic_status": "working",
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("objectives", "StakeholderType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("objectives", "0004_stakeholder_types")]

    operations = [migrations.RunPython(load, unload)]
