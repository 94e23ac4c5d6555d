from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import ENGINE_NAMES, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into a new directory, with a manifest of "
        "row counts and SHA-256 checksums (default: DATA_DIR/backups/<UTC time>)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="the backup directory to create (new or empty)"
        )

    def handle(self, *args, **options):
        try:
            backup = backup_create(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {backup.path}: {ENGINE_NAMES[backup.engine]} database "
                f"({backup.tables} tables, {backup.rows} rows), media files: {backup.media_files} "
                f"({backup.media_bytes / 1e6:.1f} MB), {backup.total_bytes / 1e6:.1f} MB in all."
            )
        )
