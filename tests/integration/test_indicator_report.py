"""The demo's IMRF 2026 report prints, in its indicator tables, each approved value with its
baseline and target (as approved, with years), its period, its progress and whether it is on
track, and a small trend chart drawn from the approved series."""

import re
import subprocess

import pytest
from django.core.management import call_command
from PIL import Image

from reporting.models import ReportEdition, ReviewCycle
from reporting.pdf import render
from reporting.pdf.context import build_report
from reporting.services.editions import edition_compile
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db

TREND_TEAL = (0x0B, 0x7A, 0x75)  # the line of reporting/sparkline.py


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def teal_pixels(pdf, page: int, tmp_path) -> int:
    """How many pixels of the trend line's colour the page shows."""
    tmp_path.mkdir()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), pdf, tmp_path / "p"],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    image = Image.open(png).convert("RGB")
    return sum(
        1
        for pixel in image.getdata()
        if all(abs(a - b) <= 16 for a, b in zip(pixel, TREND_TEAL, strict=True))
    )


def test_the_demo_report_prints_baseline_target_progress_and_a_trend(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    cycle = ReviewCycle.objects.get(code="imrf-2026")

    report = build_report(cycle=cycle, kind="imrf", language="en", preview=True)
    rows = {row.code: row for row in report.indicator_annex}
    recruitment = rows["IND-01"]
    # As approved: baseline 68 (2021), target 40 (2030), lower is better; 57.8 in 2025.
    assert (recruitment.baseline, recruitment.target) == ("68 (2021)", "40 (2030)")
    assert (recruitment.period, recruitment.progress) == ("2025", "36\u00a0%")
    assert recruitment.on_track == "Not on track"
    # Its series: 2021 (imrf-2022), 2023 (arab-regional-2024), 2025 (this cycle).
    (points,) = re.findall(r'<polyline points="([^"]*)"', recruitment.trend)
    assert len(points.split()) == 3
    html = render.render_report_html(report)
    assert html.count('class="sparkline"') >= len(report.indicator_annex)

    edition = ReportEdition.objects.create(cycle=cycle, kind="imrf", language="en", mode="preview")
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == "succeeded", edition.failure_reason
    path = tmp_path / "imrf-en.pdf"
    path.write_bytes(edition.pdf.read())
    pages = pdf_pages(path)
    (annex,) = [n for n, text in enumerate(pages, 1) if "Annex 3: Indicators" in text][-1:]
    text = squeeze(pages[annex - 1])
    for printed in ("Baseline", "Target", "Progress and", "trend", "Period"):
        assert printed in text
    for printed in ("68 (2021)", "40 (2030)", "36 %", "Not on track", "On track", "87 %"):
        assert printed in text, printed
    # The trend charts are drawn: their line's colour is on the page, and not on a page
    # without an indicator table.
    assert teal_pixels(path, annex, tmp_path / "annex") > 100
    assert teal_pixels(path, 1, tmp_path / "cover") == 0
