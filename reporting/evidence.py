"""Checks on uploaded evidence files: the type comes from the content, never the name.

A file is accepted only when its bytes are one of ALLOWED_TYPES. It is stored under a random
name with the extension of that type; the name the user gave is cleaned and kept only to show
and to name the download. Downloads are always attachments, with `nosniff` and a sandbox
policy, so whatever else an accepted file holds (a PDF that is also HTML, a PNG with a zip or
PHP after its end) is never run by a browser: such files are accepted as the type they start
as. Beyond the type, these are refused:

- PDFs that do not start with `%PDF-` (readers also take a header found later, which lets one
  file be HTML or a script to other programs), and PDFs naming JavaScript or Launch actions: a
  report needs neither, and fillable forms with calculations are the price. Actions packed in
  compressed object streams are not seen; the attachment-only download covers those.
- Office files that are not what they claim (a docx without word/ parts, an OpenDocument file
  whose `mimetype` member says otherwise), and any with macros or ActiveX controls (VBA
  projects, also in Word and Excel 97-2003 files; Excel 4 macro sheets; OpenDocument Basic and
  scripts): documents from here reach many readers, and macros are the commonest way in.
- Archives (Office files are zips) that are damaged, name members with absolute or `..` paths
  or twice, encrypt members, hold more than MAX_ARCHIVE_MEMBERS members, hold other archives
  (only Office documents embedded in one, such as a chart's workbook, and those one level
  deep), or would expand beyond MAX_UNZIPPED_BYTES or MAX_COMPRESSION_RATIO. No member's XML
  is ever parsed, so external entities are never resolved.
- Images other than PNG and JPEG. SVG is never accepted, whatever its name: it can hold script.

Names lose any folder, control and bidi characters (with a right-to-left override, U+202E,
`report<U+202E>fdp.exe` shows as `reportexe.pdf`), keep letters of any script, stop at
MAX_NAME_CHARS, never spell a Windows device (`CON.pdf`) and always end in the detected type.
"""

import hashlib
import io
import lzma
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _

from gcm_portal.errors import Invalid

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
ALLOWED_DESCRIPTION = _("PDF, Word, Excel, OpenDocument, PNG or JPEG")

# filetype also takes a PDF header after a byte-order mark and a PNG by its first four bytes;
# these types must start exactly so (for PNG: the signature, then the IHDR chunk).
EXACT_STARTS = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"}

# Office files are zip archives: refuse ones that would expand or branch beyond reason.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
# Office XML compresses about ten times; a large member far beyond that is built to exhaust.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
OFFICE_OPEN_XML_FOLDERS = {"docx": "word/", "xlsx": "xl/"}
OPEN_DOCUMENT_TYPES = {"odt", "ods"}
MACRO_MEMBERS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/|macrosheets/)|^(Basic|Scripts)/",
    re.IGNORECASE,
)
MACRO_CONTENT_TYPES = (b"vbaproject", b"macroenabled", b"macrosheet", b"activex")
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# Word 97-2003 and Excel 97-2003 files keep macros in a stream of this name.
VBA_PROJECT_STREAM = "_VBA_PROJECT".encode("utf-16-le")
ARCHIVE_STARTS = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b\x08",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",
)
# What a damaged or hand-made archive raises while read (bz2 raises OSError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
    EOFError,
    NotImplementedError,
    ValueError,
)
EMBEDDED_DOCUMENT = re.compile(r"/embeddings/[^/]+\.(docx|xlsx|pptx)$", re.IGNORECASE)


def _pdf_name(word: str) -> str:
    """Match a PDF name also when spelled with #hex escapes (/J#61vaScript)."""
    return "".join(f"(?:{char}|#(?i:{ord(char):02x}))" for char in word)


PDF_ACTIONS = re.compile(f"/(?:{_pdf_name('JavaScript')}|{_pdf_name('Launch')})".encode())

WINDOWS_RESERVED_NAMES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"{port}{number}" for port in ("COM", "LPT") for number in "123456789¹²³"),
}
MAX_NAME_CHARS = 120

DAMAGED = _("The file is damaged and cannot be opened.")
TOO_LARGE_WHEN_OPENED = _("The file expands to an unreasonable size.")
PROTECTED = _("The file is protected by a password. Remove the password and attach it again.")
ACTIVE_CONTENT = _(
    "The file contains macros or scripts, which are not accepted. "
    "Save it without them and attach it again."
)
NESTED_ARCHIVE = _("The file contains other compressed files, which are not accepted.")


class EvidenceRejected(Invalid):
    """The file cannot be accepted; the message says why, for the user."""

    def __init__(self, message):
        super().__init__(message, fields={"file": [message]})


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def clean_file_name(name: str, extension: str) -> str:
    """Keep a readable name (Arabic included) without paths, controls or bidi overrides,
    safe to save on Windows, ending in the extension of the detected type."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_name_char(char) for char in name if unicodedata.category(char)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"_{2,}", "_", re.sub(r"\.{2,}", ".", re.sub(r"\s+", " ", stem)))
    stem = stem.strip(" ._-")[:MAX_NAME_CHARS].strip(" ._-") or "evidence"
    if stem.split(".", 1)[0].strip().upper() in WINDOWS_RESERVED_NAMES:
        stem = f"_{stem}"
    return f"{stem}.{extension}"


def _name_char(char: str) -> str:
    """Letters, marks and digits of any script stay; anything else becomes `_`."""
    if char in " .()-_" or unicodedata.category(char)[0] in "LMN":
        return char
    return " " if char.isspace() else "_"


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
    data = upload.read()
    upload.seek(0)
    extension = _detected_extension(data[:8192])
    if not extension:
        raise _not_accepted()
    if extension == "pdf" and PDF_ACTIONS.search(data):
        raise EvidenceRejected(ACTIVE_CONTENT)
    if extension in {"doc", "xls"} and VBA_PROJECT_STREAM in data:
        raise EvidenceRejected(ACTIVE_CONTENT)
    if extension in {"docx", "xlsx", "odt", "ods"}:
        _check_office_archive(data, extension)
    return CheckedFile(
        name=clean_file_name(upload.name or "", extension),
        extension=extension,
        content_type=ALLOWED_TYPES[extension],
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _detected_extension(head: bytes) -> str:
    kind = filetype.guess(head)
    extension = kind.extension if kind else ""
    if extension not in ALLOWED_TYPES or not head.startswith(EXACT_STARTS.get(extension, b"")):
        return ""
    return extension


def _check_office_archive(data: bytes, extension: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive_members(archive, size=len(data), embedded_allowed=True)
            if extension in OPEN_DOCUMENT_TYPES:
                _check_open_document(archive, extension)
            else:
                _check_office_open_xml(archive, extension)
    except ZIP_ERRORS as error:
        raise EvidenceRejected(DAMAGED) from error


def _check_archive_members(archive: zipfile.ZipFile, *, size: int, embedded_allowed: bool):
    members = archive.infolist()
    _check_member_list(members, size=size)
    for member in members:
        with archive.open(member) as part:
            if not part.read(8).startswith(ARCHIVE_STARTS):
                continue
        if not (embedded_allowed and EMBEDDED_DOCUMENT.search(member.filename)):
            raise EvidenceRejected(NESTED_ARCHIVE)
        if member.file_size > MAX_EVIDENCE_BYTES:
            raise EvidenceRejected(TOO_LARGE_WHEN_OPENED)
        with zipfile.ZipFile(io.BytesIO(archive.read(member))) as embedded:
            _check_archive_members(embedded, size=member.file_size, embedded_allowed=False)


def _check_member_list(members: list[zipfile.ZipInfo], *, size: int) -> None:
    """Refuse what the archive's directory alone gives away."""
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise EvidenceRejected(TOO_LARGE_WHEN_OPENED)
    names = [member.filename.casefold() for member in members]
    if len(set(names)) != len(names) or any(_unsafe_member_name(name) for name in names):
        raise EvidenceRejected(DAMAGED)
    if any(member.flag_bits & 0x1 for member in members):
        raise EvidenceRejected(PROTECTED)
    expanded = sum(member.file_size for member in members)
    if (
        expanded > MAX_UNZIPPED_BYTES
        or _inflates(expanded, size)
        or any(_inflates(member.file_size, member.compress_size) for member in members)
    ):
        raise EvidenceRejected(TOO_LARGE_WHEN_OPENED)
    if any(MACRO_MEMBERS.search(member.filename) for member in members):
        raise EvidenceRejected(ACTIVE_CONTENT)


def _unsafe_member_name(name: str) -> bool:
    """Absolute (`/x`, `c:x`) or climbing (`../x`): an unpacking program could write there."""
    path = name.replace("\\", "/")
    return path.startswith("/") or re.match(r"[a-z]:", path) is not None or ".." in path.split("/")


def _inflates(expanded: int, compressed: int) -> bool:
    """Large, and expanding far more than Office XML does."""
    limit = MAX_COMPRESSION_RATIO * max(compressed, 1)
    return expanded > RATIO_CHECKED_FROM_BYTES and expanded > limit


def _check_office_open_xml(archive: zipfile.ZipFile, extension: str) -> None:
    names = archive.namelist()
    folder = OFFICE_OPEN_XML_FOLDERS[extension]
    if "[Content_Types].xml" not in names or not any(name.startswith(folder) for name in names):
        raise _not_accepted()
    with archive.open("[Content_Types].xml") as part:
        content_types = part.read(CONTENT_TYPES_MAX_BYTES).lower()
    if any(marker in content_types for marker in MACRO_CONTENT_TYPES):
        raise EvidenceRejected(ACTIVE_CONTENT)


def _check_open_document(archive: zipfile.ZipFile, extension: str) -> None:
    """The first member, `mimetype`, names the type exactly, and the content is there."""
    members = archive.infolist()
    expected = ALLOWED_TYPES[extension].encode()
    if not members or members[0].filename != "mimetype" or "content.xml" not in archive.namelist():
        raise _not_accepted()
    with archive.open(members[0]) as part:
        if part.read(len(expected) + 1) != expected:
            raise _not_accepted()


def _not_accepted() -> EvidenceRejected:
    return EvidenceRejected(
        _("This type of file is not accepted. Attach %(allowed)s files.")
        % {"allowed": ALLOWED_DESCRIPTION}
    )
