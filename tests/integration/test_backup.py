"""Backups: a restore into a fresh database and media folder matches the source exactly.

`manage.py backup` dumps the database with pg_dump on PostgreSQL, a separate process, so the
test that compares the data is transactional: its data is committed where pg_dump can see it.
Each restore goes into a database made for the test (a new PostgreSQL database, or a new SQLite
file) and a new media folder, which are then compared with the source table by table and file
by file, through connections of their own rather than the code under test.
"""

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from reporting.models import Evidence, ReportEdition
from reporting.services.uploads import evidence_add
from tests.builders import start_draft
from tests.support import require_service

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def client_programs():
    if connection.vendor == "postgresql":
        for program in ("pg_dump", "pg_restore"):
            if shutil.which(program) is None:
                require_service(program, "PostgreSQL backups run pg_dump and pg_restore")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal_data(media_root, alice, carol, open_cycle, momd, cso):
    """Two drafts, evidence on one of them, and a compiled report's PDF."""
    draft = start_draft(alice, open_cycle, momd)
    start_draft(carol, open_cycle, cso, objective=3)
    for name, data in [("report.pdf", PDF), ("photo.png", PNG)]:
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        evidence_add(user=alice, submission_id=draft.pk, upload=upload)
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="ar", mode="preview"
    )
    edition.pdf.save("regional-ar.pdf", ContentFile(PDF + b"% edition\n"))


def server_url(database: str) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "postgres")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{database}"


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a database that does not exist yet (SQLite) or has no tables (PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"gcm_backup_test_{uuid.uuid4().hex[:12]}"
    server = psycopg2.connect(server_url("postgres"))
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield server_url(name)
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.close()


def table_counts(cursor, vendor: str) -> dict[str, int]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    counts = {}
    for (table,) in cursor.fetchall():
        # The names come from the database's own catalogue.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.vendor)


def counts_at(url: str) -> dict[str, int]:
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            return table_counts(database.cursor(), "sqlite")
    with psycopg2.connect(url) as database, database.cursor() as cursor:
        counts = table_counts(cursor, "postgresql")
    database.close()
    return counts


def execute_at(url: str, *statements: str) -> None:
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            for statement in statements:
                database.execute(statement)
            database.commit()
        return
    with psycopg2.connect(url) as database, database.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    database.close()


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(path: Path) -> Path:
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def restore(path: Path, **options) -> str:
    output = io.StringIO()
    call_command("restore", str(path), stdout=output, **options)
    return output.getvalue()


@transactional
def test_a_restore_into_a_fresh_database_matches_the_source_table_by_table_and_file_by_file(
    portal_data, media_root, fresh_database, tmp_path
):
    backup_dir = backup(tmp_path / "backup")
    restored_media = tmp_path / "restored-media"

    output = restore(backup_dir, database_url=fresh_database, media_root=restored_media)

    source = source_counts()
    assert source["reporting_evidence"] == 2
    assert source["reporting_reportedition"] == 1
    assert source["accounts_user"] == 2
    assert counts_at(fresh_database) == source
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["row_counts"] == source
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["migrations"]["reporting"].startswith("0")

    source_files = checksums(media_root)
    assert len(source_files) == 3
    assert checksums(restored_media) == source_files
    assert {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    } == source_files
    for evidence in Evidence.objects.all():
        restored = restored_media / evidence.file.name
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == evidence.sha256
    assert f"({len(manifest['files'])} files checked)" in output
    assert f"{len(source)} tables, {sum(source.values())} rows." in output
    assert "Every row count and checksum matches the backup." in output


@pytest.mark.django_db
def test_a_backup_that_differs_from_its_manifest_is_refused_before_anything_changes(
    portal_data, tmp_path
):
    # Not transactional, for speed: what matters here are the files, which are on disk.
    backup_dir = backup(tmp_path / "backup")
    evidence = next((backup_dir / "media" / "evidence").rglob("*.pdf"))
    changed = bytearray(evidence.read_bytes())
    changed[-2] ^= 0x01
    evidence.write_bytes(bytes(changed))
    database = next(backup_dir.glob("database.*"))
    database.unlink()
    (evidence.parent / "planted.pdf").write_bytes(PDF)
    before = source_counts()
    restored_media = tmp_path / "restored-media"

    # Even told to replace the portal's own database, the restore touches nothing.
    with pytest.raises(CommandError) as refused:
        restore(backup_dir, media_root=restored_media, replace=True)

    message = str(refused.value)
    assert "does not match its manifest.json" in message
    relative = evidence.relative_to(backup_dir).as_posix()
    assert f"{relative}: its SHA-256 differs from the manifest" in message
    assert f"{database.name}: missing" in message
    assert f"{evidence.parent.relative_to(backup_dir).as_posix()}/planted.pdf: not in" in message
    assert message.endswith("Nothing was changed.")
    assert source_counts() == before
    assert not restored_media.exists()


@pytest.mark.django_db
def test_a_target_that_is_not_empty_is_refused_without_replace_and_replaced_with_it(
    media_root, fresh_database, tmp_path
):
    # Not transactional, for speed: the committed data (the frameworks loaded by migrations)
    # is enough to tell a replaced database from the one it replaced.
    (media_root / "reports").mkdir(parents=True)
    (media_root / "reports" / "regional-en.pdf").write_bytes(PDF)
    backup_dir = backup(tmp_path / "backup")
    restored_media = tmp_path / "restored-media"
    restore(backup_dir, database_url=fresh_database, media_root=restored_media)
    expected = counts_at(fresh_database)
    execute_at(
        fresh_database,
        "CREATE TABLE leftover (id integer)",
        "DELETE FROM django_migrations WHERE app = 'sessions'",
    )
    changed = counts_at(fresh_database)
    assert changed != expected

    with pytest.raises(CommandError, match=r"(?s)The target is not empty.*--replace"):
        restore(backup_dir, database_url=fresh_database, media_root=tmp_path / "other-media")
    assert counts_at(fresh_database) == changed
    assert not (tmp_path / "other-media").exists()

    restore(backup_dir, database_url=fresh_database, media_root=restored_media, replace=True)
    assert counts_at(fresh_database) == expected
    assert checksums(restored_media) == checksums(media_root)


@pytest.mark.django_db
def test_a_backup_restores_only_into_the_same_engine(media_root, tmp_path):
    backup_dir = backup(tmp_path / "backup")
    other_file = tmp_path / "other.sqlite3"
    other_engine = (
        "postgres://nobody@127.0.0.1:1/nothing"
        if connection.vendor == "sqlite"
        else f"sqlite:///{other_file}"
    )

    with pytest.raises(CommandError, match="restores only into the same engine"):
        restore(backup_dir, database_url=other_engine, media_root=tmp_path / "restored-media")
    assert not other_file.exists()


@pytest.mark.django_db
def test_a_backup_refuses_a_directory_that_is_not_empty(media_root, tmp_path):
    output = tmp_path / "backup"
    output.mkdir()
    (output / "notes.txt").write_text("kept")

    with pytest.raises(CommandError, match="already exists and is not empty"):
        backup(output)
    assert [path.name for path in output.iterdir()] == ["notes.txt"]


def test_make_passes_the_backup_directory_and_requires_a_backup_to_restore():
    dry_run = subprocess.run(
        ["make", "-n", "backup", "BACKUP_DIR=/srv/backups/today"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert 'manage.py backup --output "/srv/backups/today"' in dry_run.stdout

    missing = subprocess.run(["make", "restore"], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode != 0
    assert "Usage: make restore BACKUP=" in missing.stderr
