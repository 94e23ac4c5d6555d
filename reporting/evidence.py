"""Checks on uploaded evidence files: the type comes from the content, never the name."""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Detected extension -> media type served with the download.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
# Office files are zip archives: refuse ones that would expand beyond reason.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
ALLOWED_DESCRIPTION = _("PDF, Word, Excel, OpenDocument, PNG or JPEG")


class EvidenceRejected(Exception):
    """The file cannot be accepted; the message says why, for the user."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def clean_file_name(name: str, extension: str) -> str:
    """Keep a readable name (Arabic included) without paths, controls or bidi overrides."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s.()\-]+", "_", stem).strip(" ._") or "evidence"
    return f"{stem[:120]}.{extension}"


def check_evidence(upload) -> CheckedFile:
    """Return what the file really is, or raise EvidenceRejected with the reason."""
    size = upload.size
    if size == 0:
        raise EvidenceRejected(_("The file is empty."))
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceRejected(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_EVIDENCE_BYTES // 2**20}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    extension = kind.extension if kind else ""
    if extension not in ALLOWED_TYPES:
        raise EvidenceRejected(
            _("This type of file is not accepted. Attach %(allowed)s files.")
            % {"allowed": ALLOWED_DESCRIPTION}
        )
    if extension in {"docx", "xlsx", "odt", "ods"}:
        _check_archive(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=clean_file_name(upload.name or "", extension),
        extension=extension,
        content_type=ALLOWED_TYPES[extension],
        size=size,
        sha256=digest.hexdigest(),
    )


def _check_archive(upload) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise EvidenceRejected(_("The file is damaged and cannot be opened.")) from error
    if expanded > MAX_UNZIPPED_BYTES:
        raise EvidenceRejected(_("The file expands to an unreasonable size."))
