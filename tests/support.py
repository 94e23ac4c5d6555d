"""Shared test support: the rule that CI never skips a real service, query counting, PDFs."""

import os
import subprocess

import pytest
from pypdf import PdfReader

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, reason: str) -> None:
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if IN_CI:
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


def signed_in_queries(user) -> int:
    """Queries every signed-in page makes before its own.

    The session, the user, and the user's roles for the navigation; and, for an account that
    passed the second sign-in step, the device that verified the session (django-otp).
    """
    from gcm_portal.accounts.models import User
    from gcm_portal.accounts.two_factor import second_factor_required

    if isinstance(user, str):
        user = User.objects.get(username=user)
    return 3 + (1 if second_factor_required(user) else 0)


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
