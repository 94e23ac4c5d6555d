"""Every operation of the schema, called in-process with generated data (Schemathesis).

Positive cases (data the schema allows) and negative ones (data it forbids), a few per
operation, derandomized: no 5xx, and every response, errors included, conforms to the schema
(status, content type, headers, body). The caller is Sam, who holds a token and wears every
hat: focal point of MoMD, reviewer at IOM, coordinator at the Ministry of Planning, so most
operations can succeed; path parameters point at Sam's draft, its evidence, a compiled
edition, the open cycle and one item of each catalogue list.

The operations are driven by a plain loop over `operation.as_strategy()` rather than
Schemathesis' pytest plugin (`from_fixture(...).parametrize()`), which does not run under
pytest 9 in this version.
"""

import datetime

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gcm_portal.accounts.models import Membership
from objectives.models import DisaggregationDimension, Objective, Principle
from reporting.models import Comment, ReportEdition
from reporting.services.consultations import ConsultationData, consultation_create
from reporting.services.uploads import evidence_add
from tests.builders import member, start_draft, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

# Cases per operation and mode: about 40 operations x 2 modes x this, in well under a minute.
EXAMPLES = 8
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def keep_the_test_connection():
    """Django's test client keeps the test's connection open around each request; so must
    we, or the real WSGI handler closes it (and the test's transaction) at every request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def sam(momd, iom, mop):
    sam = member("sam", momd, Membership.Role.FOCAL_POINT)
    Membership.objects.create(user=sam, organisation=iom, role=Membership.Role.REVIEWER)
    Membership.objects.create(user=sam, organisation=mop, role=Membership.Role.COORDINATOR)
    return sam


@pytest.fixture
def fixed(settings, tmp_path, monkeypatch, sam, open_cycle, momd, cso, carol, catalogue):
    """Sam's draft with a file, a CSO submission to review, a compiled final edition, a
    consultation with a file received."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("reporting.services.editions._enqueue", lambda edition_id: None)
    draft = start_draft(sam, open_cycle, momd, objective=10)
    upload = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    evidence = evidence_add(user=sam, submission_id=draft.pk, upload=upload)
    submitted(carol, open_cycle, cso, objective=3)
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="en", mode="final", state="succeeded"
    )
    edition.pdf.save("edition.pdf", ContentFile(PDF))
    edition.docx.save("edition.docx", ContentFile(b"PK\x03\x04"))
    thread = Comment.objects.create(
        submission=draft, field="progress", body="Which years?", author=carol
    )
    consultation = consultation_create(
        user=sam,
        cycle=open_cycle,
        data=ConsultationData(
            title="Online consultation",
            language="en",
            starts_on=datetime.date(2028, 2, 1),
            format="online",
            organiser_name="MoMD",
        ),
        uploads=[SimpleUploadedFile("comments.pdf", PDF, content_type="application/pdf")],
    )
    # Sam's pledge of the IMRF 2022, with an update: submitted, so that the fuzzing can
    # neither delete it (a draft can be) nor see it printed (only approved ones are).
    from reporting.models import Pledge, PledgeUpdate, ReviewCycle

    pledge = Pledge.objects.create(
        cycle=ReviewCycle.objects.get(code="imrf-2022"),
        organisation=momd,
        kind="individual",
        form="policy",
        title_en="Fair recruitment",
        state="submitted",
        submitted_at=timezone.now(),
        created_by=sam,
    )
    update = PledgeUpdate.objects.create(pledge=pledge, cycle=open_cycle, created_by=sam)
    # An import check that found a problem: committing it is refused, whatever is sent.
    from reporting.models import DataTransfer

    check = DataTransfer.objects.create(
        kind="import",
        format="xlsx",
        dataset="strategy_indicators",
        state="rejected",
        cycle=open_cycle,
        user=sam,
        language="en",
        file_name="strategy.xlsx",
        summary={"problem_count": 1, "problems": []},
    )
    return {
        "import_id": check.pk,
        "pledge_id": pledge.pk,
        "update_id": update.pk,
        "submission_id": draft.pk,
        "comment_id": thread.pk,
        "consultation_id": consultation.pk,
        "input_id": consultation.inputs.get().pk,
        "evidence_id": evidence.pk,
        "edition_id": edition.pk,
        "code": open_cycle.code,
        # {id} of the catalogue, per collection
        "objectives": Objective.objects.get(number=10).pk,
        "principles": Principle.objects.order_by("letter").first().pk,
        "strategy-actions": catalogue["strategy_action"].pk,
        "indicators": catalogue["indicator"].pk,
        "indicator_id": catalogue["indicator"].pk,
        "disaggregations": DisaggregationDimension.objects.get(code="sex").pk,
        "organisations": momd.pk,
    }


def _excluded(case) -> list:
    """A body can fit the schema and still be refused for what it says: an unknown cycle, an
    organisation one may not report for, an indicator of another subject, a text over its
    word limit. Those are 400s by design, so writes are not held to "valid data is accepted";
    reads (filters, pages) are."""
    if case.operation.method.upper() in {"POST", "PUT", "PATCH"}:
        return [positive_data_acceptance]
    return []


def test_the_api_keeps_to_its_schema(keep_the_test_connection, sam, fixed):
    from gcm_portal.wsgi import application

    key = Token.objects.create(user=sam).key
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers=headers
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 35
    failures, succeeded = [], set()
    for operation in operations:
        collection = operation.path.split("/")[3]  # /api/v1/<collection>/...
        path_parameters = {
            p.name: fixed[collection if p.name == "id" else p.name]
            for p in operation.path_parameters
        }
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(
                generation_mode=mode, headers=headers, path_parameters=path_parameters
            )

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                response = case.call_and_validate(headers=headers, excluded_checks=_excluded(case))
                if response.status_code < 300:
                    succeeded.add(case.operation.label)
                # DELETE /auth/token/ revokes Sam's token: put it back for the next case.
                Token.objects.get_or_create(user=sam, defaults={"key": key})

            try:
                check()
            except Unsatisfiable:
                # Nothing of this operation can be made invalid: its path parameters are
                # fixed above and it has no query or body.
                assert mode == GenerationMode.NEGATIVE, operation.label
            except Exception as failure:
                failures.append(f"{mode.value} {operation.label}:\n{failure}")
    assert not failures, "\n\n".join(failures)
    # The calls reached the endpoints: every read answered with data at least once.
    reads = {op.label for op in operations if op.method.upper() == "GET"}
    assert reads - succeeded == set()
