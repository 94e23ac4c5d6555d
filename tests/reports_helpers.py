"""Helpers for report tests: approved content made through the real services, PDF reading."""

import subprocess

from pypdf import PdfReader

from reporting.services.submissions import submission_transition
from tests.conftest import start_draft


def approve(author, reviewer, cycle, organisation, objective: int, **fields):
    submission = start_draft(author, cycle, organisation, objective, **fields)
    submission_transition(user=author, submission_id=submission.pk, action="submit")
    submission_transition(user=reviewer, submission_id=submission.pk, action="approve")
    return submission


def pdf_pages(path) -> list[str]:
    """The text of each page, as poppler extracts it in reading order."""
    count = len(PdfReader(str(path)).pages)
    pages = []
    for number in range(1, count + 1):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        pages.append(result.stdout)
    return pages
