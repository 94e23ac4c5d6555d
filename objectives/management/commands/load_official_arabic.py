"""manage.py load_official_arabic FILE: the official Arabic titles of the GCM's objectives,
guiding principles and stakeholder types (A/RES/73/195), replacing the working translations.

The file has the format of objectives/data/gcm_framework_ar.json; it may hold some sections
or entries only. Nothing is loaded if any entry is wrong.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from objectives.services import OfficialTextRefused, official_arabic_load


class Command(BaseCommand):
    help = "Load the official Arabic titles of the GCM (objectives, principles, stakeholders)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file in the format of gcm_framework_ar.json")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            counts = official_arabic_load(data)
        except OfficialTextRefused as refused:
            raise CommandError(
                "Nothing was loaded:\n" + "\n".join(f"- {p}" for p in refused.problems)
            ) from refused
        loaded = ", ".join(f"{count} {what}" for what, count in counts.items() if count)
        self.stdout.write(
            self.style.SUCCESS(f"Official Arabic text loaded: {loaded or 'nothing'}.")
        )
