"""Who may call every endpoint of the API: the access rules as a table.

The same rules as the pages (tests/functional/test_permissions.py), through the API's
surface. Each row reads "endpoint, method, whose submission, in which state, who -> status"
and, for a call that changes something, whether it changed. "anyone else" stands for every
signed-in persona not named in an earlier row of the same key; a visitor who is not signed in
("anonymous") gets 401 from every endpoint. One test runs per key: it builds the data once,
then makes each persona's call in a savepoint that is rolled back.

How the API answers, where the pages redirect with a message:
- what the caller may not see is 404, in lists (left out) and details alike;
- what they see but the rules refuse is 403 with the reason (`error.code` "refused");
- the working draft, its indicator values and its files are the organisation's focal
  points' alone (the progress form); readers get the submitted revision.
"""

import pytest
from django.urls import reverse

from gcm_portal.accounts.models import Organisation
from objectives.models import DisaggregationDimension
from reporting.models import Comment, Evidence, ReportEdition, Submission
from tests import access_matrix
from tests.access_matrix import ELSE, Case
from tests.api.conftest import PEOPLE, SIGNED_IN
from tests.builders import assign
from tests.functional.test_permissions import (
    READ,
    REASON,
    REMOVED_EVIDENCE,
    make_removed_evidence,
    make_submission,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

EVERYONE = " ".join(SIGNED_IN)
OWNERS = ["gov", "cso"]
STATES = ["draft", "submitted", "returned", "approved"]
FOCAL_POINT = {"gov": "alice dual", "cso": "carol"}
EDITABLE = {"draft", "returned"}
REVIEW_SIDE = "rita cora insider dual ada"


def _by_visibility(url: str, method: str, allowed: dict, refused: int = 403) -> list:
    """Rows for a call on a submission: `allowed` maps (owner, state) to (who, status,
    changed); everyone else who can see the submission is refused (no change), and those who
    cannot see it get 404."""
    rows = []
    for owner, state, who, status in READ:
        if (owner, state) in allowed and who != ELSE:
            actors, outcome, changed = allowed[(owner, state)]
            rows.append((url, method, owner, state, actors, outcome, changed))
            who = " ".join(p for p in who.split() if p not in actors.split())
        outcome = refused if status == 200 else 404
        rows.append((url, method, owner, state, who, outcome, False if method != "GET" else None))
    return rows


def _own_draft(url: str, method: str, status: int, refused: int = 403) -> list:
    """The organisation's focal points only: `status` while editable (or for reading),
    `refused` once locked; 404 for anyone else."""
    rows = []
    for owner in OWNERS:
        for state in STATES:
            if method == "GET":
                outcome, changed = status, None
            else:
                outcome, changed = (status, True) if state in EDITABLE else (refused, False)
            rows.append((url, method, owner, state, FOCAL_POINT[owner], outcome, changed))
            rows.append((url, method, owner, state, ELSE, 404, None if method == "GET" else False))
    return rows


def _conversation(url: str, allowed: dict[tuple[str, str], tuple[str, int]]) -> list:
    """Rows for an action on a reviewer's comment: `allowed` maps (owner, state) to (who,
    status); the others who read the conversation are refused, and it is not there for
    anyone else."""
    rows = []
    for owner in OWNERS:
        for state in STATES:
            readers = FOCAL_POINT[owner].split()
            if state != "draft":
                readers += [who for who in REVIEW_SIDE.split() if who not in readers]
            actors, status = allowed.get((owner, state), ("", 0))
            if actors:
                rows.append((url, "POST", owner, state, actors, status, True))
            rest = " ".join(who for who in readers if who not in actors.split())
            if rest:
                rows.append((url, "POST", owner, state, rest, 403, False))
            rows.append((url, "POST", owner, state, ELSE, 404, False))
    return rows


# Reviewers of another organisation while it is under review; the organisation's focal
# points while they can edit it.
UNDER_REVIEW = {("gov", "submitted"): "rita", ("cso", "submitted"): "rita insider dual"}
EDITING = {(owner, state): FOCAL_POINT[owner] for owner in OWNERS for state in sorted(EDITABLE)}


def _comment_readers() -> list:
    rows = []
    for owner in OWNERS:
        for state in STATES:
            readers = FOCAL_POINT[owner].split()
            if state != "draft":
                readers += [who for who in REVIEW_SIDE.split() if who not in readers]
            rows.append(("submission-comments", "GET", owner, state, " ".join(readers), 200, None))
            rows.append(("submission-comments", "GET", owner, state, ELSE, 404, None))
    return rows


def _transitions(action: str, allowed: dict[tuple[str, str], tuple[str, str]]) -> list:
    """`allowed` maps (owner, state) to (who, resulting state); the outcome is the status and
    the state afterwards."""
    rows = []
    for owner, state, who, status in READ:
        if (owner, state) in allowed and who != ELSE:
            actors, target = allowed[(owner, state)]
            rows.append((f"submission-{action}", "POST", owner, state, actors, 200, target))
            who = " ".join(p for p in who.split() if p not in actors.split())
        outcome = 403 if status == 200 else 404
        rows.append((f"submission-{action}", "POST", owner, state, who, outcome, state))
    return rows


# url, method, owner, state, who, status, changed (None: a read; for the list: listed)
SUBMISSION_ENDPOINTS = [
    *[
        (url, "GET", owner, state, who, status, None)
        for url in ("submission-detail", "submission-events", "evidence-download")
        for owner, state, who, status in READ
    ],
    # The list answers 200 to everyone; what matters is whether the submission is in it.
    *[("submission-list", "GET", o, s, who, 200, status == 200) for o, s, who, status in READ],
    *_own_draft("submission-draft", "GET", 200),
    *_own_draft("submission-draft", "PATCH", 200),
    *_own_draft("submission-indicator-values", "GET", 200),
    *_own_draft("submission-evidence", "GET", 200),
    *_own_draft("submission-evidence", "POST", 201),
    *_own_draft("submission-evidence-item", "DELETE", 204),
    *_comment_readers(),
    *_conversation(
        "comment-reply",
        {key: (who, 201) for key, who in {**UNDER_REVIEW, **EDITING}.items()},
    ),
    *_conversation("comment-address", {key: (who, 200) for key, who in EDITING.items()}),
    *_conversation("comment-resolve", {key: (who, 200) for key, who in UNDER_REVIEW.items()}),
    # Reviewers of another organisation comment while the submission is under review.
    *_by_visibility(
        "submission-comments",
        "POST",
        {
            ("gov", "submitted"): ("rita", 201, True),
            ("cso", "submitted"): ("rita insider dual", 201, True),
        },
    ),
    *_transitions(
        "submit",
        {
            ("gov", "draft"): ("alice dual", "submitted"),
            ("gov", "returned"): ("alice dual", "submitted"),
            ("cso", "draft"): ("carol", "submitted"),
            ("cso", "returned"): ("carol", "submitted"),
        },
    ),
    *_transitions(
        "withdraw",
        {
            ("gov", "submitted"): ("alice dual", "draft"),
            ("cso", "submitted"): ("carol", "draft"),
        },
    ),
    # Neither the MoMD insider nor dual (a MoMD focal point) reviews MoMD's work; both review
    # the CSO's.
    *_transitions(
        "return",
        {
            ("gov", "submitted"): ("rita", "returned"),
            ("cso", "submitted"): ("rita insider dual", "returned"),
        },
    ),
    *_transitions(
        "approve",
        {
            ("gov", "submitted"): ("rita", "approved"),
            ("cso", "submitted"): ("rita insider dual", "approved"),
        },
    ),
    # Cora coordinates from MoMD: she reopens the CSO's work, not her own ministry's.
    *_transitions("reopen", {("cso", "approved"): ("cora", "returned")}),
]

# Endpoints that are not about one submission: url, method, variant, who, status, changed
SITE_ENDPOINTS = [
    ("me", "GET", "", EVERYONE, 200, None),
    ("auth-token", "DELETE", "", EVERYONE, 204, True),
    *[
        (f"{name}-{kind}", "GET", "", EVERYONE, 200, None)
        for name in ("objective", "principle", "strategy-action", "indicator", "cycle")
        for kind in ("list", "detail")
    ],
    ("organisation-list", "GET", "", EVERYONE, 200, None),
    # The catalogue's disaggregation dimensions; an indicator's series (approved values).
    ("disaggregation-list", "GET", "", EVERYONE, 200, None),
    ("disaggregation-detail", "GET", "", EVERYONE, 200, None),
    ("indicator-series", "GET", "", EVERYONE, 200, None),
    # The catalogue names the Ministry of Planning (it leads a strategy action).
    ("organisation-detail", "GET", "mop", EVERYONE, 200, None),
    # The Ministry of Interior: its own people, and the review side.
    ("organisation-detail", "GET", "moi", f"bob {REVIEW_SIDE}", 200, None),
    ("organisation-detail", "GET", "moi", ELSE, 404, None),
    # Starting MoMD's report on its assigned objective: only MoMD's focal point. Those who
    # cannot look MoMD up are told to choose an organisation (400); the others are refused.
    ("submission-list", "POST", "", "alice dual", 201, True),
    ("submission-list", "POST", "", "cora insider rita ada", 403, False),
    ("submission-list", "POST", "", ELSE, 400, False),
    # Compiled reports: final editions for every member, previews for those who prepare the
    # report; only coordinators compile.
    ("cycle-editions", "GET", "final", EVERYONE, 200, None),
    ("cycle-editions", "POST", "", "cora ada", 202, True),
    ("cycle-editions", "POST", "", ELSE, 403, False),
    *[
        row
        for url in ("edition-detail", "edition-download", "edition-word")
        for row in [
            (url, "GET", "final", EVERYONE, 200, None),
            (url, "GET", "preview", REVIEW_SIDE, 200, None),
            (url, "GET", "preview", ELSE, 404, None),
        ]
    ],
    # Spreadsheets: every member exports approved content; coordinators import.
    ("cycle-export", "GET", "", EVERYONE, 200, None),
    ("cycle-import-template", "GET", "", "cora ada", 200, None),
    ("cycle-import-template", "GET", "", ELSE, 404, None),
    ("cycle-imports", "POST", "", "cora ada", 201, True),
    ("cycle-imports", "POST", "", ELSE, 404, False),
    ("import-detail", "GET", "", "cora ada", 200, None),
    ("import-detail", "GET", "", ELSE, 404, None),
    ("import-commit", "POST", "", "cora ada", 201, True),
    ("import-commit", "POST", "", ELSE, 404, False),
]

# The pledge register: endpoint, method, state of MoMD's pledge (or, "update-...", of the
# update of its approved pledge for the open cycle), who, status, changed. Read like
# submissions; written by the organisation's focal points; decided by reviewers of another
# organisation.
PLEDGE_READERS = {
    "draft": "alice dual ada",
    "submitted": f"alice {REVIEW_SIDE}",
    "approved": EVERYONE,
    "update-submitted": f"alice {REVIEW_SIDE}",
}
PLEDGE_ENDPOINTS = [
    ("pledge-list", "GET", "approved", EVERYONE, 200, None),
    ("pledge-list", "POST", "approved", "alice dual", 201, True),
    ("pledge-list", "POST", "approved", ELSE, 403, False),
    *[
        row
        for state in ("draft", "submitted", "approved")
        for row in [
            ("pledge-detail", "GET", state, PLEDGE_READERS[state], 200, None),
            *([("pledge-detail", "GET", state, ELSE, 404, None)] if state != "approved" else []),
        ]
    ],
    ("pledge-detail", "PATCH", "draft", "alice dual", 200, True),
    ("pledge-detail", "PATCH", "draft", "ada", 403, False),
    ("pledge-detail", "PATCH", "draft", ELSE, 404, False),
    ("pledge-detail", "DELETE", "draft", "alice dual", 204, True),
    ("pledge-detail", "DELETE", "draft", "ada", 403, False),
    ("pledge-detail", "DELETE", "draft", ELSE, 404, False),
    ("pledge-transition", "POST", "submitted", "rita", 200, True),
    ("pledge-transition", "POST", "submitted", "alice cora insider dual ada", 403, False),
    ("pledge-transition", "POST", "submitted", ELSE, 404, False),
    ("pledge-update-list", "GET", "update-submitted", EVERYONE, 200, None),
    (
        "pledge-update-detail",
        "GET",
        "update-submitted",
        PLEDGE_READERS["update-submitted"],
        200,
        None,
    ),
    ("pledge-update-detail", "GET", "update-submitted", ELSE, 404, None),
    ("pledge-update-detail", "PUT", "update-draft", "alice dual", 200, True),
    ("pledge-update-detail", "PUT", "update-draft", ELSE, 403, False),
    ("pledge-update-transition", "POST", "update-submitted", "rita", 200, True),
    (
        "pledge-update-transition",
        "POST",
        "update-submitted",
        "alice cora insider dual ada",
        403,
        False,
    ),
    ("pledge-update-transition", "POST", "update-submitted", ELSE, 404, False),
]


TRANSITION_NAMES = {"submit", "withdraw", "return", "approve", "reopen"}


def _anonymous(url: str, method: str, *variant) -> tuple:
    """401 for everything, and nothing changes."""
    if method == "GET":
        return 401, None
    if url.removeprefix("submission-") in TRANSITION_NAMES:
        return 401, variant[1]  # the state stays as it was
    return 401, False


def expand(rows: list[tuple], key_size: int) -> list[Case]:
    return access_matrix.expand(rows, key_size=key_size, signed_in=SIGNED_IN, anonymous=_anonymous)


SUBMISSION_CASES = expand(SUBMISSION_ENDPOINTS, key_size=4)
REMOVED_EVIDENCE_CASES = expand(
    [("evidence-download", "GET", *row, None) for row in REMOVED_EVIDENCE], key_size=4
)
SITE_CASES = expand(SITE_ENDPOINTS, key_size=3)
PLEDGE_CASES = expand(PLEDGE_ENDPOINTS, key_size=3)
# Consultations of a cycle: endpoint, method, who, status, changed. The review side reads
# them (a change is refused: 403); the national coordinator (the superuser stands in) keeps
# them; anyone else does not see them (404), and may not record one (403).
KEEPERS = "cora ada"
CONSULTATION_ENDPOINTS = [
    ("cycle-consultations", "GET", REVIEW_SIDE, 200, None),
    ("cycle-consultations", "GET", ELSE, 404, None),
    ("cycle-consultations", "POST", KEEPERS, 201, True),
    ("cycle-consultations", "POST", "rita insider dual", 403, False),
    ("cycle-consultations", "POST", ELSE, 403, False),
    ("consultation-detail", "GET", REVIEW_SIDE, 200, None),
    ("consultation-detail", "GET", ELSE, 404, None),
    ("consultation-detail", "PUT", KEEPERS, 200, True),
    ("consultation-detail", "PUT", "rita insider dual", 403, False),
    ("consultation-detail", "PUT", ELSE, 404, False),
    ("consultation-detail", "PATCH", KEEPERS, 200, True),
    ("consultation-detail", "PATCH", "rita insider dual", 403, False),
    ("consultation-detail", "PATCH", ELSE, 404, False),
    ("consultation-detail", "DELETE", KEEPERS, 204, True),
    ("consultation-detail", "DELETE", "rita insider dual", 403, False),
    ("consultation-detail", "DELETE", ELSE, 404, False),
    ("consultation-inputs", "POST", KEEPERS, 201, True),
    ("consultation-inputs", "POST", "rita insider dual", 403, False),
    ("consultation-inputs", "POST", ELSE, 404, False),
    ("consultation-input-download", "GET", REVIEW_SIDE, 200, None),
    ("consultation-input-download", "GET", ELSE, 404, None),
]
CONSULTATION_CASES = expand(CONSULTATION_ENDPOINTS, key_size=2)
COVERED = {
    f"api:{case.url}" for case in SUBMISSION_CASES + SITE_CASES + PLEDGE_CASES + CONSULTATION_CASES
}
# Tested in test_contract.py: signing in for a token needs a password, not a token; the
# schema and the docs page are for signed-in people (test_schema.py).
COVERED_ELSEWHERE = {"api:auth-token", "api:schema", "api:docs"}


def each_persona(world, attempt) -> dict[str, tuple]:
    """Return {who: attempt(who, client)}, each made on the same data, then rolled back."""
    return access_matrix.each_persona(PEOPLE, lambda who: attempt(who, world["clients"][who]))


def call(client, method: str, url: str, data=None, **kwargs):
    return getattr(client, method.lower())(url, data, **kwargs)


# --- submissions ----------------------------------------------------------------------------


def _observe(url: str, submission: Submission, evidence: Evidence):
    """The part of the database the endpoint is meant to change."""
    if url == "submission-draft":
        return Submission.objects.get(pk=submission.pk).progress
    if url == "submission-evidence":
        return Evidence.objects.filter(submission=submission).count()
    if url == "submission-evidence-item":
        return Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).exists()
    if url in ("submission-comments", "comment-reply"):
        return Comment.objects.filter(submission=submission).count()
    if url in ("comment-address", "comment-resolve"):
        return Comment.objects.get(submission=submission, parent=None).state
    return None


@pytest.mark.parametrize("case", SUBMISSION_CASES, ids=str)
def test_submission_endpoints(world, case):
    submission, evidence = make_submission(world, case.owner, case.state)
    if case.url == "evidence-download":
        args = [evidence.pk]
    elif case.url == "submission-evidence-item":
        args = [submission.pk, evidence.pk]
    elif case.url == "submission-list":
        args = []
    elif case.url.startswith("comment-"):
        latest = submission.revisions.order_by("-number").first()
        thread = Comment.objects.create(
            submission=submission,
            revision=latest,
            field="progress",
            body="Which years?",
            author=world["people"]["rita"],
        )
        args = [submission.pk, thread.pk]
    else:
        args = [submission.pk]
    url = reverse(f"api:{case.url}", args=args)
    action = case.url.removeprefix("submission-")

    def attempt(who, client):
        data, options = None, {"format": "json"}
        if case.url == "submission-draft" and case.method == "PATCH":
            data = {"version": submission.version, "progress": f"Rewritten by {who}."}
        elif case.url == "submission-evidence" and case.method == "POST":
            data, options = {"file": pdf_upload("more.pdf")}, {"format": "multipart"}
        elif case.url == "submission-comments" and case.method == "POST":
            data = {"field": "progress", "body": "Which governorates?"}
        elif case.url == "comment-reply":
            data = {"body": "2022 and 2023."}
        elif case.url == "comment-address":
            data = {"note": "Years added."}
        elif action in TRANSITION_NAMES:
            data = {"reason": REASON}
        before = _observe(case.url, submission, evidence)
        response = call(client, case.method, url, data, **options)
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
        if case.url == "evidence-download" and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
        if case.url == "submission-list":
            listed = submission.pk in {item["id"] for item in response.json().get("results", [])}
            return response.status_code, listed if response.status_code == 200 else None
        if action in TRANSITION_NAMES:
            return response.status_code, Submission.objects.get(pk=submission.pk).state
        assert Submission.objects.get(pk=submission.pk).state == case.state
        if case.method == "GET":
            return response.status_code, None
        return response.status_code, _observe(case.url, submission, evidence) != before

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", REMOVED_EVIDENCE_CASES, ids=str)
def test_downloading_removed_evidence(world, case):
    removed = make_removed_evidence(world, case.owner, case.state)
    url = reverse("api:evidence-download", args=[removed])

    def attempt(who, client):
        response = client.get(url)
        if response.status_code == 404:
            assert response.json()["error"]["code"] == "not_found"
        return response.status_code, None

    assert each_persona(world, attempt) == case.expected


# --- the rest -------------------------------------------------------------------------------


def make_edition(world, mode: str) -> ReportEdition:
    from django.core.files.base import ContentFile

    from tests.functional.test_permissions import PDF

    edition = ReportEdition.objects.create(
        cycle=world["cycle"],
        kind="regional",
        language="en",
        mode=mode,
        requested_by=world["people"]["cora"],
        state="succeeded",
        progress=100,
    )
    edition.pdf.save(f"edition-{edition.pk}.pdf", ContentFile(PDF))
    edition.docx.save(f"edition-{edition.pk}.docx", ContentFile(b"PK\x03\x04 word"))
    return edition


def _site_url(world, case: Case) -> str:
    name = case.url
    if name in ("edition-detail", "edition-download", "edition-word"):
        return reverse(f"api:{name}", args=[make_edition(world, case.owner).pk])
    if name == "cycle-editions":
        make_edition(world, "final")
        return reverse(f"api:{name}", args=[world["cycle"].code])
    if name in ("cycle-export", "cycle-import-template", "cycle-imports"):
        return reverse(f"api:{name}", args=[world["cycle"].code])
    if name in ("import-detail", "import-commit"):
        from reporting.models import DataTransfer

        check = DataTransfer.objects.create(
            kind="import",
            format="xlsx",
            dataset="strategy_indicators",
            state="rejected",
            cycle=world["cycle"],
            user=world["people"]["cora"],
            language="en",
            file_name="strategy.xlsx",
            summary={"problem_count": 1, "problems": []},
        )
        return reverse(f"api:{name}", args=[check.pk])
    detail_of = {
        "objective-detail": lambda: 10,
        "principle-detail": lambda: 1,
        "strategy-action-detail": lambda: world["strategy_action"].pk,
        "indicator-detail": lambda: world["indicator"].pk,
        "indicator-series": lambda: world["indicator"].pk,
        "disaggregation-detail": lambda: DisaggregationDimension.objects.get(code="sex").pk,
        "cycle-detail": lambda: world["cycle"].code,
        "organisation-detail": lambda: world["organisations"][case.owner].pk,
    }
    if name in detail_of:
        return reverse(f"api:{name}", args=[detail_of[name]()])
    return reverse(f"api:{name}")


@pytest.mark.parametrize("case", SITE_CASES, ids=str)
def test_site_endpoints(world, case, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from objectives.models import Objective
    from reporting.models import DataTransfer

    monkeypatch.setattr("reporting.services.editions._enqueue", lambda edition_id: None)
    momd = world["organisations"]["gov"]
    assign(world["cycle"], momd, objective=3)
    url = _site_url(world, case)
    data = {
        "submission-list": {
            "cycle": world["cycle"].code,
            "organisation": momd.pk,
            "subject_kind": "objective",
            "subject_id": Objective.objects.get(number=3).pk,
        },
        "cycle-editions": {"kind": "regional", "mode": "preview", "languages": ["en", "ar"]},
        "import-commit": {"sha256": "0" * 64},
    }.get(case.url)

    def observe():
        from rest_framework.authtoken.models import Token

        return {
            "submission-list": lambda: Submission.objects.filter(organisation=momd).count(),
            "cycle-editions": lambda: ReportEdition.objects.count(),
            "auth-token": lambda: Token.objects.count(),
            "cycle-imports": lambda: DataTransfer.objects.count(),
            "import-commit": lambda: DataTransfer.objects.count(),
        }.get(case.url, lambda: None)()

    def attempt(who, client):
        before = observe()
        if case.url == "cycle-imports":
            upload = SimpleUploadedFile("strategy.xlsx", b"not a workbook")
            response = call(client, case.method, url, {"file": upload}, format="multipart")
        else:
            response = call(client, case.method, url, data, format="json")
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", PLEDGE_CASES, ids=str)
def test_pledge_endpoints(world, case):
    from reporting.models import Pledge, PledgeUpdate
    from tests.functional.test_permissions import make_pledge
    from tests.integration.test_pledges import DESCRIPTION

    state = case.owner  # the third part of the key
    pledge, update, _evidence = make_pledge(world, state)
    cycle = world["cycle"]
    url = {
        "pledge-list": "/api/v1/pledges/",
        "pledge-detail": f"/api/v1/pledges/{pledge.pk}/",
        "pledge-transition": f"/api/v1/pledges/{pledge.pk}/transition/",
        "pledge-update-list": f"/api/v1/pledges/{pledge.pk}/updates/",
        "pledge-update-detail": f"/api/v1/pledges/{pledge.pk}/updates/{cycle.code}/",
        "pledge-update-transition": f"/api/v1/pledge-updates/{update.pk if update else 0}/"
        "transition/",
    }[case.url]
    data = {
        "pledge-list": {
            "cycle": "imrf-2022",
            "organisation": world["organisations"]["gov"].pk,
            "kind": "individual",
            "form": "policy",
            "title_en": "Another pledge",
            "description_en": DESCRIPTION,
        },
        "pledge-detail": {"target": "Changed"},
        "pledge-transition": {"action": "approve"},
        "pledge-update-detail": {"status": "delayed", "narrative_en": "Changed."},
        "pledge-update-transition": {"action": "approve"},
    }.get(case.url)

    def observe():
        return (
            list(Pledge.objects.values_list("pk", "state", "target")),
            list(PledgeUpdate.objects.values_list("pk", "state", "status")),
        )

    def attempt(who, client):
        before = observe()
        response = call(client, case.method, url, data, format="json")
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", CONSULTATION_CASES, ids=str)
def test_consultation_endpoints(world, case):
    import datetime

    from reporting.models import Consultation, ConsultationInput
    from reporting.services.consultations import ConsultationData, consultation_create

    cycle = world["cycle"]
    consultation = consultation_create(
        user=world["people"]["cora"],
        cycle=cycle,
        data=ConsultationData(
            title="Online consultation",
            language="en",
            starts_on=datetime.date(2028, 2, 1),
            format="online",
            organiser_name="MoMD",
        ),
        uploads=[pdf_upload("comments.pdf")],
    )
    kept = consultation.inputs.get()
    args = {
        "cycle-consultations": [cycle.code],
        "consultation-input-download": [kept.pk],
    }.get(case.url, [consultation.pk])
    url = reverse(f"api:{case.url}", args=args)
    record = {
        "title": "Written consultation",
        "language": "en",
        "starts_on": "2028-02-03",
        "format": "written",
        "organiser_name": "MoMD",
        "participants": [{"stakeholder_type": "government", "women": 2, "men": 3}],
    }
    data = {"PATCH": {"title": "Renamed"}, "GET": None}.get(case.method, record)

    def observe():
        return (
            sorted(Consultation.objects.values_list("pk", "title", "version")),
            ConsultationInput.objects.count(),
        )

    def attempt(who, client):
        before = observe()
        if case.url == "consultation-inputs":
            response = client.post(url, {"file": pdf_upload("more.pdf")}, format="multipart")
        else:
            response = call(client, case.method, url, data, format="json")
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


def test_every_endpoint_is_in_the_matrix():
    names = {name for name, _parameters in access_matrix.project_urls() if name.startswith("api:")}
    assert names - COVERED - COVERED_ELSEWHERE == set(), "add the new endpoint to a table"
    assert COVERED - names == set()


# --- what the lists hold ----------------------------------------------------------------


def test_organisations_each_persona_may_look_up(world):
    """Their own, those whose submissions they read, those the catalogue names; all of them
    for the review side."""
    make_submission(world, "cso", "approved")
    everyone = set(Organisation.objects.values_list("slug", flat=True))
    url = reverse("api:organisation-list")
    seen = {
        who: {o["slug"] for o in world["clients"][who].get(url).json()["results"]}
        for who in SIGNED_IN
    }
    # momd: alice's, cora's and the insider's; mop: victor's, and it leads a strategy action;
    # rights-network: carol's, supporting that action, with an approved submission.
    catalogue = {"mop", "rights-network"}
    assert seen == {
        "alice": {"momd"} | catalogue,
        "bob": {"moi"} | catalogue,
        "carol": catalogue,
        "victor": catalogue,
        "rita": everyone,
        "cora": everyone,
        "insider": everyone,
        "dual": everyone,
        "ada": everyone,
    }


def test_lists_never_show_another_organisations_draft(world):
    drafts = {owner: make_submission(world, owner, "draft")[0] for owner in OWNERS}
    for who in SIGNED_IN:
        listed = {
            item["id"]
            for item in world["clients"][who].get("/api/v1/submissions/").json()["results"]
        }
        if who == "ada":
            assert listed == {draft.pk for draft in drafts.values()}
        else:
            own = [o for o, people in FOCAL_POINT.items() if who in people.split()]
            assert listed == {drafts[o].pk for o in own}, who


def test_evidence_of_another_submission_cannot_be_removed_through_ones_own(world):
    own, _own_file = make_submission(world, "gov", "draft")
    _other, other_file = make_submission(world, "cso", "draft")
    url = reverse("api:submission-evidence-item", args=[own.pk, other_file.pk])
    assert world["clients"]["alice"].delete(url).status_code == 404
    assert Evidence.objects.get(pk=other_file.pk).removed_at is None
