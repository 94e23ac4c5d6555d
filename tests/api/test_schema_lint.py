"""The schema as API tools read it: Spectral's recommended OpenAPI rules (spectral:oas, in
.spectral.yaml) find no error in it. The one kind of warning left is the trailing slash of
every path, which is how the portal's URLs are written (docs/architecture.md, "API")."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.api.conftest import api_client
from tests.support import require_service

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = "@stoplight/spectral-cli@6.16.3"
ACCEPTED_WARNINGS = {"path-keys-no-trailing-slash"}


def test_spectral_finds_no_error_in_the_schema(tmp_path):
    npx = shutil.which("npx")
    if npx is None:
        require_service("npx (Node.js)", "Spectral, the OpenAPI linter, runs on Node.js")
    call_command("spectacular", file=str(tmp_path / "schema.yml"), validate=True)
    result = subprocess.run(
        [
            npx,
            "--yes",
            SPECTRAL,
            "lint",
            str(tmp_path / "schema.yml"),
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "--format",
            "json",
            "--fail-severity",
            "error",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    start = result.stdout.find("[")
    assert start >= 0, result.stdout + result.stderr
    findings = json.loads(result.stdout[start:])
    errors = [f for f in findings if f["severity"] == 0]
    assert errors == [], errors
    assert {f["code"] for f in findings} <= ACCEPTED_WARNINGS
    assert result.returncode == 0, result.stderr


def test_openapi_spec_validator_finds_the_schema_valid(alice):
    from openapi_spec_validator import validate

    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    validate(schema)  # raises on the first fault
