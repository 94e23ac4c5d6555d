from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import ENGINE_NAMES, BackupError, BackupRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Check a backup against its manifest, restore it into an empty database and media "
        "folder, and check the restored row counts and files against the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup directory")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of the configured one, "
            "e.g. postgres://user@host:5432/name or sqlite:////path/to/db.sqlite3",
        )
        parser.add_argument(
            "--media-root", type=Path, help="restore the media files here instead of MEDIA_ROOT"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="restore over a database and media folder that are not empty: DROPS everything "
            "in the database (the public schema, on PostgreSQL) and overwrites media files of "
            "the same name",
        )

    def handle(self, *args, **options):
        try:
            restored = backup_restore(
                source=options["backup"],
                database_url=options["database_url"],
                media_root=options["media_root"],
                replace=options["replace"],
            )
        except BackupRefused as error:
            raise CommandError(f"{error}\nNothing was changed.") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"The backup matches its manifest ({restored.checked_files} files checked)."
        )
        self.stdout.write(
            f"Database restored into {restored.database} ({ENGINE_NAMES[restored.engine]}): "
            f"{restored.tables} tables, {restored.rows} rows."
        )
        self.stdout.write(
            f"Media files restored into {restored.media_root}: {restored.media_files}."
        )
        self.stdout.write(self.style.SUCCESS("Every row count and checksum matches the backup."))
        if restored.migrations_pending:
            self.stdout.write(
                self.style.WARNING(
                    "This release has newer migrations than the backup: "
                    "run `python manage.py migrate` before starting the portal."
                )
            )
