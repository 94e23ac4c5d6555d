"""The coordinator's chapter text: paragraphs, bullet lists and citations of contributions.

Writers type plain text. A blank line starts a new paragraph; lines that start with "- " make
a bulleted list; `[cite:123]` cites the approved contribution of submission 123 (the editor's
"Cite" button inserts it). Readers (the compiled report, the Word copy, the review page) get
blocks of segments, and the citations numbered in order of first use within the text.
"""

import re
from dataclasses import dataclass, field

CITATION = re.compile(r"\[cite:(\d+)\]")
BULLET = re.compile(r"^\s*[-•]\s+")


@dataclass(frozen=True)
class Segment:
    text: str = ""
    note: int | None = None  # the citation's number, when this segment is one


@dataclass
class Block:
    kind: str  # "paragraph" or "list"
    items: list[list[Segment]] = field(default_factory=list)  # a paragraph has one item


@dataclass
class Text:
    blocks: list[Block]
    cited: list[int]  # submission ids, in the order of their note numbers

    @property
    def is_empty(self) -> bool:
        return not self.blocks


def cited_submissions(text: str) -> list[int]:
    """The submissions a text cites, each once, in order of first citation."""
    seen = []
    for match in CITATION.finditer(text or ""):
        submission_id = int(match.group(1))
        if submission_id not in seen:
            seen.append(submission_id)
    return seen


def parse(text: str, cited: list[int] | None = None) -> Text:
    """Split the text into blocks; number citations continuing from `cited` (shared by the
    texts of one chapter, so that notes run on)."""
    cited = [] if cited is None else cited
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(BULLET.match(line) for line in lines):
            blocks.append(
                Block("list", [_segments(BULLET.sub("", line), cited) for line in lines])
            )
        else:
            joined = " ".join(line.strip() for line in lines)
            blocks.append(Block("paragraph", [_segments(joined, cited)]))
    return Text(blocks=blocks, cited=cited)


def _segments(text: str, cited: list[int]) -> list[Segment]:
    segments, position = [], 0
    for match in CITATION.finditer(text):
        if match.start() > position:
            segments.append(Segment(text=text[position : match.start()]))
        submission_id = int(match.group(1))
        if submission_id not in cited:
            cited.append(submission_id)
        segments.append(Segment(note=cited.index(submission_id) + 1))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text=text[position:]))
    return segments
