"""Backups of the database and the media files, and restoring them, checked by a manifest.

A backup is one directory, named by default after the UTC time it was taken:

    database.dump      PostgreSQL: `pg_dump --format=custom` (database.sqlite3 for SQLite)
    media/...          a copy of MEDIA_ROOT: evidence files, report PDFs, imported spreadsheets
    manifest.json      written last, so a directory without it is an unfinished backup

The manifest holds the size and SHA-256 of every other file, the row count of every table and
the latest applied migration of every app. A directory rather than one archive: every file can
be checked without unpacking anything, and copies kept off the host (rsync, restic, borg) move
only the media files that are new.

`backup_restore` checks every file before it changes anything, restores only into an empty
database and media folder unless asked to replace them, and afterwards counts the rows and
hashes the media files again. Both engines restore into their own kind only: a PostgreSQL dump
into PostgreSQL, a SQLite copy into a SQLite file.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler

FORMAT = "gcm-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Connection options that the PostgreSQL client programs read from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
CHUNK = 1024 * 1024
MAX_LISTED_PROBLEMS = 20
AGAIN = "Fix the cause and restore again, with --replace if the target is no longer empty."


class BackupError(Exception):
    """A backup or restore failed, or the restored data differs from the backup."""


class BackupRefused(BackupError):
    """A backup or restore refused to start; it changed nothing."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class RestoreSummary:
    engine: str
    database: str
    checked_files: int
    tables: int
    rows: int
    media_root: Path
    media_files: int
    migrations_pending: bool


def backup_default_path(*, now: datetime | None = None) -> Path:
    """DATA_DIR/backups/<UTC time>, e.g. var/backups/2026-05-04T021500Z."""
    now = now or datetime.now(UTC)
    return Path(settings.DATA_DIR) / "backups" / now.strftime("%Y-%m-%dT%H%M%SZ")


def backup_create(*, output: Path | None = None) -> BackupSummary:
    """Back up the default database and MEDIA_ROOT into a new, or empty, directory."""
    now = datetime.now(UTC)
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    engine = _engine(connections[DEFAULT_DB_ALIAS])
    media_root = Path(settings.MEDIA_ROOT)
    target = Path(output) if output else backup_default_path(now=now)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(f"{target} already exists and is not empty; choose a new directory.")
    if target.resolve().is_relative_to(media_root.resolve()):
        raise BackupRefused(f"{target} is inside MEDIA_ROOT ({media_root}); choose another place.")
    pg_dump = _client_program("pg_dump") if engine == "postgresql" else ""

    created = not target.exists()
    # Backups hold personal data and password hashes: readable by their owner only.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        database_file = DATABASE_FILES[engine]
        row_counts, migrations = _copy_database(engine, database, target / database_file, pg_dump)
        files = {database_file: _file_entry(target / database_file)}
        # Media after the database: every file the dump refers to is copied (files added
        # meanwhile are harmless extras).
        files.update(_copy_media(media_root, target / MEDIA))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "migrations": migrations,
            "database": {"engine": engine, "file": database_file},
            "row_counts": row_counts,
            "files": files,
        }
        (target / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except BaseException:
        _discard(target, created=created)
        raise

    media = [entry for name, entry in files.items() if name.startswith(f"{MEDIA}/")]
    return BackupSummary(
        path=target,
        engine=engine,
        tables=len(row_counts),
        rows=sum(row_counts.values()),
        media_files=len(media),
        media_bytes=sum(entry["size"] for entry in media),
        total_bytes=sum(entry["size"] for entry in files.values()),
    )


def backup_verify(*, source: Path) -> dict:
    """Read a backup's manifest and check every file against it; return the manifest."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not source.is_dir():
        raise BackupRefused(f"{source} is not a directory.")
    if not manifest_path.is_file():
        raise BackupRefused(
            f"{source} has no {MANIFEST}: it is not a backup, or the backup did not finish."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupRefused(f"{manifest_path} cannot be read: {error}") from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not all(key in manifest for key in ("migrations", "database", "row_counts", "files"))
    ):
        raise BackupRefused(f"{manifest_path} is not a GCM Progress Portal backup manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(
            f"{manifest_path} has format version {manifest.get('format_version')}; "
            f"this release reads version {FORMAT_VERSION}."
        )

    problems = []
    listed = {manifest_path}
    for name, expected in sorted(manifest["files"].items()):
        path = _member(source, name)
        if path is None:
            problems.append(f"{name}: not a path inside the backup")
            continue
        listed.add(path)
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        actual = _file_entry(path)
        if actual["size"] != expected["size"]:
            problems.append(f"{name}: {actual['size']} bytes, not {expected['size']}")
        elif actual["sha256"] != expected["sha256"]:
            problems.append(f"{name}: its SHA-256 differs from the manifest")
    for path in sorted(source.rglob("*")):
        if path.is_file() and path not in listed:
            problems.append(f"{path.relative_to(source).as_posix()}: not in the manifest")
    if manifest["database"]["file"] not in manifest["files"]:
        problems.append(f"{manifest['database']['file']}: the database is not in the manifest")
    if problems:
        raise BackupRefused(_listed(f"{source} does not match its {MANIFEST}:", problems))
    return manifest


def backup_restore(
    *,
    source: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    replace: bool = False,
) -> RestoreSummary:
    """Restore a checked backup into an empty database and media folder, or over them.

    With `replace`, everything in the target database (its `public` schema, on PostgreSQL) is
    dropped first, and media files of the same name are overwritten; other media files stay.
    """
    source = Path(source)
    manifest = backup_verify(source=source)
    try:
        database = (
            dj_database_url.parse(database_url)
            if database_url
            else dict(connections[DEFAULT_DB_ALIAS].settings_dict)
        )
    except ValueError as error:
        raise BackupRefused(f"The database URL cannot be read: {error}") from error
    media_root = Path(media_root or settings.MEDIA_ROOT)
    backup_engine = manifest["database"]["engine"]
    dump = source / manifest["database"]["file"]

    with _connected(database) as target:
        engine = _engine(target)
        if engine != backup_engine:
            raise BackupRefused(
                f"This backup holds a {ENGINE_NAMES[backup_engine]} database and the target is "
                f"{ENGINE_NAMES[engine]}: a backup restores only into the same engine."
            )
        _refuse_newer_schema(manifest)
        if engine == "postgresql":
            pg_restore = _client_program("pg_restore")
            # Fails on a dump this pg_restore cannot read, before anything is dropped.
            _run([pg_restore, "--list", str(dump)], database)
        try:
            occupied = _occupied(target, media_root)
        except DatabaseError as error:
            raise BackupRefused(f"Cannot connect to {_label(database)}: {error}") from error
        if occupied and not replace:
            raise BackupRefused(
                _listed(
                    "The target is not empty:",
                    occupied,
                    "Restore into a new database and an empty media folder, or pass --replace "
                    "to overwrite them.",
                )
            )
        target.close()

        try:
            if engine == "postgresql":
                _restore_postgresql(target, database, dump, pg_restore, replace=replace)
            else:
                _restore_sqlite(database, dump)
        except (BackupError, DatabaseError, sqlite3.Error) as error:
            raise BackupError(f"{error}\n{AGAIN}") from error
        media = {
            name: expected
            for name, expected in manifest["files"].items()
            if name.startswith(f"{MEDIA}/")
        }
        for name in media:
            destination = media_root / PurePosixPath(name).relative_to(MEDIA)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, destination)

        row_counts = _row_counts(target)
        problems = _count_differences(manifest["row_counts"], row_counts)
        for name, expected in sorted(media.items()):
            restored = media_root / PurePosixPath(name).relative_to(MEDIA)
            if _file_entry(restored) != expected:
                problems.append(f"{restored}: differs from the backup after copying")
    if problems:
        raise BackupError(
            _listed(
                f"The restore into {_label(database)} does not match the backup:",
                problems,
                AGAIN,
            )
        )
    return RestoreSummary(
        engine=engine,
        database=_label(database),
        checked_files=len(manifest["files"]),
        tables=len(row_counts),
        rows=sum(row_counts.values()),
        media_root=media_root,
        media_files=len(media),
        migrations_pending=_migrations_pending(manifest),
    )


# --- the database ---------------------------------------------------------------------------


@contextmanager
def _connected(database: dict) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to `database` (settings as in DATABASES), closed afterwards."""
    wrapper = ConnectionHandler({DEFAULT_DB_ALIAS: dict(database)})[DEFAULT_DB_ALIAS]
    try:
        yield wrapper
    finally:
        wrapper.close()


def _engine(wrapper: BaseDatabaseWrapper) -> str:
    if wrapper.vendor not in DATABASE_FILES:
        raise BackupRefused(f"Backups support PostgreSQL and SQLite, not {wrapper.vendor}.")
    return wrapper.vendor


def _label(database: dict) -> str:
    return str(database["NAME"])


def _row_counts(wrapper: BaseDatabaseWrapper) -> dict[str, int]:
    with wrapper.cursor() as cursor:
        counts = {}
        for table in wrapper.introspection.table_names(cursor):
            # The table names come from the database's own catalogue.
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def _latest_migrations(wrapper: BaseDatabaseWrapper, tables: dict[str, int]) -> dict[str, str]:
    if "django_migrations" not in tables:
        return {}
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def _copy_database(engine: str, database: dict, path: Path, pg_dump: str) -> tuple[dict, dict]:
    """Write the database to `path`; return its row counts and latest migrations."""
    try:
        if engine == "postgresql":
            return _dump_postgresql(database, path, pg_dump)
        return _copy_sqlite(database, path)
    except (DatabaseError, sqlite3.Error) as error:
        raise BackupError(f"The database {_label(database)} cannot be read: {error}") from error


def _dump_postgresql(database: dict, path: Path, pg_dump: str) -> tuple[dict, dict]:
    with _connected(database) as wrapper:
        # Count the rows in the very snapshot that pg_dump dumps, so the manifest matches the
        # dump even while the portal keeps writing.
        wrapper.set_autocommit(False)
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            row_counts = _row_counts(wrapper)
            migrations = _latest_migrations(wrapper, row_counts)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                database,
            )
        finally:
            wrapper.rollback()
    return row_counts, migrations


def _copy_sqlite(database: dict, path: Path) -> tuple[dict, dict]:
    source_path = Path(database["NAME"])
    if not source_path.is_file():
        raise BackupRefused(f"The SQLite database {source_path} does not exist.")
    # The online backup API copies a consistent state even while the portal writes.
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
        # One self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    with _connected({"ENGINE": "django.db.backends.sqlite3", "NAME": path}) as wrapper:
        row_counts = _row_counts(wrapper)
        return row_counts, _latest_migrations(wrapper, row_counts)


def _occupied(target: BaseDatabaseWrapper, media_root: Path) -> list[str]:
    """What is already in the target: tables in the database, files in the media folder."""
    occupied = []
    # Connecting to a SQLite path would create the file; a missing file is an empty database.
    if target.vendor != "sqlite" or Path(target.settings_dict["NAME"]).exists():
        with target.cursor() as cursor:
            tables = target.introspection.table_names(cursor)
        if tables:
            label = _label(target.settings_dict)
            occupied.append(f"the database {label} has {len(tables)} tables")
    if media_root.is_dir():
        files = sum(1 for path in media_root.rglob("*") if path.is_file())
        if files:
            occupied.append(f"the media folder {media_root} has {files} files")
    return occupied


def _restore_postgresql(
    target: BaseDatabaseWrapper, database: dict, dump: Path, pg_restore: str, *, replace: bool
) -> None:
    if replace:
        with target.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        target.close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        database,
    )


def _restore_sqlite(database: dict, copy: Path) -> None:
    target_path = Path(database["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    read_only = f"{copy.resolve().as_uri()}?mode=ro"
    # The backup API replaces the whole target database in one step, write-ahead log included.
    with (
        closing(sqlite3.connect(read_only, uri=True)) as source,
        closing(sqlite3.connect(target_path, timeout=20)) as target,
    ):
        source.backup(target)


def _count_differences(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            problems.append(f"table {table}: missing after the restore")
        elif table not in expected:
            problems.append(f"table {table}: not in the backup")
        elif actual[table] != expected[table]:
            problems.append(f"table {table}: {actual[table]} rows, not {expected[table]}")
    return problems


def _refuse_newer_schema(manifest: dict) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    ]
    if unknown:
        raise BackupRefused(
            "The backup comes from a newer release: this release does not have its migrations "
            f"{', '.join(unknown)}. Restore it with the release that made it, or a newer one."
        )


def _migrations_pending(manifest: dict) -> bool:
    """Whether this release has migrations newer than the backup's (`migrate` applies them)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return any(name > manifest["migrations"].get(app, "") for app, name in graph.leaf_nodes())


def _client_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(
            f"{name} was not found on PATH. Install the PostgreSQL client programs "
            "(Debian and Ubuntu: apt-get install postgresql-client), of the server's major "
            "version or newer."
        )
    return path


def _run(command: list[str], database: dict) -> None:
    """Run a PostgreSQL client program against `database`; the password goes by environment."""
    values = {
        "PGHOST": database["HOST"],
        "PGPORT": database["PORT"],
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
        "PGDATABASE": database["NAME"],
    }
    options = database.get("OPTIONS") or {}
    values.update({variable: options.get(option) for option, variable in LIBPQ_OPTIONS.items()})
    environment = os.environ | {name: str(value) for name, value in values.items() if value}
    # The program is the absolute path shutil.which found; no shell is involved.
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise BackupError(f"{Path(command[0]).name} failed (exit {result.returncode}): {output}")


# --- files ----------------------------------------------------------------------------------


def _file_entry(path: Path) -> dict:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _copy_media(media_root: Path, target: Path) -> dict[str, dict]:
    files = {}
    if not media_root.is_dir():
        return files
    for folder, folders, names in os.walk(media_root):
        folders.sort()
        for name in sorted(names):
            source = Path(folder, name)
            if not source.is_file():
                continue
            relative = source.relative_to(media_root)
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            files[f"{MEDIA}/{relative.as_posix()}"] = _file_entry(destination)
    return files


def _member(source: Path, name: str) -> Path | None:
    """The file `name` of the manifest inside the backup, or None if it points elsewhere."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return source.joinpath(*relative.parts)


def _discard(target: Path, *, created: bool) -> None:
    """Remove an unfinished backup: the directory if this run created it, else its contents."""
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _listed(heading: str, problems: list[str], advice: str = "") -> str:
    lines = [heading, *(f"  - {problem}" for problem in problems[:MAX_LISTED_PROBLEMS])]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"  ... and {len(problems) - MAX_LISTED_PROBLEMS} more")
    if advice:
        lines.append(advice)
    return "\n".join(lines)
