"""Turn a compiled report into HTML and a PDF: the only module that imports WeasyPrint.

WeasyPrint reads the report as a page of the made-up origin BASE_URL. Its fetcher serves that
origin's /static/ paths from the project's bundled static files and refuses every other URL, so
nothing in a report (user text included) can make the renderer touch the network or the disk.
"""

import io
import mimetypes
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from reporting.models import Submission
from reporting.pdf.accessible import accessible
from reporting.pdf.context import STATUSES, Report
from reporting.pdf.parts import PartLayout, missing_anchors, with_anchors

BASE_URL = "https://static.invalid/"
STATIC_PREFIX = "/static/"
STATUS_COLOURS = {
    "achieved": "#2e7d32",
    "in_progress": "#1f6fb2",
    "planned": "#e0a100",
    "not_started": "#aab2bd",
}


@dataclass
class RenderedPdf:
    pdf: bytes
    page_count: int
    # Per page, its bookmarks as WeasyPrint found them: [level, label, x, y, state].
    bookmarks: list[list[list]] | None = None
    page_height: float = 0.0


class BundledStaticFetcher(weasyprint.urls.URLFetcher):
    """Serve the bundled static files under BASE_URL; refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        found = _static_file(url)
        if found is None:
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url!r}: not a bundled static file")
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(
            url, body=found.read_bytes(), headers={"Content-Type": content_type}
        )


def _static_file(url: str) -> Path | None:
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != ("https", "static.invalid") or parts.query:
        return None
    if not parts.path.startswith(STATIC_PREFIX):
        return None
    path = unquote(parts.path.removeprefix(STATIC_PREFIX))
    if not path or ".." in path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    if posixpath.normpath(path) != path:
        return None
    found = finders.find(path)
    return Path(found) if found and Path(found).is_file() else None


def render_report_html(report: Report, part: PartLayout | None = None) -> str:
    """Render the report's HTML in the report's language: all of it, or one part of a report
    compiled in parts (with empty targets for its links to other parts)."""
    whole = part is None or part.kind == "whole"
    with translation.override(report.language):
        html = render_to_string(
            "reports/report.html",
            {
                "report": report,
                "part": part,
                "chapters": report.chapters if whole else part.chapters,
                "status_chart": _status_chart(report),
            },
        )
    if part is not None and part.kind in ("front", "body"):
        part.anchors = missing_anchors(html)
        html = with_anchors(html, part.anchors)
    return html


def render_pdf(
    html: str,
    *,
    on_stage: Callable[[str], None] | None = None,
    fetcher: BundledStaticFetcher | None = None,
    tagged: bool = True,
) -> RenderedPdf:
    """Lay the HTML out and write the PDF, telling on_stage when each step starts. Untagged
    (`tagged` False) only for footers laid over a report's pages, which mark them as
    artifacts (reporting/pdf/assemble.py)."""
    stage = on_stage or (lambda _name: None)
    fetcher = fetcher or BundledStaticFetcher()
    stage("layout")
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    stage("writing")
    # PDF/UA-1: tagged, with the XMP metadata (title, language) that identifies it as such;
    # accessible() adds what WeasyPrint leaves out.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1") if tagged else document.write_pdf()
    return RenderedPdf(
        pdf=accessible(pdf) if tagged else pdf,
        page_count=len(document.pages),
        bookmarks=[
            [[level, label, x, y, state] for level, label, (x, y), state in page.bookmarks]
            for page in document.pages
        ],
        page_height=document.pages[0].height if document.pages else 0.0,
    )


def _status_chart(report: Report) -> dict:
    """Coordinates of the stacked status bars per objective, mirrored for right to left.

    The labels are HTML beside each bar, not SVG text: WeasyPrint's SVG text neither shapes
    Arabic nor reorders it, so an Arabic label drawn in the SVG comes out broken."""
    rows = report.status_by_objective
    largest = max((sum(counts.values()) for _n, _label, counts in rows), default=0) or 1
    # A bar row is `width` units wide: the longest bar takes `bars`, its total the rest.
    width, bars = 300, 276
    unit, rtl = bars / largest, report.direction == "rtl"

    def x(position: float, length: float = 0) -> float:
        return round(width - position - length if rtl else position, 1)

    labels = dict(Submission.ImplementationStatus.choices)
    chart = {"width": width, "rows": []}
    for number, label_text, counts in rows:
        start, segments = 0.0, []
        for status in STATUSES:
            if counts.get(status):
                length = counts[status] * unit
                colour, label = STATUS_COLOURS[status], str(labels.get(status, status))
                segments.append(
                    (x(start, length), round(length, 1), colour, counts[status], label)
                )
                start += length
        chart["rows"].append(
            {
                "number": number,
                "label": label_text,
                "segments": segments,
                "total": sum(counts.values()),
                "total_x": x(start + 3),
            }
        )
    chart["total_anchor"], chart["zero_x"] = ("end" if rtl else "start"), x(0)
    step = max(1, largest // 8)
    chart["ticks"] = [(x(n * unit), n) for n in range(0, largest + 1, step)]
    chart["legend"] = [(STATUS_COLOURS[s], str(labels.get(s, s))) for s in STATUSES]
    return chart


# --- a report compiled in parts (reporting/pdf/parts.py) ---------------------------------------


@dataclass
class LaidOutPart:
    """A part laid out: its PDF and the targets it holds only for links to other parts."""

    rendered: RenderedPdf
    placeholders: list[str]


def render_part(report: Report, part: PartLayout) -> LaidOutPart:
    html = render_report_html(report, part)
    return LaidOutPart(render_pdf(html), list(part.anchors))


def join_parts(
    report: Report,
    bodies: list[LaidOutPart],
    *,
    front_pages: int = 3,
    lay_out: Callable[[str], RenderedPdf] | None = None,
) -> RenderedPdf:
    """Lay out the front matter and the footers now that the parts' pages are known, and put
    everything together. `front_pages` is a first guess of the front matter's length;
    `lay_out` lays out the footers' HTML (and may reuse what was laid out before)."""
    lay_out = lay_out or lay_out_footers
    from reporting.pdf.assemble import AssembledPart, anchor_pages, assemble

    located = []  # per part: {anchor: page index} of the anchors it defines
    for body in bodies:
        pages = anchor_pages(body.rendered.pdf)
        located.append({a: i for a, i in pages.items() if a not in body.placeholders})
    body_total = sum(body.rendered.page_count for body in bodies)
    for _attempt in range(4):
        offsets, page = [], front_pages
        for body in bodies:
            offsets.append(page)
            page += body.rendered.page_count
        toc_pages = {}
        for offset, anchors in zip(offsets, located, strict=True):
            for anchor, index in anchors.items():
                toc_pages.setdefault(anchor, offset + index + 1)
        front_layout = PartLayout(
            "front", total_pages=front_pages + body_total, toc_pages=toc_pages
        )
        front = render_part(report, front_layout)
        if front.rendered.page_count == front_pages:
            break
        front_pages = front.rendered.page_count
    else:
        raise RuntimeError("The front matter's length did not settle.")
    total = front_pages + body_total
    assembled = [
        AssembledPart(
            front.rendered.pdf,
            front.rendered.bookmarks,
            front.rendered.page_height,
            placeholders=front.placeholders,
        )
    ]
    for offset, body in zip(offsets, bodies, strict=True):
        footers = lay_out(render_report_html(report, overlay_layout(offset, body, total)))
        assembled.append(
            AssembledPart(
                body.rendered.pdf,
                body.rendered.bookmarks,
                body.rendered.page_height,
                overlay=footers.pdf,
                placeholders=body.placeholders,
            )
        )
    joined = io.BytesIO()
    page_count = assemble(assembled, joined)
    return RenderedPdf(pdf=joined.getvalue(), page_count=page_count)


def lay_out_footers(html: str) -> RenderedPdf:
    return render_pdf(html, tagged=False)


def overlay_layout(offset: int, body: LaidOutPart, total: int) -> PartLayout:
    count = body.rendered.page_count
    return PartLayout(
        "overlay", total_pages=total, numbers=list(range(offset + 1, offset + count + 1))
    )


def render_in_parts(report: Report) -> RenderedPdf:
    """The report compiled in parts, one after the other in this process."""
    from reporting.pdf.parts import body_parts

    return join_parts(report, [render_part(report, part) for part in body_parts(report)])
