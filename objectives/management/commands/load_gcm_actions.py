"""manage.py load_gcm_actions FILE: the official English and Arabic texts of the GCM's lettered
actions (A/RES/73/195, paragraphs 17-39), from a UTF-8 CSV file with the columns number,
letter, text_en, text_ar (objectives/data/gcm_actions_sample.csv shows the format with two
placeholder rows). Nothing is loaded if any line is wrong.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from objectives.services import ActionTextsRefused, action_texts_load, action_texts_read


class Command(BaseCommand):
    help = "Load the official texts of the GCM's lettered actions from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV: number, letter, text_en, text_ar")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            loaded = action_texts_load(action_texts_read(content))
        except ActionTextsRefused as refused:
            raise CommandError(
                "Nothing was loaded:\n" + "\n".join(f"- {p}" for p in refused.problems)
            ) from refused
        self.stdout.write(self.style.SUCCESS(f"Texts loaded for {loaded} GCM actions."))
