"""XLIFF 2.0 files for translators' tools: written with lxml, read with translate-toolkit.

An export holds what an edition still needs translated: for each text, one <unit> per field
with the id "s<submission id>-<field>" (a contribution) or "c<chapter id>-<field>" (a chapter),
and in it one <segment> per sentence, numbered from 1, its <source> as the portal split it and
its <target> where a translation exists. Each unit's notes say what the text is and which
approved revision it was exported from.

Reading a file back gives its units as plain data, or `Malformed` with a reason for the user;
what the units mean is checked by services.translation_exchange.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage.xliff2 import Xliff2File

UNIT_ID = re.compile(r"^(?P<kind>[sc])(?P<id>\d+)-(?P<field>[a-z0-9_-]+)::(?P<segment>\d+)$")
KINDS = {"s": "submission", "c": "chapter"}
MAX_BYTES = 20 * 2**20
NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Sentence:
    kind: str  # "submission" or "chapter"
    object_id: int
    field: str
    number: int  # from 1
    source: str
    target: str = ""
    note: str = ""

    @property
    def unit_id(self) -> str:
        return f"{'s' if self.kind == 'submission' else 'c'}{self.object_id}-{self.field}"


@dataclass(frozen=True)
class ReadSentence:
    unit_id: str  # as written in the file, "s12-progress::3"
    kind: str | None
    object_id: int | None
    field: str | None
    number: int | None
    source: str
    target: str


class Malformed(Exception):
    """The file is not an XLIFF 2.0 file the portal can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def write(sentences: list[Sentence], *, source_language: str, target_language: str) -> bytes:
    """The file: sentences of one field make one unit, in the order given."""
    root = etree.Element(
        _tag("xliff"),
        nsmap={None: NAMESPACE},
        attrib={"version": "2.0", "srcLang": source_language, "trgLang": target_language},
    )
    file = etree.SubElement(root, _tag("file"), id="gcm-progress-portal")
    units: dict[str, etree._Element] = {}
    for sentence in sentences:
        unit = units.get(sentence.unit_id)
        if unit is None:
            unit = units[sentence.unit_id] = etree.SubElement(
                file, _tag("unit"), id=sentence.unit_id
            )
            if sentence.note:
                notes = etree.SubElement(unit, _tag("notes"))
                etree.SubElement(notes, _tag("note"), category="description").text = sentence.note
        segment = etree.SubElement(
            unit,
            _tag("segment"),
            id=str(sentence.number),
            state="translated" if sentence.target else "initial",
        )
        source = etree.SubElement(segment, _tag("source"))
        source.text = sentence.source
        source.set(XML_SPACE, "preserve")
        if sentence.target:
            target = etree.SubElement(segment, _tag("target"))
            target.text = sentence.target
            target.set(XML_SPACE, "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def read(data: bytes) -> tuple[str, str, list[ReadSentence]]:
    """(source language, target language, the file's sentences in order)."""
    if len(data) > MAX_BYTES:
        raise Malformed(_("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 2**20})
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise Malformed(_("The file declares a document type; XLIFF files do not."))
    try:
        store = Xliff2File.parsestring(data)
    except etree.XMLSyntaxError as error:
        line, column = error.position or (1, 1)
        if (line, column) == (1, 1):
            raise Malformed(
                _(
                    "This is not an XLIFF 2.0 file: it does not read as XML. Export the "
                    "translation from your tool as XLIFF 2.0."
                )
            ) from error
        raise Malformed(
            _(
                "The file is incomplete or damaged: it stops reading as XML at line %(line)d, "
                "column %(column)d. Export it from your tool again."
            )
            % {"line": line, "column": column}
        ) from error
    except (ValueError, AssertionError) as error:
        raise Malformed(
            _("This is not an XLIFF 2.0 file. Export the translation from your tool as XLIFF 2.0.")
        ) from error
    sentences = []
    for unit in store.units:
        unit_id = unit.getid() or ""
        match = UNIT_ID.match(unit_id)
        sentences.append(
            ReadSentence(
                unit_id=unit_id,
                kind=KINDS[match["kind"]] if match else None,
                object_id=int(match["id"]) if match else None,
                field=match["field"] if match else None,
                number=int(match["segment"]) if match else None,
                source=str(unit.source or ""),
                target=str(unit.target or ""),
            )
        )
    return store.getsourcelanguage(), store.gettargetlanguage() or "", sentences
