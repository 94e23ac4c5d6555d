"""Who may open or post to every URL of the portal: the access rules as a table.

Each table row reads "URL, method, whose submission, in which state, who -> expected status"
(and, for a POST that changes something, whether it changed). "anyone else" stands for every
signed-in persona not named in an earlier row of the same URL, organisation and state, so
each combination is decided exactly once. One test runs per (URL, method, organisation,
state): it builds the submission once, then tries each persona in a savepoint that is rolled
back, so every persona meets the same data, and compares {persona: outcome} with the table.
Visitors who are not signed in are covered for every URL by walking the URL resolver, and a
URL name that no table mentions fails test_every_url_is_in_the_matrix.

The personas (tests/conftest.py), plus one:
- alice: focal point, Ministry of Migration and Displaced (MoMD), a government body
- bob: focal point, Ministry of Interior
- carol: focal point, a civil-society organisation (CSO)
- rita: IOM reviewer
- cora: national coordinator, of MoMD
- insider: reviewer who belongs to MoMD (reviewer of the same organisation)
- dual: focal point of MoMD and reviewer at IOM (roles in two organisations)
- victor: viewer, Ministry of Planning
- ada: superuser
Submissions belong to MoMD ("gov", alice's) or to the CSO ("cso", carol's).
"""

import datetime

import pytest
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import Membership, Organisation
from gcm_portal.audit.admin import AuditEntryAdmin
from objectives.models import Indicator, Objective
from reporting.admin import ReadOnlyAdmin
from reporting.models import Assignment, Comment, Evidence, Reminder, Submission
from reporting.services.submissions import submission_transition
from reporting.services.uploads import evidence_add, evidence_remove
from tests import access_matrix
from tests.access_matrix import ELSE, Case
from tests.builders import approve, assign, member, start_draft, submitted

pytestmark = pytest.mark.django_db

SIGNED_IN = ["alice", "bob", "carol", "rita", "cora", "insider", "dual", "victor", "ada"]
EVERYONE = " ".join(SIGNED_IN)
OWNERS = ["gov", "cso"]
STATES = ["draft", "submitted", "returned", "approved"]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REASON = "Add the 2027 figures."


# --- the tables -----------------------------------------------------------------------------

# What a submission's readers see: its page, its history and its evidence files.
# Focal points read their own organisation's work in every state; reviewers and coordinators
# read everything once submitted, never another organisation's draft; everyone with a
# membership reads approved work. The superuser reads everything.
READ = [
    # owner, state, who, status
    ("gov", "draft", "alice dual ada", 200),
    ("gov", "draft", ELSE, 404),  # carol: a CSO never sees a government draft
    ("gov", "submitted", "alice rita cora insider dual ada", 200),
    ("gov", "submitted", ELSE, 404),  # bob: another ministry; victor: not approved yet
    ("gov", "returned", "alice rita cora insider dual ada", 200),
    ("gov", "returned", ELSE, 404),
    ("gov", "approved", EVERYONE, 200),
    ("cso", "draft", "carol ada", 200),
    ("cso", "draft", ELSE, 404),  # alice: the government never sees a CSO draft
    ("cso", "submitted", "carol rita cora insider dual ada", 200),
    ("cso", "submitted", ELSE, 404),
    ("cso", "returned", "carol rita cora insider dual ada", 200),
    ("cso", "returned", ELSE, 404),
    ("cso", "approved", EVERYONE, 200),
]
READ_URLS = ["submission_detail", "submission_history", "evidence_download"]

# The library shows approved revisions only, to every member; a revision that was submitted
# or returned is not in it, whoever asks (its readers read it on the submission's page).
LIBRARY = [
    ("gov", "submitted", EVERYONE, 404),
    ("gov", "returned", EVERYONE, 404),
    ("gov", "approved", EVERYONE, 200),
    ("cso", "submitted", EVERYONE, 404),
    ("cso", "returned", EVERYONE, 404),
    ("cso", "approved", EVERYONE, 200),
]

# A file taken off a MoMD draft: "unsubmitted" was never in a submitted revision, so it is
# gone; "superseded" was listed in revision 1, which was returned, and removed before
# revision 2: those who read revision 1 (MoMD's focal points, the review side) still download
# it; readers of approved work read revision 2 only.
REMOVED_EVIDENCE = [
    # kind, state of the submission, who, status
    *[("unsubmitted", state, EVERYONE, 404) for state in STATES],
    *[
        row
        for state in ("returned", "submitted", "approved")
        for row in [
            ("superseded", state, "alice dual rita cora insider ada", 200),
            ("superseded", state, ELSE, 404),
        ]
    ],
]

# url, method, owner, state, who, status, changed (None: a read)
SUBMISSION_URLS = [
    # The progress form opens only for the organisation's own focal points, in every state
    # (locked once submitted); it saves only in draft and returned.
    *[("submission_edit", "GET", "gov", s, "alice dual", 200, None) for s in STATES],
    *[("submission_edit", "GET", "gov", s, ELSE, 404, None) for s in STATES],
    *[("submission_edit", "GET", "cso", s, "carol", 200, None) for s in STATES],
    *[("submission_edit", "GET", "cso", s, ELSE, 404, None) for s in STATES],
    ("submission_edit", "POST", "gov", "draft", "alice dual", 302, True),
    ("submission_edit", "POST", "gov", "returned", "alice dual", 302, True),
    ("submission_edit", "POST", "gov", "submitted", "alice dual", 302, False),  # locked
    ("submission_edit", "POST", "gov", "approved", "alice dual", 302, False),  # locked
    ("submission_edit", "POST", "cso", "draft", "carol", 302, True),
    ("submission_edit", "POST", "cso", "returned", "carol", 302, True),
    ("submission_edit", "POST", "cso", "submitted", "carol", 302, False),
    ("submission_edit", "POST", "cso", "approved", "carol", 302, False),
    *[("submission_edit", "POST", o, s, ELSE, 404, False) for o in OWNERS for s in STATES],
    # Starting from an earlier cycle's approved text: the focal points (here, with none to
    # start from, they are told so and nothing changes).
    *[
        (
            "submission_start_from",
            "POST",
            o,
            s,
            {"gov": "alice dual", "cso": "carol"}[o],
            302,
            False,
        )
        for o in OWNERS
        for s in STATES
    ],
    *[("submission_start_from", "POST", o, s, ELSE, 404, False) for o in OWNERS for s in STATES],
    # Autosave answers the focal point with a status line ("saved" or "locked").
    ("submission_autosave", "POST", "gov", "draft", "alice dual", 200, True),
    ("submission_autosave", "POST", "gov", "returned", "alice dual", 200, True),
    ("submission_autosave", "POST", "gov", "submitted", "alice dual", 200, False),
    ("submission_autosave", "POST", "gov", "approved", "alice dual", 200, False),
    ("submission_autosave", "POST", "cso", "draft", "carol", 200, True),
    ("submission_autosave", "POST", "cso", "returned", "carol", 200, True),
    ("submission_autosave", "POST", "cso", "submitted", "carol", 200, False),
    ("submission_autosave", "POST", "cso", "approved", "carol", 200, False),
    *[("submission_autosave", "POST", o, s, ELSE, 404, False) for o in OWNERS for s in STATES],
    # Evidence: attached and removed by the focal points while the draft is editable.
    ("evidence_upload", "POST", "gov", "draft", "alice dual", 302, True),
    ("evidence_upload", "POST", "gov", "returned", "alice dual", 302, True),
    ("evidence_upload", "POST", "gov", "submitted", "alice dual", 400, False),
    ("evidence_upload", "POST", "gov", "approved", "alice dual", 400, False),
    ("evidence_upload", "POST", "cso", "draft", "carol", 302, True),
    ("evidence_upload", "POST", "cso", "returned", "carol", 302, True),
    ("evidence_upload", "POST", "cso", "submitted", "carol", 400, False),
    ("evidence_upload", "POST", "cso", "approved", "carol", 400, False),
    *[("evidence_upload", "POST", o, s, ELSE, 404, False) for o in OWNERS for s in STATES],
    ("evidence_remove", "POST", "gov", "draft", "alice dual", 302, True),
    ("evidence_remove", "POST", "gov", "returned", "alice dual", 302, True),
    ("evidence_remove", "POST", "gov", "submitted", "alice dual", 302, False),  # refused, said so
    ("evidence_remove", "POST", "gov", "approved", "alice dual", 302, False),
    ("evidence_remove", "POST", "cso", "draft", "carol", 302, True),
    ("evidence_remove", "POST", "cso", "returned", "carol", 302, True),
    ("evidence_remove", "POST", "cso", "submitted", "carol", 302, False),
    ("evidence_remove", "POST", "cso", "approved", "carol", 302, False),
    *[("evidence_remove", "POST", o, s, ELSE, 404, False) for o in OWNERS for s in STATES],
    # The review screen: reviewers and coordinators, never for a draft.
    *[("review_detail", "GET", o, "draft", EVERYONE, 404, None) for o in OWNERS],
    *[
        ("review_detail", "GET", o, s, "rita cora insider dual ada", 200, None)
        for o in OWNERS
        for s in ("submitted", "returned", "approved")
    ],
    *[
        ("review_detail", "GET", o, s, ELSE, 404, None)
        for o in OWNERS
        for s in ("submitted", "returned", "approved")
    ],
    # Comments: reviewers of another organisation, while the submission is under review.
    *[("review_comment", "POST", o, "draft", EVERYONE, 404, False) for o in OWNERS],
    ("review_comment", "POST", "gov", "submitted", "rita", 302, True),
    # A role of any kind in the organisation: insider reviews at MoMD, dual reports for it.
    ("review_comment", "POST", "gov", "submitted", "insider dual", 400, False),
    ("review_comment", "POST", "gov", "submitted", "cora ada", 400, False),  # not reviewers
    ("review_comment", "POST", "gov", "submitted", ELSE, 404, False),
    ("review_comment", "POST", "cso", "submitted", "rita insider dual", 302, True),
    ("review_comment", "POST", "cso", "submitted", "cora ada", 400, False),
    ("review_comment", "POST", "cso", "submitted", ELSE, 404, False),
    *[
        ("review_comment", "POST", o, s, "rita cora insider dual ada", 400, False)
        for o in OWNERS
        for s in ("returned", "approved")
    ],
    *[
        ("review_comment", "POST", o, s, ELSE, 404, False)
        for o in OWNERS
        for s in ("returned", "approved")
    ],
    # Saying "I am reviewing this": those who may decide on it, while it is under review;
    # the rest of the review side is told why not.
    *[("review_claim", "POST", o, "draft", EVERYONE, 404, False) for o in OWNERS],
    ("review_claim", "POST", "gov", "submitted", "rita", 302, True),
    ("review_claim", "POST", "gov", "submitted", "insider dual cora ada", 302, False),
    ("review_claim", "POST", "gov", "submitted", ELSE, 404, False),
    ("review_claim", "POST", "cso", "submitted", "rita insider dual", 302, True),
    ("review_claim", "POST", "cso", "submitted", "cora ada", 302, False),
    ("review_claim", "POST", "cso", "submitted", ELSE, 404, False),
    *[
        ("review_claim", "POST", o, s, "rita cora insider dual ada", 302, False)
        for o in OWNERS
        for s in ("returned", "approved")
    ],
    *[
        ("review_claim", "POST", o, s, ELSE, 404, False)
        for o in OWNERS
        for s in ("returned", "approved")
    ],
]

# Approving several from the queue: as approving one (only work without comments); those
# off the review side get 404, and nothing they name is touched.
APPROVE_SEVERAL = [
    ("review_approve_several", "POST", "gov", "submitted", "rita", 302, "approved"),
    (
        "review_approve_several",
        "POST",
        "gov",
        "submitted",
        "insider dual cora ada",
        302,
        "submitted",
    ),
    ("review_approve_several", "POST", "gov", "submitted", ELSE, 404, "submitted"),
    ("review_approve_several", "POST", "cso", "submitted", "rita insider dual", 302, "approved"),
    ("review_approve_several", "POST", "cso", "submitted", "cora ada", 302, "submitted"),
    ("review_approve_several", "POST", "cso", "submitted", ELSE, 404, "submitted"),
]


def _transition_rows(action: str, allowed: dict[tuple[str, str], tuple[str, str]]) -> list:
    """Rows for one action: `allowed` maps (owner, state) to (who, resulting state).

    Everyone else who can see the submission is refused with a message (302, no change);
    those who cannot see it get 404.
    """
    rows = []
    for owner, state, who, status in READ:
        if (owner, state) in allowed and who != ELSE:
            actors, target = allowed[(owner, state)]
            rows.append((action, owner, state, actors, 302, target))
            who = " ".join(p for p in who.split() if p not in actors.split())
        rows.append((action, owner, state, who, 302 if status == 200 else 404, state))
    return rows


# action, owner, state, who, status, state afterwards
TRANSITIONS = [
    *_transition_rows(
        "submit",
        {
            ("gov", "draft"): ("alice dual", "submitted"),
            ("gov", "returned"): ("alice dual", "submitted"),
            ("cso", "draft"): ("carol", "submitted"),
            ("cso", "returned"): ("carol", "submitted"),
        },
    ),
    *_transition_rows(
        "withdraw",
        {
            ("gov", "submitted"): ("alice dual", "draft"),
            ("cso", "submitted"): ("carol", "draft"),
        },
    ),
    # Neither the MoMD insider nor dual (a MoMD focal point) reviews MoMD's work; both review
    # the CSO's.
    *_transition_rows(
        "return",
        {
            ("gov", "submitted"): ("rita", "returned"),
            ("cso", "submitted"): ("rita insider dual", "returned"),
        },
    ),
    *_transition_rows(
        "approve",
        {
            ("gov", "submitted"): ("rita", "approved"),
            ("cso", "submitted"): ("rita insider dual", "approved"),
        },
    ),
    # Cora coordinates from MoMD: she reopens the CSO's work, not her own ministry's.
    *_transition_rows("reopen", {("cso", "approved"): ("cora", "returned")}),
]

# Pages that are not about one submission: url, method, who, status, changed
SITE_URLS = [
    ("home", "GET", EVERYONE, 200, None),
    ("login", "GET", EVERYONE, 302, None),  # already signed in: sent home
    ("logout", "POST", EVERYONE, 302, False),
    ("logout", "GET", EVERYONE, 405, None),
    ("language_switch", "POST", EVERYONE, 302, False),
    ("language_switch", "GET", EVERYONE, 405, None),
    # The second sign-in step: those who passed it are sent on; the others have no
    # authenticator yet and are sent to set one up.
    ("two_factor_verify", "GET", EVERYONE, 302, None),
    ("two_factor_verify", "POST", EVERYONE, 302, False),
    ("two_factor_setup", "GET", EVERYONE, 200, None),
    ("two_factor_setup", "POST", EVERYONE, 200, False),  # the form again: no code given
    ("account_security", "GET", EVERYONE, 200, None),
    ("account_security", "POST", EVERYONE, 200, False),  # the form again: no code given
    ("objective_list", "GET", EVERYONE, 200, None),
    ("objective_detail", "GET", EVERYONE, 200, None),
    ("principle_list", "GET", EVERYONE, 200, None),
    ("strategy_overview", "GET", EVERYONE, 200, None),
    ("indicator_list", "GET", EVERYONE, 200, None),
    ("indicator_detail", "GET", EVERYONE, 200, None),
    ("cycle_list", "GET", EVERYONE, 200, None),
    ("healthz", "GET", EVERYONE, 200, None),
    ("my_reporting", "GET", EVERYONE, 200, None),
    ("library", "GET", EVERYONE, 200, None),
    # Starting MoMD's report on its assigned objective: only MoMD's focal point creates it;
    # anyone else is sent back to "my reporting" with the reason, and nothing is created.
    ("submission_start", "POST", "alice dual", 302, True),
    ("submission_start", "POST", ELSE, 302, False),
    ("submission_start", "GET", EVERYONE, 405, None),
    ("review_queue", "GET", "rita cora insider dual ada", 200, None),
    ("review_queue", "GET", ELSE, 404, None),
    ("coverage", "GET", "cora ada", 200, None),
    ("coverage", "GET", ELSE, 404, None),
    ("reminder_send", "POST", "cora ada", 302, True),
    ("reminder_send", "POST", ELSE, 404, False),
    ("assignments", "GET", "cora ada", 200, None),
    ("assignments", "GET", ELSE, 404, None),
    ("assignments", "POST", "cora ada", 302, True),
    ("assignments", "POST", ELSE, 404, False),
]

# Pages a visitor who is not signed in may use; every other URL sends them to sign in.
PUBLIC = {
    ("login", "GET"): 200,
    ("login", "POST"): 200,  # the form again, with what was missing
    ("logout", "POST"): 302,
    ("language_switch", "POST"): 302,
    ("logout", "GET"): 405,
    ("language_switch", "GET"): 405,
    ("healthz", "GET"): 200,
    ("healthz", "POST"): 405,
}


def expand(rows: list[tuple], key_size: int) -> list[Case]:
    return access_matrix.expand(rows, key_size=key_size, signed_in=SIGNED_IN)


READ_CASES = expand([(url, "GET", *row, None) for url in READ_URLS for row in READ], key_size=4)
APPROVE_SEVERAL_CASES = expand(APPROVE_SEVERAL, key_size=4)
LIBRARY_CASES = expand([("library_entry", "GET", *row, None) for row in LIBRARY], key_size=4)
REMOVED_EVIDENCE_CASES = expand(
    [("evidence_download", "GET", *row, None) for row in REMOVED_EVIDENCE], key_size=4
)
SUBMISSION_CASES = expand(SUBMISSION_URLS, key_size=4)
# All transitions are POSTs; their cases carry the action where the others carry the method.
TRANSITION_CASES = expand(
    [("submission_transition", action, *rest) for action, *rest in TRANSITIONS], key_size=4
)
SITE_CASES = expand(SITE_URLS, key_size=2)

# Compiled reports: url, method, mode of the edition, who, status, changed. Final editions are
# for every member; previews for those who prepare the report; only coordinators compile.
EDITION_URLS = [
    ("report_editions", "GET", "final", EVERYONE, 200, None),
    ("report_editions", "POST", "final", "cora ada", 302, True),
    ("report_editions", "POST", "final", ELSE, 404, False),
    ("edition_progress", "GET", "final", EVERYONE, 200, None),
    ("edition_progress", "GET", "preview", "rita cora insider dual ada", 200, None),
    ("edition_progress", "GET", "preview", ELSE, 404, None),
    ("edition_download", "GET", "final", EVERYONE, 200, None),
    ("edition_download", "GET", "preview", "rita cora insider dual ada", 200, None),
    ("edition_download", "GET", "preview", ELSE, 404, None),
    ("edition_download_docx", "GET", "final", EVERYONE, 200, None),
    ("edition_download_docx", "GET", "preview", "rita cora insider dual ada", 200, None),
    ("edition_download_docx", "GET", "preview", ELSE, 404, None),
]
EDITION_CASES = expand(EDITION_URLS, key_size=3)

# Writing the report: url, method, state of MoMD's chapter (cora coordinates from MoMD), who,
# status, changed. Coordinators write; the review side reads what was submitted and decides;
# no one with a role in MoMD (cora, insider, dual) reviews its chapters.
REVIEW_SIDE = "rita cora insider dual ada"
WRITING_URLS = [
    *[("report_writing", "GET", s, REVIEW_SIDE, 200, None) for s in ("draft", "submitted")],
    *[("report_writing", "GET", s, ELSE, 404, None) for s in ("draft", "submitted")],
    ("chapter_start", "POST", "draft", "cora", 302, True),
    ("chapter_start", "POST", "draft", "ada", 302, False),  # no coordinating organisation
    ("chapter_start", "POST", "draft", ELSE, 404, False),
    ("chapter_edit", "GET", "draft", "cora", 200, None),
    ("chapter_edit", "GET", "draft", ELSE, 404, None),  # the review side reads it once sent
    ("chapter_edit", "GET", "submitted", REVIEW_SIDE, 200, None),
    ("chapter_edit", "GET", "submitted", ELSE, 404, None),
    ("chapter_edit", "POST", "draft", "cora", 302, True),
    ("chapter_edit", "POST", "draft", ELSE, 404, False),
    ("chapter_edit", "POST", "submitted", "cora", 302, False),  # locked, said so
    ("chapter_edit", "POST", "submitted", "rita insider dual ada", 404, False),
    ("chapter_edit", "POST", "submitted", ELSE, 404, False),
    # Approving: IOM's reviewer only; the others who read it are refused with a message.
    ("chapter_transition", "POST", "submitted", "rita", 302, True),
    ("chapter_transition", "POST", "submitted", "cora insider dual ada", 302, False),
    ("chapter_transition", "POST", "submitted", ELSE, 404, False),
    ("chapter_drafter", "POST", "draft", "cora", 302, True),
    ("chapter_drafter", "POST", "draft", ELSE, 404, False),
    ("submission_exclude", "POST", "draft", "cora ada", 302, True),
    ("submission_exclude", "POST", "draft", ELSE, 404, False),
    ("validation_new", "GET", "draft", "cora ada", 200, None),
    ("validation_new", "GET", "draft", ELSE, 404, None),
    ("validation_new", "POST", "draft", "cora ada", 302, True),
    ("validation_new", "POST", "draft", ELSE, 404, False),
    ("validation_minutes", "GET", "draft", REVIEW_SIDE, 200, None),
    ("validation_minutes", "GET", "draft", ELSE, 404, None),
]
WRITING_CASES = expand(WRITING_URLS, key_size=3)

# Consultations of a cycle: url, method, who, status, changed. The coordinator keeps them (the
# superuser stands in); the review side reads them and their files; anyone else gets 404.
KEEPERS = "cora ada"
CONSULTATION_URLS = [
    ("consultation_list", "GET", REVIEW_SIDE, 200, None),
    ("consultation_list", "GET", ELSE, 404, None),
    ("consultation_new", "GET", KEEPERS, 200, None),
    ("consultation_new", "GET", ELSE, 404, None),
    ("consultation_new", "POST", KEEPERS, 302, True),
    ("consultation_new", "POST", ELSE, 404, False),
    ("consultation_edit", "GET", KEEPERS, 200, None),
    ("consultation_edit", "GET", ELSE, 404, None),
    ("consultation_edit", "POST", KEEPERS, 302, True),
    ("consultation_edit", "POST", ELSE, 404, False),
    ("consultation_delete", "POST", KEEPERS, 302, True),
    ("consultation_delete", "POST", ELSE, 404, False),
    ("consultation_input_download", "GET", REVIEW_SIDE, 200, None),
    ("consultation_input_download", "GET", ELSE, 404, None),
    ("consultation_input_remove", "POST", KEEPERS, 302, True),
    ("consultation_input_remove", "POST", ELSE, 404, False),
]
CONSULTATION_CASES = expand(CONSULTATION_URLS, key_size=2)

# Spreadsheets: url, method, who, status, changed (a DataTransfer row written). Every member
# exports approved content, and each export is recorded; only the coordinator downloads the
# import template, checks a file and commits it.
SPREADSHEET_URLS = [
    ("spreadsheets", "GET", EVERYONE, 200, None),
    ("spreadsheet_export", "POST", EVERYONE, 200, True),
    ("spreadsheet_export", "GET", EVERYONE, 405, None),
    ("import_template", "POST", "cora ada", 200, True),
    ("import_template", "POST", ELSE, 404, False),
    ("import_upload", "POST", "cora ada", 302, True),
    ("import_upload", "POST", ELSE, 404, False),
    ("import_detail", "GET", "cora ada", 200, None),
    ("import_detail", "GET", ELSE, 404, None),
    ("import_commit", "POST", "cora ada", 302, True),
    ("import_commit", "POST", ELSE, 404, False),
]
SPREADSHEET_CASES = expand(SPREADSHEET_URLS, key_size=2)
# Translations: url, method, who, status, changed. Translators and coordinators work on them
# (the superuser stands in for the coordinator); a translation made by a translator outside
# the personas is reviewed by them; only the coordinator prints a text untranslated.
TRANSLATORS = "cora ada"
TRANSLATION_URLS = [
    ("translation_index", "GET", TRANSLATORS, 200, None),
    ("translation_index", "GET", ELSE, 404, None),
    ("translation_queue", "GET", TRANSLATORS, 200, None),
    ("translation_queue", "GET", ELSE, 404, None),
    ("translation_start", "POST", TRANSLATORS, 302, True),
    ("translation_start", "POST", ELSE, 404, False),
    ("translation_edit", "GET", TRANSLATORS, 200, None),
    ("translation_edit", "GET", ELSE, 404, None),
    ("translation_edit", "POST", TRANSLATORS, 302, True),
    ("translation_edit", "POST", ELSE, 404, False),
    ("translation_review", "POST", TRANSLATORS, 302, True),
    ("translation_review", "POST", ELSE, 404, False),
    ("translation_update", "POST", TRANSLATORS, 302, False),  # up to date already
    ("translation_update", "POST", ELSE, 404, False),
    ("translation_waive", "POST", TRANSLATORS, 302, True),
    ("translation_waive", "POST", ELSE, 404, False),
    ("xliff_download", "GET", TRANSLATORS, 200, None),
    ("xliff_download", "GET", ELSE, 404, None),
    ("xliff_upload", "POST", TRANSLATORS, 302, True),
    ("xliff_upload", "POST", ELSE, 404, False),
    ("xliff_import_detail", "GET", TRANSLATORS, 200, None),
    ("xliff_import_detail", "GET", ELSE, 404, None),
    ("xliff_import_commit", "POST", TRANSLATORS, 302, True),
    ("xliff_import_commit", "POST", ELSE, 404, False),
]
TRANSLATION_CASES = expand(TRANSLATION_URLS, key_size=2)


def _conversation(action: str, allowed: dict[tuple[str, str], str]) -> list:
    """Rows for an action on a reviewer's comment (the method column carries the action):
    `allowed` maps (owner, state) to who may; the others who read the conversation are sent
    back with the reason (302, nothing changed); it is not there for anyone else."""
    rows = []
    for owner in OWNERS:
        for state in STATES:
            readers = FOCAL_POINTS[owner].split()
            if state != "draft":
                readers += [who for who in REVIEW_SIDE.split() if who not in readers]
            actors = allowed.get((owner, state), "")
            if actors:
                rows.append(("comment_act", action, owner, state, actors, 302, True))
            rest = " ".join(who for who in readers if who not in actors.split())
            if rest:
                rows.append(("comment_act", action, owner, state, rest, 302, False))
            rows.append(("comment_act", action, owner, state, ELSE, 404, False))
    return rows


FOCAL_POINTS = {"gov": "alice dual", "cso": "carol"}
# Reviewers of another organisation while it is under review; its focal points while they
# can edit it.
UNDER_REVIEW = {("gov", "submitted"): "rita", ("cso", "submitted"): "rita insider dual"}
EDITING = {
    (owner, state): FOCAL_POINTS[owner] for owner in OWNERS for state in ("draft", "returned")
}
CONVERSATION_CASES = expand(
    [
        *_conversation("reply", {**UNDER_REVIEW, **EDITING}),
        *_conversation("address", EDITING),
        *_conversation("resolve", UNDER_REVIEW),
    ],
    key_size=4,
)

# The pledge register: url, method, state of MoMD's pledge (or, "update-...", of the update of
# its approved pledge for the open cycle, with one file attached), who, status, changed.
# Pledges are read like submissions: drafts by their organisation's focal points, what was
# submitted by the review side, what was approved by every member; the focal points edit and
# submit; reviewers of another organisation decide.
PLEDGE_READERS = {
    "draft": "alice dual ada",
    "submitted": "alice rita cora insider dual ada",
    "approved": EVERYONE,
    "update-draft": "alice dual ada",
    "update-submitted": "alice rita cora insider dual ada",
}
PLEDGE_URLS = [
    ("pledge_list", "GET", "approved", EVERYONE, 200, None),
    ("pledge_new", "GET", "approved", "alice bob carol dual", 200, None),
    ("pledge_new", "GET", "approved", ELSE, 404, None),
    ("pledge_export", "POST", "approved", EVERYONE, 200, True),
    *[
        row
        for state in ("draft", "submitted", "approved")
        for row in [
            ("pledge_detail", "GET", state, PLEDGE_READERS[state], 200, None),
            *([("pledge_detail", "GET", state, ELSE, 404, None)] if state != "approved" else []),
        ]
    ],
    ("pledge_edit", "GET", "draft", "alice dual", 200, None),
    ("pledge_edit", "GET", "draft", "ada", 302, None),
    ("pledge_edit", "GET", "draft", ELSE, 404, None),
    ("pledge_edit", "GET", "approved", EVERYONE, 302, None),
    ("pledge_delete", "POST", "draft", "alice dual", 302, True),
    ("pledge_delete", "POST", "draft", "ada", 302, False),
    ("pledge_delete", "POST", "draft", ELSE, 404, False),
    ("pledge_transition", "POST", "submitted", "rita", 302, True),
    ("pledge_transition", "POST", "submitted", "alice cora insider dual ada", 302, False),
    ("pledge_transition", "POST", "submitted", ELSE, 404, False),
    ("pledge_update", "GET", "update-draft", "alice dual ada", 200, None),
    ("pledge_update", "GET", "update-draft", ELSE, 404, None),
    ("pledge_update", "GET", "update-submitted", PLEDGE_READERS["update-submitted"], 200, None),
    ("pledge_update", "GET", "update-submitted", ELSE, 404, None),
    ("pledge_update_transition", "POST", "update-submitted", "rita", 302, True),
    (
        "pledge_update_transition",
        "POST",
        "update-submitted",
        "alice cora insider dual ada",
        302,
        False,
    ),
    ("pledge_update_transition", "POST", "update-submitted", ELSE, 404, False),
    ("pledge_evidence_add", "POST", "update-draft", "alice dual", 302, True),
    ("pledge_evidence_add", "POST", "update-draft", "ada", 302, False),
    ("pledge_evidence_add", "POST", "update-draft", ELSE, 404, False),
    ("pledge_evidence_remove", "POST", "update-draft", "alice dual", 302, True),
    ("pledge_evidence_remove", "POST", "update-draft", "ada", 302, False),
    ("pledge_evidence_remove", "POST", "update-draft", ELSE, 404, False),
    (
        "pledge_evidence_download",
        "GET",
        "update-submitted",
        PLEDGE_READERS["update-submitted"],
        200,
        None,
    ),
    ("pledge_evidence_download", "GET", "update-submitted", ELSE, 404, None),
]
PLEDGE_CASES = expand(PLEDGE_URLS, key_size=3)

COVERED = {
    c.url
    for c in READ_CASES
    + APPROVE_SEVERAL_CASES
    + LIBRARY_CASES
    + SUBMISSION_CASES
    + TRANSITION_CASES
    + SITE_CASES
    + EDITION_CASES
    + WRITING_CASES
    + CONSULTATION_CASES
    + SPREADSHEET_CASES
    + TRANSLATION_CASES
    + CONVERSATION_CASES
    + PLEDGE_CASES
}


# --- the world the cases run in -------------------------------------------------------------


@pytest.fixture
def insider(momd):
    return member("insider", momd, Membership.Role.REVIEWER)


@pytest.fixture
def world(request, settings, tmp_path, open_cycle, momd, moi, cso):
    settings.MEDIA_ROOT = tmp_path
    return {
        "cycle": open_cycle,
        "organisations": {"gov": momd, "cso": cso, "moi": moi},
        "people": {name: request.getfixturevalue(name) for name in SIGNED_IN},
    }


def pdf_upload(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_submission(world, owner: str, state: str) -> tuple[Submission, Evidence]:
    """A submission of the owner in the state, with one evidence file attached as a draft."""
    people = world["people"]
    author = people["alice" if owner == "gov" else "carol"]
    submission = start_draft(author, world["cycle"], world["organisations"][owner])
    evidence = evidence_add(user=author, submission_id=submission.pk, upload=pdf_upload())
    steps = {
        "draft": [],
        "submitted": [(author, "submit")],
        "returned": [(author, "submit"), (people["rita"], "return")],
        "approved": [(author, "submit"), (people["rita"], "approve")],
    }[state]
    for actor, action in steps:
        submission_transition(
            user=actor, submission_id=submission.pk, action=action, reason=REASON
        )
    submission.refresh_from_db()
    assert submission.state == state
    return submission, evidence


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def each_persona(world, attempt) -> dict[str, tuple]:
    """Return {who: attempt(who)}, each attempt made on the same data and then rolled back."""
    return access_matrix.each_persona(
        SIGNED_IN, lambda who: attempt(who, client_for(world["people"][who]))
    )


# --- the cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", READ_CASES, ids=str)
def test_reading_a_submission(world, case):
    submission, evidence = make_submission(world, case.owner, case.state)
    target = evidence if case.url == "evidence_download" else submission
    url = reverse(case.url, args=[target.pk])

    def attempt(who, client):
        response = client.get(url)
        if case.url == "evidence_download" and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content) == PDF
        return response.status_code, None

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", LIBRARY_CASES, ids=str)
def test_reading_the_library(world, case):
    submission, _evidence = make_submission(world, case.owner, case.state)
    url = reverse(case.url, args=[submission.revisions.get().pk])
    assert each_persona(world, lambda who, client: (client.get(url).status_code, None)) == (
        case.expected
    )


def make_removed_evidence(world, kind: str, state: str) -> int:
    """A MoMD submission in the state, and the id of a file removed from it (see
    REMOVED_EVIDENCE)."""
    people = world["people"]
    alice, rita = people["alice"], people["rita"]
    submission = start_draft(alice, world["cycle"], world["organisations"]["gov"])
    removed = evidence_add(
        user=alice, submission_id=submission.pk, upload=pdf_upload("removed.pdf")
    )

    def move(actor, action):
        submission_transition(
            user=actor, submission_id=submission.pk, action=action, reason=REASON
        )

    if kind == "unsubmitted":
        evidence_remove(user=alice, evidence_id=removed.pk)
        steps = {
            "draft": [],
            "submitted": [(alice, "submit")],
            "returned": [(alice, "submit"), (rita, "return")],
            "approved": [(alice, "submit"), (rita, "approve")],
        }[state]
    else:
        move(alice, "submit")
        move(rita, "return")
        evidence_remove(user=alice, evidence_id=removed.pk)
        steps = {
            "returned": [],
            "submitted": [(alice, "submit")],
            "approved": [(alice, "submit"), (rita, "approve")],
        }[state]
    for actor, action in steps:
        move(actor, action)
    assert Submission.objects.get(pk=submission.pk).state == state
    return removed.pk


@pytest.mark.parametrize("case", REMOVED_EVIDENCE_CASES, ids=str)
def test_downloading_removed_evidence(world, case):
    url = reverse("evidence_download", args=[make_removed_evidence(world, case.owner, case.state)])

    def attempt(who, client):
        return client.get(url).status_code, None

    assert each_persona(world, attempt) == case.expected


def _observe(url: str, submission: Submission, evidence: Evidence):
    """The part of the database the URL is meant to change."""
    if url in ("submission_edit", "submission_autosave", "submission_start_from"):
        return Submission.objects.get(pk=submission.pk).progress
    if url == "evidence_upload":
        return Evidence.objects.filter(submission=submission).count()
    if url == "evidence_remove":
        return Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).exists()
    if url == "review_comment":
        return Comment.objects.filter(submission=submission).count()
    if url == "review_claim":
        return Submission.objects.get(pk=submission.pk).claimed_by_id
    return None


def _post_data(url: str, submission: Submission, who: str) -> dict:
    if url in ("submission_edit", "submission_autosave"):
        return {
            "version": submission.version,
            "language": "en",
            "implementation_status": "in_progress",
            "progress": f"Rewritten by {who}.",
        }
    if url == "evidence_upload":
        return {"file": pdf_upload("more.pdf")}
    if url == "review_comment":
        return {"field": "progress", "body": "Which governorates?"}
    if url == "review_claim":
        return {"action": "claim"}
    return {}


@pytest.mark.parametrize("case", SUBMISSION_CASES, ids=str)
def test_working_on_a_submission(world, case):
    submission, evidence = make_submission(world, case.owner, case.state)
    args = [submission.pk, evidence.pk] if case.url == "evidence_remove" else [submission.pk]
    url = reverse(case.url, args=args)

    def attempt(who, client):
        before = _observe(case.url, submission, evidence)
        if case.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, _post_data(case.url, submission, who))
        assert not is_login_redirect(response)
        assert Submission.objects.get(pk=submission.pk).state == case.state
        changed = (
            None if case.method == "GET" else _observe(case.url, submission, evidence) != before
        )
        return response.status_code, changed

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", CONVERSATION_CASES, ids=str)
def test_answering_and_resolving_comments(world, case):
    submission, _evidence = make_submission(world, case.owner, case.state)
    thread = Comment.objects.create(
        submission=submission,
        revision=submission.revisions.order_by("-number").first(),
        field="progress",
        body="Which years?",
        author=world["people"]["rita"],
    )
    url = reverse("comment_act", args=[thread.pk, case.method])
    data = {"reply": {"body": "2022 and 2023."}, "address": {"note": "Years added."}}

    def observe():
        return (
            Comment.objects.filter(submission=submission).count(),
            Comment.objects.get(pk=thread.pk).state,
        )

    def attempt(who, client):
        before = observe()
        response = client.post(url, data.get(case.method, {}))
        assert not is_login_redirect(response)
        return response.status_code, observe() != before

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", APPROVE_SEVERAL_CASES, ids=str)
def test_approving_several_from_the_queue(world, case):
    submission, _evidence = make_submission(world, case.owner, case.state)
    url = reverse(case.url)

    def attempt(who, client):
        response = client.post(url, {"submission": [submission.pk]})
        return response.status_code, Submission.objects.get(pk=submission.pk).state

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", TRANSITION_CASES, ids=str)
def test_moving_a_submission_through_its_life_cycle(world, case):
    submission, _evidence = make_submission(world, case.owner, case.state)
    url = reverse("submission_transition", args=[submission.pk])

    def attempt(who, client):
        response = client.post(url, {"action": case.method, "reason": REASON})
        if response.status_code == 302:
            assert response.url == reverse("submission_detail", args=[submission.pk])
        return response.status_code, Submission.objects.get(pk=submission.pk).state

    assert each_persona(world, attempt) == case.expected


def _site_url(world, name: str) -> str:
    if name == "objective_detail":
        return reverse(name, args=[10])
    if name == "indicator_detail":
        indicator, _created = Indicator.objects.get_or_create(
            code="P-10-1", defaults={"name_en": "Victims referred", "kind": "number"}
        )
        return reverse(name, args=[indicator.pk])
    if name in ("submission_start", "coverage", "assignments", "reminder_send"):
        return reverse(name, args=[world["cycle"].code])
    return reverse(name)


@pytest.mark.parametrize("case", SITE_CASES, ids=str)
def test_site_pages(world, case):
    momd, moi = world["organisations"]["gov"], world["organisations"]["moi"]
    objective = Objective.objects.get(number=3)
    assign(world["cycle"], momd, objective=3)
    url = _site_url(world, case.url)
    data = {
        "submission_start": {
            "organisation": momd.pk,
            "subject_kind": "objective",
            "subject_id": objective.pk,
        },
        "assignments": {"organisation": moi.pk, "objectives": [str(objective.pk)]},
        "language_switch": {"language": "ar", "next": "/"},
        "reminder_send": {"organisation": momd.pk},
    }.get(case.url, {})
    observe = {
        "submission_start": lambda: Submission.objects.filter(organisation=momd).count(),
        "assignments": lambda: Assignment.objects.filter(organisation=moi).count(),
        "reminder_send": lambda: Reminder.objects.count(),
    }.get(case.url, lambda: None)

    def attempt(who, client):
        before = observe()
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        if case.url == "submission_start" and response.status_code == 302:
            started = Submission.objects.filter(organisation=momd).first()
            expected = reverse("submission_edit", args=[started.pk]) if started else None
            assert response.url == (expected or reverse("my_reporting"))
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


def make_edition(world, mode: str):
    from django.core.files.base import ContentFile

    from reporting.models import ReportEdition

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


@pytest.mark.parametrize("case", EDITION_CASES, ids=str)
def test_compiled_reports(world, case, monkeypatch):
    from reporting.models import ReportEdition

    monkeypatch.setattr("reporting.services.editions._enqueue", lambda edition_id: None)
    edition = make_edition(world, case.owner)
    args = [world["cycle"].code] if case.url == "report_editions" else [edition.pk]
    url = reverse(case.url, args=args)

    def attempt(who, client):
        before = ReportEdition.objects.count()
        if case.method == "POST":
            response = client.post(
                url, {"kind": "regional", "language": "both", "mode": "preview"}
            )
            return response.status_code, ReportEdition.objects.count() != before
        response = client.get(url)
        if case.url.startswith("edition_download") and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment;")
        return response.status_code, None

    assert each_persona(world, attempt) == case.expected


def make_chapter(world, state: str):
    """MoMD's foreword of the regional report, written by cora, in the state; a submission of
    MoI awaiting review; and a recorded validation with minutes."""
    from reporting.models import LayoutChapter
    from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
    from reporting.services.editions import validation_record

    people, cycle = world["people"], world["cycle"]
    cora = people["cora"]
    foreword = LayoutChapter.objects.get(layout__kind="regional", code="foreword")
    chapter = chapter_start(user=cora, cycle=cycle, layout_chapter=foreword)
    chapter = chapter_save(
        user=cora,
        chapter_id=chapter.pk,
        base_version=chapter.version,
        language="en",
        body="Iraq reports for the second time.",
    )
    if state == "submitted":
        chapter_transition(user=cora, chapter_id=chapter.pk, action="submit")
    awaiting = submitted(people["bob"], cycle, world["organisations"]["moi"], objective=4)
    validation = validation_record(
        user=cora,
        cycle=cycle,
        kind="regional",
        held_on=datetime.date(2026, 5, 1),
        body_en="National Technical Working Group on Migration",
        body_ar="",
        organisation_ids=[world["organisations"]["gov"].pk],
        decision="validated",
        minutes=pdf_upload("minutes.pdf"),
    )
    return chapter, awaiting, validation


@pytest.mark.parametrize("case", WRITING_CASES, ids=str)
def test_writing_the_report(world, case):
    from reporting.models import Chapter, Exclusion, LayoutChapter, Validation

    chapter, awaiting, validation = make_chapter(world, case.owner)
    cycle = world["cycle"]
    args = {
        "report_writing": [cycle.code, "regional"],
        "chapter_start": [cycle.code, "regional"],
        "submission_exclude": [cycle.code, "regional"],
        "validation_new": [cycle.code, "regional"],
        "validation_minutes": [validation.pk],
    }.get(case.url, [chapter.pk])
    url = reverse(case.url, args=args)
    key_messages = LayoutChapter.objects.get(layout__kind="regional", code="key-messages")
    data = {
        "chapter_start": {"layout_chapter": key_messages.pk},
        "chapter_edit": {"version": chapter.version, "language": "en", "body": "Rewritten."},
        "chapter_transition": {"action": "approve"},
        "chapter_drafter": {"drafter": world["people"]["alice"].pk},
        "submission_exclude": {"submission": awaiting.pk, "reason": "Figures disputed."},
        "validation_new": {
            "held_on": "2026-05-02",
            "body_en": "National Technical Working Group on Migration",
            "organisations": [world["organisations"]["gov"].pk],
            "decision": "validated",
        },
    }.get(case.url, {})
    observe = {
        "chapter_start": lambda: Chapter.objects.count(),
        "chapter_edit": lambda: Chapter.objects.get(pk=chapter.pk).body,
        "chapter_transition": lambda: Chapter.objects.get(pk=chapter.pk).state,
        "chapter_drafter": lambda: Chapter.objects.get(pk=chapter.pk).drafter_id,
        "submission_exclude": lambda: Exclusion.objects.count(),
        "validation_new": lambda: Validation.objects.count(),
    }.get(case.url, lambda: None)

    def attempt(who, client):
        before = observe()
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        if case.url == "validation_minutes" and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment;")
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


@pytest.mark.parametrize("case", CONSULTATION_CASES, ids=str)
def test_keeping_consultations(world, case):
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
        "consultation_list": [cycle.code],
        "consultation_new": [cycle.code],
        "consultation_input_download": [kept.pk],
        "consultation_input_remove": [kept.pk],
    }.get(case.url, [cycle.code, consultation.pk])
    url = reverse(case.url, args=args)
    data = {
        "title": "Written consultation",
        "language": "en",
        "starts_on": "2028-02-03",
        "format": "written",
        "organiser_name": "MoMD",
    }

    def observe():
        return (
            sorted(Consultation.objects.values_list("pk", "title", "version")),
            ConsultationInput.objects.count(),
        )

    def attempt(who, client):
        before = observe()
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        if case.url == "consultation_input_download" and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


def make_translations(world) -> dict:
    """Two approved English contributions: one with a complete draft translation into Arabic
    by a translator outside the personas, one untranslated; and a clean check of an XLIFF file
    translating it."""
    from lxml import etree

    from reporting.models import Translation
    from reporting.services.translation_exchange import xliff_check, xliff_export
    from reporting.services.translations import translation_save, translation_start
    from reporting.xliff import NAMESPACE

    people, cycle = world["people"], world["cycle"]
    tina = member("tina", Organisation.objects.get(kind="iom"), Membership.Role.TRANSLATOR)
    translated = approve(
        people["alice"],
        people["rita"],
        cycle,
        world["organisations"]["gov"],
        10,
        progress="Referrals rose.",
    )
    untranslated = approve(
        people["carol"],
        people["rita"],
        cycle,
        world["organisations"]["cso"],
        7,
        progress="Workers were helped.",
    )
    translation = translation_start(
        user=tina, kind="submission", object_id=translated.pk, language="ar"
    )
    translation = translation_save(
        user=tina,
        translation_id=translation.pk,
        base_version=translation.version,
        targets={"progress": ["ارتفعت الإحالات."]},
    )
    _name, data = xliff_export(user=tina, cycle=cycle, kind="regional", language="ar")
    root = etree.fromstring(data)
    for segment in root.iterfind(f".//{{{NAMESPACE}}}segment"):
        target = segment.find(f"{{{NAMESPACE}}}target")
        if target is None:
            target = etree.SubElement(segment, f"{{{NAMESPACE}}}target")
        target.text = "نص مترجم."
    checked = xliff_check(
        user=tina,
        cycle=cycle,
        kind="regional",
        language="ar",
        upload=SimpleUploadedFile("report.xlf", etree.tostring(root)),
        interface_language="en",
    )
    assert checked.state == "checked", checked.summary
    return {
        "translation": Translation.objects.get(pk=translation.pk),
        "untranslated": untranslated,
        "file": etree.tostring(root),
        "checked": checked,
    }


@pytest.mark.parametrize("case", TRANSLATION_CASES, ids=str)
def test_translating_the_report(world, case):
    from reporting.models import DataTransfer, Translation, TranslationWaiver

    made = make_translations(world)
    cycle, translation = world["cycle"], made["translation"]
    args = {
        "translation_index": [],
        "translation_start": [],
        "translation_queue": [cycle.code, "regional"],
        "translation_waive": [cycle.code, "regional"],
        "xliff_download": [cycle.code, "regional"],
        "xliff_upload": [cycle.code, "regional"],
        "xliff_import_detail": [made["checked"].pk],
        "xliff_import_commit": [made["checked"].pk],
    }.get(case.url, [translation.pk])
    url = reverse(case.url, args=args)
    untranslated = {"kind": "submission", "object_id": made["untranslated"].pk, "language": "ar"}
    data = {
        "translation_start": untranslated,
        "translation_edit": {"version": translation.version, "target-progress": "تغيّر."},
        "translation_review": {"version": translation.version},
        "translation_waive": {**untranslated, "reason": "Printed as written."},
        "xliff_upload": {"language": "ar", "file": SimpleUploadedFile("r.xlf", made["file"])},
        "xliff_import_commit": {"sha256": made["checked"].sha256},
    }.get(case.url, {})
    observe = {
        "translation_start": lambda: Translation.objects.count(),
        "translation_edit": lambda: Translation.objects.get(pk=translation.pk).version,
        "translation_review": lambda: Translation.objects.get(pk=translation.pk).state,
        "translation_update": lambda: Translation.objects.get(pk=translation.pk).version,
        "translation_waive": lambda: TranslationWaiver.objects.count(),
        "xliff_upload": lambda: DataTransfer.objects.count(),
        "xliff_import_commit": lambda: DataTransfer.objects.filter(state="committed").count(),
    }.get(case.url, lambda: None)

    def attempt(who, client):
        before = observe()
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        return response.status_code, None if case.method == "GET" else observe() != before

    assert each_persona(world, attempt) == case.expected


def _strategy_file(world) -> tuple[bytes, object]:
    """An import template whose one strategy action gets a new title, and its clean check."""
    import io

    from openpyxl import load_workbook

    from objectives.models import Pillar, Strategy, StrategyAction
    from reporting.spreadsheets.importing import import_check
    from reporting.spreadsheets.template import import_template_xlsx

    strategy = Strategy.objects.create(code="nmms", title_en="Strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Data")
    StrategyAction.objects.create(
        pillar=pillar,
        code="1.1",
        title_en="Data group",
        lead_organisation=world["organisations"]["gov"],
    )
    cora, cycle = world["people"]["cora"], world["cycle"]
    template = import_template_xlsx(user=cora, cycle=cycle, language="en")
    workbook = load_workbook(template.file)
    workbook["Strategy actions"]["D2"] = "National migration data working group"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    upload = SimpleUploadedFile("strategy.xlsx", data)
    checked = import_check(user=cora, cycle=cycle, upload=upload, language="en")
    assert checked.state == "checked"
    return data, checked


@pytest.mark.parametrize("case", SPREADSHEET_CASES, ids=str)
def test_spreadsheets(world, case):
    from reporting.models import DataTransfer

    make_submission(world, "gov", "approved")
    data, checked = _strategy_file(world)
    cycle = world["cycle"]
    args = [checked.pk] if case.url in ("import_detail", "import_commit") else [cycle.code]
    url = reverse(case.url, args=args)

    def attempt(who, client):
        before = DataTransfer.objects.count()
        if case.method == "GET":
            response = client.get(url)
        else:
            response = client.post(
                url,
                {
                    "spreadsheet_export": {"what": "xlsx"},
                    "import_upload": {"file": SimpleUploadedFile("strategy.xlsx", data)},
                    "import_commit": {"sha256": checked.sha256},
                }.get(case.url, {}),
            )
        if response.status_code == 200 and response.streaming:
            assert response["Content-Disposition"].startswith("attachment;")
            b"".join(response.streaming_content)
        changed = None if case.method == "GET" else DataTransfer.objects.count() != before
        return response.status_code, changed

    assert each_persona(world, attempt) == case.expected


def make_pledge(world, state: str):
    """MoMD's pledge in the state, or its approved pledge with an update in the state."""
    from reporting.models import ReviewCycle
    from reporting.services import pledges as pledge_services
    from tests.integration.test_pledges import pledge_data

    people = world["people"]
    alice, rita = people["alice"], people["rita"]
    pledge = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=world["organisations"]["gov"].pk,
        cycle_id=ReviewCycle.objects.get(code="imrf-2022").pk,
    )
    steps = {"draft": [], "submitted": ["submit"]}.get(state, ["submit", "approve"])
    for action in steps:
        actor = rita if action == "approve" else alice
        pledge_services.pledge_transition(user=actor, pledge_id=pledge.pk, action=action)
    if not state.startswith("update-"):
        return pledge, None, None
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=world["cycle"].pk,
        status="on_track",
        narrative_en="Going.",
        narrative_ar="",
    )
    evidence = pledge_services.pledge_evidence_add(
        user=alice, update_id=update.pk, upload=pdf_upload()
    )
    if state == "update-submitted":
        pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    return pledge, update, evidence


@pytest.mark.parametrize("case", PLEDGE_CASES, ids=str)
def test_the_pledge_register(world, case):
    from reporting.models import DataTransfer, Pledge, PledgeEvidence, PledgeUpdate

    state = case.owner  # the third part of the key
    pledge, update, evidence = make_pledge(world, state)
    cycle = world["cycle"]
    args = {
        "pledge_list": [],
        "pledge_new": [],
        "pledge_export": [],
        "pledge_update": [pledge.pk, cycle.code],
        "pledge_update_transition": [update.pk] if update else [],
        "pledge_evidence_add": [update.pk] if update else [],
        "pledge_evidence_remove": [evidence.pk] if evidence else [],
        "pledge_evidence_download": [evidence.pk] if evidence else [],
    }.get(case.url, [pledge.pk])
    url = reverse(case.url, args=args)

    def data():
        return {
            "pledge_transition": {"action": "approve"},
            "pledge_update_transition": {"action": "approve"},
            "pledge_evidence_add": {"file": pdf_upload("more.pdf")},
        }.get(case.url, {})

    def fingerprint():
        return (
            list(Pledge.objects.values_list("pk", "state")),
            list(PledgeUpdate.objects.values_list("pk", "state")),
            PledgeEvidence.objects.count(),
            DataTransfer.objects.count(),
        )

    def attempt(who, client):
        before = fingerprint()
        response = client.get(url) if case.method == "GET" else client.post(url, data())
        if response.status_code == 200 and response.streaming:
            b"".join(response.streaming_content)
        changed = None if case.method == "GET" else fingerprint() != before
        return response.status_code, changed

    assert each_persona(world, attempt) == case.expected


# --- completeness: every URL, and visitors who are not signed in ----------------------------


# The API's URLs have their own matrix, in tests/api/test_access.py.
ALL_URLS = sorted(access_matrix.project_urls())
OWN_URLS = [(n, p) for n, p in ALL_URLS if not n.startswith(("admin:", "api:"))]
ADMIN_URLS = [(n, p) for n, p in ALL_URLS if n.startswith("admin:")]


def test_every_url_is_in_the_matrix():
    names = {name for name, _parameters in OWN_URLS}
    assert names - COVERED == set(), "add the new URL to a table of this file"
    assert COVERED - names == set()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("name", "parameters"), OWN_URLS, ids=[n for n, _p in OWN_URLS])
def test_visitors_who_are_not_signed_in_are_asked_to_sign_in(db, name, parameters, method):
    client = Client()
    url = access_matrix.sample_url(name, parameters)
    response = client.get(url) if method == "GET" else client.post(url)
    if (name, method) in PUBLIC:
        assert response.status_code == PUBLIC[(name, method)]
        assert not is_login_redirect(response) or name == "logout"
    else:
        assert is_login_redirect(response)


# --- the admin site: staff only ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "parameters"), ADMIN_URLS, ids=[n for n, _p in ADMIN_URLS])
def test_the_admin_site_is_for_staff_only(db, alice, rita, cora, name, parameters):
    url = access_matrix.sample_url(name, parameters)
    for client in (Client(), client_for(alice), client_for(rita), client_for(cora)):
        response = client.get(url)
        if name == "admin:login":
            assert response.status_code == 200  # the form, which refuses non-staff
        elif name == "admin:logout":
            assert response.status_code == 302
        else:
            assert response.status_code == 302
            assert response.url.startswith(reverse("admin:login"))


# Records only the portal's services write (submissions, revisions, events, the audit
# log...) cannot be added by hand, even by the superuser.
# Records nobody adds by hand: read-only lists, the audit log, django-axes' sign-in records.
RECORD_ADMINS = (
    ReadOnlyAdmin | AuditEntryAdmin | AccessAttemptAdmin | AccessLogAdmin | AccessFailureLogAdmin
)
ADMIN_PAGES = [("admin:index", 200), ("admin:app_list", 200)] + [
    (
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}",
        403 if page == "add" and isinstance(model_admin, RECORD_ADMINS) else 200,
    )
    for model, model_admin in admin.site._registry.items()
    for page in ("changelist", "add")
]


@pytest.mark.parametrize(("name", "status"), ADMIN_PAGES)
def test_the_superuser_uses_the_admin_site(ada, name, status):
    kwargs = {"app_label": "reporting"} if name == "admin:app_list" else {}
    assert client_for(ada).get(reverse(name, kwargs=kwargs)).status_code == status


# --- what the lists show --------------------------------------------------------------------


def test_lists_never_show_another_organisations_draft(world):
    drafts = {owner: make_submission(world, owner, "draft")[0] for owner in OWNERS}
    people = world["people"]
    for who in ("rita", "cora", "insider", "dual", "ada"):
        html = client_for(people[who]).get(reverse("review_queue"), {"state": ""})
        for draft in drafts.values():
            assert reverse("review_detail", args=[draft.pk]) not in html.content.decode()
    for who, own, other in (("alice", "gov", "cso"), ("carol", "cso", "gov")):
        html = client_for(people[who]).get(reverse("my_reporting")).content.decode()
        assert reverse("submission_edit", args=[drafts[own].pk]) in html
        assert reverse("submission_edit", args=[drafts[other].pk]) not in html


def test_evidence_of_another_submission_cannot_be_removed_through_ones_own(world):
    own, _own_file = make_submission(world, "gov", "draft")
    _other, other_file = make_submission(world, "cso", "draft")
    url = reverse("evidence_remove", args=[own.pk, other_file.pk])
    assert client_for(world["people"]["alice"]).post(url).status_code == 404
    assert Evidence.objects.get(pk=other_file.pk).removed_at is None


@pytest.mark.parametrize("organisation", ["abc", "99999"])
def test_assignments_for_an_unknown_organisation_are_404(world, organisation):
    url = reverse("assignments", args=[world["cycle"].code])
    client = client_for(world["people"]["cora"])
    assert client.get(url, {"organisation": organisation}).status_code == 404
    assert client.post(url, {"organisation": organisation}).status_code == 404
