"""A client generated from the live schema with openapi-python-client runs the whole job
against the live test server: a token, a list, a draft read, saved and saved stale, submitted,
approved by a reviewer, then a compile started, followed and downloaded, and the token
revoked. The client raises on any status the schema does not declare, so a response the
schema leaves out fails here."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from objectives.models import Objective
from reporting.services.parts import edition_compile
from tests.builders import assign
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "docs" / "openapi-python-client.yml"


@pytest.fixture
def generated(live_server, alice, tmp_path, monkeypatch):
    """The client package, generated from /api/schema/ as a partner would generate it."""
    schema = httpx.get(
        f"{live_server.url}/api/schema/?format=json",
        headers={"Authorization": f"Bearer {token_for('alice', live_server)}"},
    )
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / "gcm_client"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("gcm_client")
    for name in [name for name in sys.modules if name.split(".")[0] == "gcm_client"]:
        del sys.modules[name]


def token_for(username: str, live_server, code: str = "") -> str:
    body = {"username": username, "password": TEST_PASSWORD}
    if code:
        body["code"] = code
    answer = httpx.post(f"{live_server.url}/api/v1/auth/token/", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def current_code(user) -> str:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="phone", defaults={"confirmed": True}
    )
    return f"{totp(device.bin_key):06d}"


def call(module, *path, **arguments):
    """One operation through the generated client; its parsed answer and status."""
    response = module.sync_detailed(*path, **arguments)
    return response.parsed, int(response.status_code)


def test_a_generated_client_runs_the_whole_job(
    generated, live_server, settings, tmp_path, monkeypatch, open_cycle, momd, alice, rita, cora
):
    settings.MEDIA_ROOT = tmp_path / "media"
    queued = []
    monkeypatch.setattr("reporting.services.editions._enqueue", queued.append)
    api = importlib.import_module("gcm_client.api")
    models = importlib.import_module("gcm_client.models")
    client_module = importlib.import_module("gcm_client.client")
    from gcm_client.api.auth import auth_token_create, auth_token_destroy
    from gcm_client.api.cycles import cycles_editions_create
    from gcm_client.api.editions import editions_download_retrieve, editions_retrieve
    from gcm_client.api.me import me_retrieve
    from gcm_client.api.submissions import (
        submissions_approve_create,
        submissions_create,
        submissions_draft_partial_update,
        submissions_draft_retrieve,
        submissions_list,
        submissions_submit_create,
    )

    assert api and models
    objective = Objective.objects.get(number=10)
    assign(open_cycle, momd, objective=10)
    anonymous = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    def signed_in(token: str):
        # The generator's default scheme: Authorization: Bearer <token>.
        return client_module.AuthenticatedClient(
            base_url=live_server.url, token=token, raise_on_unexpected_status=True
        )

    # The focal point asks for a token and reads who she is.
    issued, status = call(
        auth_token_create,
        client=anonymous,
        body=models.CredentialsRequest(username="alice", password=TEST_PASSWORD),
    )
    assert status == 200 and issued.expires_at.year > 2000
    focal = signed_in(issued.token)
    me, status = call(me_retrieve, client=focal)
    assert (status, me.username) == (200, "alice")
    wrong, status = call(
        auth_token_create,
        client=anonymous,
        body=models.CredentialsRequest(username="alice", password="not it"),
    )
    assert status == 401 and wrong.error.code == "authentication_failed"

    # She starts a draft, reads it, saves it, and a save from a stale copy is refused.
    start = models.SubmissionStartRequest(
        cycle=open_cycle.code,
        organisation=momd.pk,
        subject_kind=models.SubjectKindEnum.OBJECTIVE,
        subject_id=objective.pk,
    )
    started, status = call(submissions_create, client=focal, body=start)
    assert status == 201 and started.state == models.SubmissionStateEnum.DRAFT
    again, status = call(submissions_create, client=focal, body=start)
    assert (status, again.id) == (200, started.id)  # found, not created
    listed, status = call(submissions_list, client=focal, cycle=open_cycle.code)
    assert status == 200 and [s.id for s in listed.results] == [started.id]
    draft, status = call(submissions_draft_retrieve, started.id, client=focal)
    assert status == 200 and draft.version == 1
    saved, status = call(
        submissions_draft_partial_update,
        started.id,
        client=focal,
        body=models.PatchedDraftRequest(
            version=draft.version,
            language=models.LanguageEnum.EN,
            implementation_status=models.ImplementationStatusEnum.IN_PROGRESS,
            progress="Referral pathways were set up in Ninewa and Basra.",
        ),
    )
    assert status == 200 and saved.version == 2
    stale, status = call(
        submissions_draft_partial_update,
        started.id,
        client=focal,
        body=models.PatchedDraftRequest(version=draft.version, progress="An older copy."),
    )
    assert status == 409
    assert (stale.error.code, stale.error.current_version) == ("stale_version", 2)
    submitted, status = call(
        submissions_submit_create, started.id, client=focal, body=models.TransitionRequest()
    )
    assert status == 200 and submitted.state == models.SubmissionStateEnum.SUBMITTED

    # A reviewer, who signs in in two steps, approves it; in Arabic, a refusal is in Arabic.
    reviewer = signed_in(token_for("rita", live_server, current_code(rita)))
    refused, status = call(
        submissions_draft_retrieve, started.id, client=reviewer, accept_language="ar"
    )
    assert status == 404 and refused.error.code == "not_found"
    assert any("\u0600" <= letter <= "\u06ff" for letter in refused.error.message)
    approved, status = call(
        submissions_approve_create, started.id, client=reviewer, body=models.TransitionRequest()
    )
    assert status == 200 and approved.state == models.SubmissionStateEnum.APPROVED

    # The coordinator compiles a preview, follows it and downloads the PDF.
    coordinator = signed_in(token_for("cora", live_server, current_code(cora)))
    editions, status = call(
        cycles_editions_create,
        open_cycle.code,
        client=coordinator,
        body=models.NewEditionRequest(
            kind=models.ReportKindEnum.REGIONAL,
            mode=models.EditionModeEnum.PREVIEW,
            languages=[models.LanguageEnum.EN],
        ),
    )
    assert status == 202
    [edition] = editions
    assert (edition.state, edition.download_url) == (models.EditionStateEnum.QUEUED, None)
    assert queued == [edition.id]
    edition_compile(edition_id=edition.id)  # what the worker does with the queued task
    followed, status = call(editions_retrieve, edition.id, client=coordinator)
    assert (status, followed.state, followed.progress) == (
        200,
        models.EditionStateEnum.SUCCEEDED,
        100,
    )
    assert followed.page_count > 0
    pdf, status = call(editions_download_retrieve, edition.id, client=coordinator)
    assert status == 200 and pdf.payload.read(5) == b"%PDF-"

    # Revoking the token ends it.
    _nothing, status = call(auth_token_destroy, client=coordinator)
    assert status == 204
    gone, status = call(me_retrieve, client=coordinator)
    assert status == 401 and gone.error.code == "authentication_failed"
