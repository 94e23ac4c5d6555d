"""The demo's finished reports, compiled final: every approved contribution is in them, and no
text that was never approved (drafts, work awaiting review, returned rounds, reopened work)."""

import re

import pytest
from django.core.management import call_command

from gcm_portal.accounts.models import Organisation, User
from objectives.models import Objective
from reporting.models import ReviewCycle, Submission
from reporting.selectors.editions import report_contents
from reporting.selectors.submissions import latest_approved_revisions
from reporting.services.editions import edition_compile, edition_request, submission_exclude
from reporting.services.submissions import Draft, submission_save_draft, submission_transition
from reporting.services.translations import translation_waive
from reporting.snapshot import NARRATIVE_FIELD_NAMES, load
from tests.builders import start_draft, submitted
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[\u0600-\u06ff]")

NEVER_APPROVED = [
    "DRAFT-ONLY-TEXT",
    "SUBMITTED-LEFT-OUT-TEXT",
    "RETURNED-ROUND-TEXT",
    "REOPENED-ROUND-TEXT",
]


def free_objective(cycle, organisation) -> int:
    """An objective the organisation has not reported on in this cycle."""
    taken = Submission.objects.filter(cycle=cycle, organisation=organisation).values_list(
        "objective__number", flat=True
    )
    return (
        Objective.objects.exclude(number__in=[n for n in taken if n]).order_by("number")[0].number
    )


def save_progress(author, submission, text: str) -> None:
    """The author changes what the submission says about progress (the rest kept)."""
    current = load(submission.revisions.latest("number").content)
    submission_save_draft(
        user=author,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(
            implementation_status=current.implementation_status,
            narratives={**current.narratives, "progress": text},
        ),
    )


def add_work_that_was_never_approved(cycle) -> None:
    """On top of the demo: a draft, a submission left out with a reason, a contribution
    approved in its second round, and an approved contribution reopened, returned and
    approved again."""
    reviewer = User.objects.get(username="iom-reviewer")
    coordinator = User.objects.get(username="momd-coordinator")
    mofa = Organisation.objects.get(slug="mofa")
    molsa = Organisation.objects.get(slug="molsa")
    moi = Organisation.objects.get(slug="moi")
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=ReviewCycle.State.OPEN)
    cycle.refresh_from_db()

    start_draft(
        User.objects.get(username="mofa-focal"),
        cycle,
        mofa,
        free_objective(cycle, mofa),
        progress="DRAFT-ONLY-TEXT never submitted.",
    )
    left_out = submitted(
        User.objects.get(username="molsa-focal"),
        cycle,
        molsa,
        free_objective(cycle, molsa),
        progress="SUBMITTED-LEFT-OUT-TEXT awaiting review.",
    )
    author = User.objects.get(username="moi-focal")
    second_round = submitted(
        author, cycle, moi, free_objective(cycle, moi), progress="RETURNED-ROUND-TEXT figures."
    )
    submission_transition(
        user=reviewer, submission_id=second_round.pk, action="return", reason="Check figures."
    )
    second_round.refresh_from_db()
    save_progress(author, second_round, "SECOND-ROUND-APPROVED-TEXT with checked figures.")
    submission_transition(user=author, submission_id=second_round.pk, action="submit")
    submission_transition(user=reviewer, submission_id=second_round.pk, action="approve")

    # Approved work reopened (by a coordinator outside the ministry), changed, returned, and
    # approved again in its next round.
    reopened = Submission.objects.filter(
        cycle=cycle, organisation=moi, state=Submission.State.APPROVED
    ).exclude(pk=second_round.pk)[0]
    other_coordinator = User.objects.create(username="mop-coordinator")
    other_coordinator.memberships.create(
        organisation=Organisation.objects.get(slug="mop"), role="coordinator"
    )
    submission_transition(
        user=other_coordinator, submission_id=reopened.pk, action="reopen", reason="Disputed."
    )
    settled_text = load(reopened.revisions.latest("number").content).narrative("progress")
    for text, decision in (
        ("REOPENED-ROUND-TEXT with disputed figures.", "return"),
        (settled_text + " SETTLED-AFTER-REOPENING.", "approve"),
    ):
        reopened.refresh_from_db()
        save_progress(author, reopened, text)
        submission_transition(user=author, submission_id=reopened.pk, action="submit")
        submission_transition(
            user=reviewer, submission_id=reopened.pk, action=decision, reason="Disputed."
        )
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=ReviewCycle.State.CLOSED)
    cycle.refresh_from_db()
    submission_exclude(user=coordinator, submission_id=left_out.pk, reason="Not reviewed in time.")


ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")


def words(text: str) -> list[str]:
    """Its words, without Arabic vowel marks or direction marks (extraction drops them) and
    with hyphenated words joined (poppler joins a word hyphenated at a line's end)."""
    text = re.sub("[\u064b-\u065f\u0670\u200b-\u200f\u202a-\u202e]", "", text)
    return re.findall(r"\w+", re.sub(r"(?<=\w)-(?=\w)", "", text))


def letter_runs(text: str) -> list[str]:
    """Its words as runs of letters (extraction may join a number to the word after it)."""
    return re.findall(r"[^\W\d_]+", " ".join(words(text)))


def found(word: str, printed_words: set[str], printed_letters: str) -> bool:
    """Whether an Arabic word is printed: poppler may split one where it moved a vowel mark
    ("ارتُكبت" comes out "ار ُتكبت"), so a word is also found in the letters without spaces."""
    return word in printed_words or word in printed_letters


def printed_text(path) -> str:
    """The edition's text as one run of words."""
    return " ".join(words(" ".join(pdf_pages(path))))


@pytest.mark.parametrize(
    "code, kind, languages",
    [
        ("arab-regional-2024", "regional", ["en", "ar"]),
        # The forum works in English: the demo has no Arabic translation of that report.
        ("imrf-2026", "imrf", ["en"]),
    ],
)
def test_the_demo_final_prints_every_approved_contribution_and_nothing_else(
    code, kind, languages, settings, tmp_path
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    cycle = ReviewCycle.objects.get(code=code)
    add_work_that_was_never_approved(cycle)
    # What was approved on top of the demo has no translation: printed as written.
    contents = report_contents(cycle=cycle, kind=kind)
    for language in languages:
        for need in contents.translations(language).open:
            translation_waive(
                user=User.objects.get(username="momd-coordinator"),
                kind=need.source.kind,
                object_id=need.source.object_id,
                language=language,
                reason="Added after the translation.",
            )
    coordinator = User.objects.get(username="momd-coordinator")

    editions = edition_request(
        user=coordinator, cycle=cycle, kind=kind, languages=languages, mode="final"
    )
    texts = {}
    for edition in editions:
        edition_compile(edition_id=edition.pk)
        edition.refresh_from_db()
        assert edition.state == "succeeded", edition.failure_reason
        texts[edition.language] = printed_text(edition.pdf.path)

    approved = latest_approved_revisions(cycle=cycle)
    assert len(approved) >= 15
    contents = report_contents(cycle=cycle, kind=kind)
    for language, printed in texts.items():
        # Each edition prints a text written in its language as written, and one written in
        # the other language in its reviewed translation (or, waived, as written).
        usable = contents.translations(language).usable
        printed_words = set(letter_runs(printed))
        printed_letters = "".join(letter_runs(printed))
        for revision in approved:
            snapshot = load(revision.content)
            translation_ = usable.get(("submission", revision.submission_id))
            for name in NARRATIVE_FIELD_NAMES:
                text = snapshot.narrative(name)
                if translation_ is not None and text.strip():
                    text = " ".join(row["target"] for row in translation_.segments[name])
                said = words(text)
                if not said:
                    continue
                where = (language, revision.submission_id, name)
                if ARABIC.search(text):
                    # Poppler gives right-to-left lines in its own order, and a word carrying
                    # tanween at a line's end may come out split: its words are there.
                    said_words = set(letter_runs(text))
                    missing = {
                        w for w in said_words if not found(w, printed_words, printed_letters)
                    }
                    assert len(missing) <= len(said_words) // 50, (*where, missing)
                else:
                    # Its opening and its close, word for word, in the body of the report.
                    assert " ".join(said[:12]) in printed, where
                    assert " ".join(said[-12:]) in printed, where
    for language, printed in texts.items():
        # Each edition reads in its language: codes, names and the odd waived text aside.
        arabic, latin = len(ARABIC_LETTER.findall(printed)), len(LATIN_LETTER.findall(printed))
        share = (arabic if language == "ar" else latin) / (arabic + latin)
        assert share >= 0.95, (language, f"{share:.1%}")
    english = texts["en"]
    assert "SECONDROUNDAPPROVEDTEXT" in english
    for language, text in texts.items():
        for marker in NEVER_APPROVED:
            assert " ".join(words(marker)) not in text, (language, marker)
    # The methodology annex gives the reasons for what was left out.
    assert "Not reviewed in time" in english
