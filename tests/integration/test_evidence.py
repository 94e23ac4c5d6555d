"""Evidence files: the type comes from the content, and downloads are attachments."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reporting.evidence import EvidenceRejected, clean_file_name
from reporting.services.submissions import submission_transition
from reporting.services.uploads import evidence_add, evidence_remove
from tests.builders import start_draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def docx_bytes(extra_size: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" + " " * extra_size)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(alice, open_cycle, momd):
    return start_draft(alice, open_cycle, momd)


def attach(user, submission, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return evidence_add(user=user, submission_id=submission.pk, upload=upload)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "notes.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("misnamed.txt", PDF, "application/pdf"),
    ],
)
def test_accepted_files_are_typed_by_content_and_hashed(alice, draft, name, data, content_type):
    evidence = attach(alice, draft, name, data)
    assert evidence.content_type == content_type
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.size == len(data)
    assert evidence.file.read() == data
    assert name.rsplit(".", 1)[0] in evidence.original_name


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.pdf", b"", "empty"),
        ("page.docx", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("tool.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not accepted"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "not accepted|damaged"),
    ],
)
def test_refused_files_say_why_and_store_nothing(alice, draft, name, data, reason):
    with pytest.raises(EvidenceRejected, match=reason):
        attach(alice, draft, name, data)
    assert not draft.evidence.exists()


def test_oversized_and_expanding_files_are_refused(alice, draft, settings, monkeypatch):
    monkeypatch.setattr("reporting.evidence.MAX_EVIDENCE_BYTES", 1000)
    with pytest.raises(EvidenceRejected, match="larger than"):
        attach(alice, draft, "big.pdf", PDF + b"0" * 2000)
    monkeypatch.setattr("reporting.evidence.MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(EvidenceRejected, match="unreasonable"):
        attach(alice, draft, "bomb.docx", docx_bytes(extra_size=50_000))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\تقرير الوزارة.pdf", "تقرير الوزارة.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("", "evidence.pdf"),
    ],
)
def test_file_names_are_cleaned(given, expected):
    assert clean_file_name(given, "pdf") == expected


def test_download_is_an_attachment_for_those_who_may_see_it(alice, bob, draft):
    evidence = attach(alice, draft, "report.pdf", PDF)
    own = Client()
    own.force_login(alice)
    response = own.get(f"/evidence/{evidence.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    other = Client()
    other.force_login(bob)
    assert other.get(f"/evidence/{evidence.pk}/download/").status_code == 404


def test_removed_evidence_leaves_the_draft_but_stays_with_revisions(alice, draft):
    evidence = attach(alice, draft, "report.pdf", PDF)
    submission_transition(user=alice, submission_id=draft.pk, action="submit")
    revision = draft.revisions.get()
    assert revision.content["evidence"][0]["sha256"] == evidence.sha256
    submission_transition(user=alice, submission_id=draft.pk, action="withdraw")
    evidence_remove(user=alice, evidence_id=evidence.pk)
    assert not draft.evidence.filter(removed_at__isnull=True).exists()
    evidence.refresh_from_db()
    assert evidence.file.read() == PDF


def test_upload_page_shows_the_reason_and_keeps_the_form(alice, draft):
    client = Client()
    client.force_login(alice)
    response = client.post(
        f"/submissions/{draft.pk}/evidence/",
        {"file": SimpleUploadedFile("page.docx", b"<html></html>")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This type of file is not accepted" in html
    assert "Referral pathways were set up" in html
