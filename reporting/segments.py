"""Texts cut into sentences, the unit of translation and of the translation memory.

A text is a list of segments, each a sentence with the white space that follows it (a space,
a line break, a blank line), so that a translation put back together keeps the source's
paragraphs and bulleted lines: `join(split(text))` is `text` (stripped). Sentences end at a
full stop, question or exclamation mark (Latin or Arabic) followed by white space and a capital
letter, a digit, an Arabic letter, a bullet or an opening bracket or quote; a line break always
ends one. Abbreviations such as "e.g." or "No. 5" are not sentence ends.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from reporting.report_text import CITATION

ABBREVIATIONS = {"e.g", "i.e", "no", "nos", "art", "para", "paras", "vs", "etc", "mr", "ms", "dr"}
SENTENCE_END = re.compile(
    # The mark, closing quotes or brackets, and any citations that follow it ("... rose.
    # [cite:12]"), then white space and what can start a sentence (not a citation).
    r"(?P<end>[.!?؟…][\"'”’)\]]*(?:[ \t]*\[cite:\d+\])*)(?P<space>[ \t]+)"
    r"(?=[\"'“‘(\-•]|\d|[A-Z]|[\u0600-\u06ff]|\[(?!cite:))"
)
LINE_BREAK = re.compile(r"[ \t]*\n\s*")


@dataclass(frozen=True)
class Segment:
    text: str
    after: str = ""  # the white space that follows it: " ", "\n" or "\n\n"


def split(text: str) -> list[Segment]:
    """The text's sentences, in order, each with the white space after it."""
    text = (text or "").replace("\r\n", "\n").strip()
    segments: list[Segment] = []
    position = 0
    for line_match in LINE_BREAK.finditer(text):
        _sentences(text[position : line_match.start()], segments)
        separator = "\n\n" if line_match.group(0).count("\n") > 1 else "\n"
        if segments:
            segments[-1] = Segment(segments[-1].text, separator)
        position = line_match.end()
    _sentences(text[position:], segments)
    return segments


def _sentences(line: str, segments: list[Segment]) -> None:
    start = 0
    for match in SENTENCE_END.finditer(line):
        mark = match.start("end")
        last_word = re.split(r"[\s(]", line[start:mark])[-1].lower()
        if last_word in ABBREVIATIONS:
            continue
        segments.append(Segment(line[start : match.end("end")], " "))
        start = match.end("space")
    if line[start:].strip():
        segments.append(Segment(line[start:].strip(), ""))


def join(targets: list[str], afters: list[str]) -> str:
    """Put a translation back together with the source's white space between its sentences."""
    return "".join(
        target.strip() + (after if index < len(targets) - 1 else "")
        for index, (target, after) in enumerate(zip(targets, afters, strict=True))
    ).strip()


def translated_fields(segments_by_field: dict) -> dict[str, str]:
    """A translation's text per field (Translation.segments), its sentences put together."""
    return {
        name: join([row["target"] for row in rows], [row["after"] for row in rows])
        for name, rows in segments_by_field.items()
    }


def normalise(text: str) -> str:
    """The form in which the memory compares sentences: Unicode NFC, white space collapsed,
    direction marks dropped."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def citations(text: str) -> list[str]:
    """The citation tokens in a text, which a translation must keep."""
    return sorted(match.group(0) for match in CITATION.finditer(text or ""))
