"""The hostile corpus (hostile_corpus.py) through the real upload paths, the progress form and
the API, signed in as the organisation's focal point (alice). Each file is refused with a
message that says why and leaves nothing behind, or is stored under a clean name as the type
its content really is and only ever served as an attachment. Nothing is written outside
MEDIA_ROOT, and nothing a hostile name or entity points at is ever opened.
"""

import html
import os
import re
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils.html import escape
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reporting.evidence import ALLOWED_TYPES, MAX_NAME_CHARS, WINDOWS_RESERVED_NAMES
from reporting.models import Evidence
from tests.builders import start_draft
from tests.security.hostile_corpus import CORPUS, NEUTRALISED, REJECTED, HostileFile

pytestmark = pytest.mark.django_db

SANDBOX_POLICY = "default-src 'none'; sandbox"
NEVER_SERVED = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml"}
SAVED_PROGRESS = "Referral pathways were set up in Ninewa and Basra."
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
# What hostile names and entities point at: the portal must never open them.
TARGETS = ("/etc/passwd", "/etc/cron.d", "system32")
BOUNDARY = "hostile-corpus-7d1f"
FORM_ERROR = re.compile(r'<p class="field-error"[^>]*role="alert">(.*?)</p>', re.DOTALL)


class FileOpens:
    """Files the process opens while a test watches. An audit hook cannot be removed, so one
    is added for the whole run and records only while `watching` is a list."""

    watching: list[tuple[str, int]] | None = None

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if event == "open" and cls.watching is not None and isinstance(args[0], str | bytes):
            cls.watching.append((os.fsdecode(args[0]), args[2] or 0))


sys.addaudithook(FileOpens.hook)


@contextmanager
def file_opens():
    FileOpens.watching = opened = []
    try:
        yield opened
    finally:
        FileOpens.watching = None


@pytest.fixture
def disk(settings, tmp_path):
    """MEDIA_ROOT and the upload folder deep in a sandbox, so that a path climbing out of
    them lands where the test looks."""
    media = tmp_path / "srv" / "portal" / "media"
    uploads = tmp_path / "srv" / "portal" / "uploads"
    media.mkdir(parents=True)
    uploads.mkdir()
    settings.MEDIA_ROOT = media
    settings.FILE_UPLOAD_TEMP_DIR = uploads
    return SimpleNamespace(sandbox=tmp_path, media=media, uploads=uploads)


@pytest.fixture
def draft(alice, open_cycle, momd):
    return start_draft(alice, open_cycle, momd)


def multipart(hostile: HostileFile) -> dict:
    """The request a browser sends: the name as typed (quotes and line breaks
    percent-encoded, as the HTML standard has it), the type it claims, the bytes."""
    name = hostile.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {hostile.content_type}\r\n\r\n"
    ).encode()
    return {
        "data": head + hostile.data + f"\r\n--{BOUNDARY}--\r\n".encode(),
        "content_type": f"multipart/form-data; boundary={BOUNDARY}",
    }


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda hostile: hostile.key)
def test_each_hostile_file_is_refused_or_neutralised(hostile, alice, draft, disk):
    through_the_form(hostile, alice, draft, disk)
    through_the_api(hostile, alice, draft, disk)


def through_the_form(hostile: HostileFile, alice, draft, disk) -> None:
    browser = Client()
    browser.force_login(alice)
    response, written = send(browser, f"/submissions/{draft.pk}/evidence/", hostile, disk)
    if hostile.outcome == REJECTED:
        assert response.status_code == 400
        page = response.content.decode()
        errors = [html.unescape(error) for error in FORM_ERROR.findall(page)]
        assert any(re.search(hostile.reason, error) for error in errors), errors
        assert SAVED_PROGRESS in page  # the page comes back whole, the draft as saved
        assert_left_nothing(draft, written)
        return
    assert response.status_code == 302
    evidence = Evidence.objects.get(submission=draft)
    assert_stored_safely(hostile, evidence, disk, written)
    for prefix in ("", "/api/v1"):
        download = browser.get(f"{prefix}/evidence/{evidence.pk}/download/")
        assert_served_as_attachment(download, hostile)


def through_the_api(hostile: HostileFile, alice, draft, disk) -> None:
    token, _created = Token.objects.get_or_create(user=alice)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response, written = send(api, f"/api/v1/submissions/{draft.pk}/evidence/", hostile, disk)
    if hostile.outcome == REJECTED:
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid"
        assert error["message"]
        assert any(re.search(hostile.reason, message) for message in error["fields"]["file"])
        assert_left_nothing(draft, written)
        return
    assert response.status_code == 201
    attached = response.json()
    evidence = Evidence.objects.get(pk=attached["id"], submission=draft)
    assert attached["name"] == evidence.original_name
    assert attached["content_type"] == ALLOWED_TYPES[hostile.stored_as]
    assert_stored_safely(hostile, evidence, disk, written)
    assert_served_as_attachment(api.get(attached["download_url"]), hostile)


def test_the_form_shows_the_cleaned_names_as_text(alice, draft, disk):
    browser = Client()
    browser.force_login(alice)
    for hostile in CORPUS:
        if hostile.outcome == NEUTRALISED:
            browser.post(f"/submissions/{draft.pk}/evidence/", **multipart(hostile))
    page = browser.get(f"/submissions/{draft.pk}/edit/").content.decode()
    names = [evidence.original_name for evidence in Evidence.objects.filter(submission=draft)]
    assert len(names) == len([hostile for hostile in CORPUS if hostile.outcome == NEUTRALISED])
    assert all(escape(name) in page for name in names)
    assert "<img src=x" not in page


def test_the_corpus_is_large_and_covers_both_outcomes():
    assert len(CORPUS) >= 25
    assert len({hostile.key for hostile in CORPUS}) == len(CORPUS)
    assert {hostile.outcome for hostile in CORPUS} == {REJECTED, NEUTRALISED}
    for hostile in CORPUS:
        assert hostile.description
        if hostile.outcome == REJECTED:
            assert hostile.reason and not hostile.stored_as
        else:
            assert hostile.stored_as in ALLOWED_TYPES and not hostile.reason


# --- sending, and what each upload must leave behind -------------------------------------


def send(client, url: str, hostile: HostileFile, disk) -> tuple:
    """Post the file; return the response and the files it left in the sandbox."""
    before = set(files_in(disk.sandbox))
    with file_opens() as opened:
        response = client.post(url, **multipart(hostile))
    assert_no_escape(disk, opened)
    return response, sorted(set(files_in(disk.sandbox)) - before)


def assert_left_nothing(draft, written: list[Path]) -> None:
    assert not Evidence.objects.filter(submission=draft).exists()
    assert written == []


def assert_stored_safely(hostile: HostileFile, evidence: Evidence, disk, written) -> None:
    """Under a random name in MEDIA_ROOT, typed by content, the user's name cleaned."""
    extension = hostile.stored_as
    stored = Path(evidence.file.path)
    assert written == [stored]
    folder, *_date, name = stored.relative_to(disk.media).parts
    assert folder == "evidence"
    assert re.fullmatch(rf"[0-9a-f]{{32}}\.{extension}", name)
    assert stored.read_bytes() == hostile.data
    assert evidence.content_type == ALLOWED_TYPES[extension]
    assert_clean_name(evidence.original_name, extension)
    if hostile.stored_name:
        assert evidence.original_name == hostile.stored_name


def assert_clean_name(name: str, extension: str) -> None:
    stem, dot, ending = name.rpartition(".")
    assert dot and ending == extension
    assert 0 < len(stem) <= MAX_NAME_CHARS
    assert not set('/\\:<>"|?*%&') & set(name)
    assert ".." not in name and not name.startswith((".", " ", "-"))
    assert all(unicodedata.category(char)[0] != "C" for char in name)
    assert stem.split(".", 1)[0].upper() not in WINDOWS_RESERVED_NAMES


def assert_served_as_attachment(response, hostile: HostileFile) -> None:
    assert response.status_code == 200
    content_type = response["Content-Type"]
    assert content_type == ALLOWED_TYPES[hostile.stored_as]
    assert content_type not in NEVER_SERVED
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert b"".join(response.streaming_content) == hostile.data


def assert_no_escape(disk, opened) -> None:
    """Writes only into MEDIA_ROOT and the upload folder; no hostile target ever opened."""
    allowed = (disk.media.resolve(), disk.uploads.resolve())
    written = {Path(path).resolve() for path, flags in opened if flags & WRITING}
    assert {path for path in written if not any(map(path.is_relative_to, allowed))} == set()
    assert [path for path, _flags in opened if any(target in path for target in TARGETS)] == []


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())
