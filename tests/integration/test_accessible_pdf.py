"""The compiled report as assistive technology and PDF/UA checkers read it: two installable
PDF/UA-1 checkers (pdfua and outloud) find no error in the demo's report in English and in
Arabic, rendered whole and in parts, and qpdf's own check finds nothing wrong. The warnings
that stay are listed, with why, in docs/architecture.md ("Accessible PDFs")."""

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command

from reporting.models import ReviewCycle
from reporting.pdf.context import build_report
from reporting.pdf.render import render_in_parts, render_pdf, render_report_html

pytestmark = pytest.mark.django_db

BIN = Path(sys.executable).parent


def checked(path: Path) -> dict:
    """What the checkers say of the PDF: pdfua's exit code (3: errors) and outloud's
    findings by severity."""
    pdfua = subprocess.run(
        [str(BIN / "pdfua"), "check", str(path)], capture_output=True, text=True, check=False
    )
    report = path.with_suffix(".json")
    outloud = subprocess.run(
        [str(BIN / "outloud"), "--quiet", "--json", str(report), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = [
        finding
        for result in json.loads(report.read_text())["results"]
        for finding in result.get("findings", [])
        if "severity" in finding
    ]
    return {
        "pdfua": (pdfua.returncode, pdfua.stdout),
        "outloud": (outloud.returncode, outloud.stdout + outloud.stderr),
        "errors": [f for f in findings if f["severity"] == "error"],
        "findings": findings,
        "rules": {f["rule"] for f in findings},
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_report_passes_two_pdf_ua_checkers(language, tmp_path, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    report = build_report(
        cycle=ReviewCycle.objects.get(code="imrf-2026"),
        kind="imrf",
        language=language,
        preview=False,
    )
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(render_pdf(render_report_html(report)).pdf)
    in_parts = tmp_path / "parts.pdf"
    in_parts.write_bytes(render_in_parts(report).pdf)
    for path in (whole, in_parts):
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name
            assert pdf.pdf_version == "1.7"
            with pdf.open_metadata() as xmp:
                assert xmp["pdfuaid:part"] == "1"
                assert xmp["dc:title"] == report.title
            assert str(pdf.Root.Lang) == language
        result = checked(path)
        assert result["errors"] == [], (path.name, result["errors"])
        assert result["outloud"][0] == 0, result["outloud"][1]
        assert result["pdfua"][0] in (0, 2), result["pdfua"][1]  # 2: warnings only
        # Every link prints, every table header has a scope, and the running title and the
        # page numbers are artifacts, not content. (A note repeated in the text, such as
        # "Not yet translated", may still be taken for a running line.)
        assert not {"LNK-004", "TBL-002"} & result["rules"], result["rules"]
        for finding in result["findings"]:
            if finding["rule"] == "PAG-001":
                assert "page numbers" not in finding["message"], finding
                line = finding.get("evidence", "").rstrip("…")
                assert line not in report.title and line[::-1] not in report.title, finding
