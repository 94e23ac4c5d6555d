"""A long report compiled in parts: cut where a page starts, laid out by several workers at
once, put back together as one PDF as good as a single render.

The cuts fall before each chapter and, in the objectives chapter, before each objective but
the first of a round table (a report compiled in parts starts each objective on a page of its
own: `.report--parts` in report.css). A part is laid out without knowing on which page it
starts, so it leaves its footer blank; once every part is laid out, the front matter (cover,
imprint, contents) is laid out with the page numbers the contents need, the footers are laid
out on empty pages and laid over the parts' pages, and `reporting.pdf.assemble` joins the
pages, their tags, links and bookmarks. A part's PDF depends only on its HTML and the files it
uses, so it is kept under a hash of both and reused when nothing in it changed.
"""

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pydyf
import weasyprint
from django.conf import settings

from reporting.pdf.context import Report, ReportChapter

# Bump when the way parts are laid out changes, so that no part laid out before is reused.
PARTS_FORMAT = 2
STATIC_FILES = ("reports/report.css", "reports/part-body.css")
_ID = re.compile(r'\bid="([^"]+)"')
_LINK = re.compile(r'\bhref="#([^"]+)"')


@dataclass
class PartLayout:
    """What one HTML document of a report compiled in parts holds."""

    kind: str  # "whole" (all of it, cut nowhere), "front", "body" or "overlay"
    chapters: list[ReportChapter] = field(default_factory=list)
    total_pages: int = 0
    toc_pages: dict[str, int] = field(default_factory=dict)  # contents' anchor: page number
    numbers: list[int] = field(default_factory=list)  # an overlay's page numbers
    anchors: list[str] = field(default_factory=list)  # linked to, defined in another part

    @property
    def stylesheet(self) -> str:
        return "" if self.kind == "whole" else f"part-{self.kind}.css"


def body_parts(report: Report) -> list[PartLayout]:
    """The report after its front matter, cut where pages start."""
    parts = []
    for chapter in report.chapters:
        if chapter.kind != "objectives" or not chapter.groups:
            parts.append(PartLayout("body", [chapter]))
            continue
        # Every objective starts a part but the first, which opens the chapter.
        flat = [
            (g, o) for g, group in enumerate(chapter.groups) for o in range(len(group.objectives))
        ]
        for number, start in enumerate(flat):
            parts.append(
                PartLayout(
                    "body",
                    [
                        _objectives_slice(
                            chapter, start, first=number == 0, last=number == len(flat) - 1
                        )
                    ],
                )
            )
    return parts


def _objectives_slice(chapter: ReportChapter, at: tuple[int, int], *, first: bool, last: bool):
    """The objectives chapter holding one objective: its heading only if it is the first, the
    round table's heading only if the objective is the table's first."""
    g, o = at
    group = chapter.groups[g]
    groups = [dataclasses.replace(group, objectives=[group.objectives[o]], continued=o > 0)]
    return dataclasses.replace(
        chapter,
        groups=groups,
        continued=not first,
        not_reported=chapter.not_reported if last else [],
    )


def missing_anchors(html: str) -> list[str]:
    """The anchors the HTML links to but does not define, in the order first linked."""
    defined = set(_ID.findall(html))
    return list(dict.fromkeys(a for a in _LINK.findall(html) if a not in defined))


def with_anchors(html: str, anchors: list[str]) -> str:
    """The HTML with empty targets for links to other parts, so that the layout keeps the
    links; the assembly points them at the part that defines them."""
    if not anchors:
        return html
    block = '<div class="part-anchors" aria-hidden="true">{}</div>'.format(
        "".join(f'<div id="{anchor}"></div>' for anchor in anchors)
    )
    head, tail = html.rsplit("</body>", 1)
    return f"{head}{block}</body>{tail}"


def part_key(html: str) -> str:
    """What a part's PDF depends on: its HTML, the files it reads, the renderer."""
    digest = hashlib.sha256()
    digest.update(f"{PARTS_FORMAT}|{weasyprint.__version__}|{pydyf.__version__}|".encode())
    digest.update(_static_digest())
    digest.update(html.encode())
    return digest.hexdigest()


@cache
def _static_digest() -> bytes:
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    fonts = sorted(Path(settings.BASE_DIR, "static", "fonts").glob("*"))
    for path in [Path(finders.find(name)) for name in STATIC_FILES] + fonts:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()
