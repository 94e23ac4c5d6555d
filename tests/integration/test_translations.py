"""Translations of approved texts: made from one revision, reviewed by a second person,
marked out of date by a newer revision, and reused from the memory across cycles."""

import re

import pytest
from django.core.exceptions import ValidationError

from reporting.models import LayoutChapter, MemoryEntry, ReviewCycle, Translation
from reporting.pdf.context import build_report
from reporting.pdf.render import render_report_html
from reporting.selectors.editions import report_contents
from reporting.selectors.translations import CHAPTER, SUBMISSION, Status, translation_needs
from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
from reporting.services.submissions import submission_transition
from reporting.services.translations import (
    translation_bring_up_to_date,
    translation_review,
    translation_save,
    translation_start,
    translation_waive,
)
from reporting.workflow import TransitionRefused
from tests.builders import approve, member, save_narratives

pytestmark = pytest.mark.django_db

PROGRESS = "Referrals rose to 4,400 in 2023. Shelters opened in Basra. Mobile teams reached Anbar."
ARABIC = [
    "ارتفعت الإحالات إلى 4,400 في عام 2023.",
    "افتُتحت دور إيواء في البصرة.",
    "وصلت الفرق الجوالة إلى الأنبار.",
]


@pytest.fixture
def tina(iom):
    return member("tina", iom, "translator")


@pytest.fixture
def theo(iom):
    return member("theo", iom, "translator")


@pytest.fixture
def approved(alice, rita, open_cycle, momd):
    return approve(alice, rita, open_cycle, momd, 10, progress=PROGRESS)


def translate(user, submission, targets=ARABIC) -> Translation:
    translation = translation_start(
        user=user, kind=SUBMISSION, object_id=submission.pk, language="ar"
    )
    return translation_save(
        user=user,
        translation_id=translation.pk,
        base_version=translation.version,
        targets={"progress": list(targets)},
    )


def needs(cycle, language="ar"):
    return translation_needs(
        contents=report_contents(cycle=cycle, kind="regional"), language=language
    )


def test_a_translation_is_made_sentence_by_sentence_and_reviewed_by_someone_else(
    approved, tina, theo, open_cycle
):
    [need] = needs(open_cycle).items
    assert need.status == Status.MISSING
    translation = translate(tina, approved)
    assert [row["source"] for row in translation.segments["progress"]] == [
        "Referrals rose to 4,400 in 2023.",
        "Shelters opened in Basra.",
        "Mobile teams reached Anbar.",
    ]
    assert needs(open_cycle).items[0].status == Status.DRAFT
    with pytest.raises(TransitionRefused):
        translation_review(
            user=tina, translation_id=translation.pk, base_version=translation.version
        )
    translation = translation_review(
        user=theo, translation_id=translation.pk, base_version=translation.version
    )
    assert (translation.state, translation.translated_by, translation.reviewed_by) == (
        "reviewed",
        tina,
        theo,
    )
    assert translation.source_revision == approved.revisions.get()
    assert needs(open_cycle).items[0].status == Status.REVIEWED
    assert MemoryEntry.objects.count() == 3


def test_a_translation_with_untranslated_sentences_cannot_be_reviewed(approved, tina, theo):
    translation = translate(tina, approved, targets=[ARABIC[0], "", ARABIC[2]])
    with pytest.raises(TransitionRefused, match="1 sentences are not translated"):
        translation_review(
            user=theo, translation_id=translation.pk, base_version=translation.version
        )


def test_a_translation_keeps_the_sources_citations_and_sentence_count(
    alice, rita, open_cycle, momd, tina
):
    submission = approve(alice, rita, open_cycle, momd, 10, progress="Rose [cite:5]. Fell.")
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=submission.pk, language="ar"
    )
    with pytest.raises(ValidationError) as refused:
        translation_save(
            user=tina,
            translation_id=translation.pk,
            base_version=translation.version,
            targets={"progress": ["ارتفعت.", "انخفضت."]},
        )
    assert "[cite:5]" in str(refused.value)
    with pytest.raises(ValidationError):
        translation_save(
            user=tina,
            translation_id=translation.pk,
            base_version=translation.version,
            targets={"progress": ["ارتفعت [cite:5]. انخفضت."]},
        )


def test_a_newer_approved_revision_puts_the_translation_out_of_date(
    approved, alice, rita, tina, theo, open_cycle, moi
):
    translation = translate(tina, approved)
    translation_review(user=theo, translation_id=translation.pk, base_version=translation.version)
    # Reopened by a coordinator outside the ministry, changed in one sentence, approved again.
    outsider = member("omar", moi, "coordinator")
    submission_transition(
        user=outsider, submission_id=approved.pk, action="reopen", reason="Figures"
    )
    approved.refresh_from_db()
    save_narratives(
        alice,
        approved,
        progress=PROGRESS.replace("Basra", "Erbil"),
    )
    submission_transition(user=alice, submission_id=approved.pk, action="submit")
    submission_transition(user=rita, submission_id=approved.pk, action="approve")

    [need] = needs(open_cycle).items
    assert need.status == Status.OUT_OF_DATE
    translation = translation_bring_up_to_date(user=tina, translation_id=translation.pk)
    rows = translation.segments["progress"]
    # Unchanged sentences keep their translation; the changed one waits for the translator.
    assert [row["target"] for row in rows] == [ARABIC[0], "", ARABIC[2]]
    assert translation.state == "draft"
    assert translation.source_revision == approved.revisions.order_by("-number").first()


def test_the_memory_translates_a_repeated_text_in_the_next_cycle_at_once(
    approved, alice, rita, tina, theo, open_cycle, momd
):
    translation = translate(tina, approved)
    translation_review(user=theo, translation_id=translation.pk, base_version=translation.version)
    ReviewCycle.objects.filter(pk=open_cycle.pk).update(state=ReviewCycle.State.CLOSED)
    later = ReviewCycle.objects.create(
        code="arab-regional-2032", kind="regional", year=2032, title_en="Next", state="open"
    )
    # The same text in the next cycle: translated and reviewed on approval, no work left.
    repeated = approve(alice, rita, later, momd, 10, progress=PROGRESS)
    reused = Translation.objects.get(submission=repeated)
    assert (reused.state, reused.reused_in_full, reused.reviewed_by) == ("reviewed", True, None)
    assert needs(later).items[0].status == Status.REVIEWED
    # A text that repeats only some sentences starts with those filled in, marked as reused.
    partly = approve(
        alice,
        rita,
        later,
        momd,
        11,
        progress="Referrals rose to 4,400 in 2023. Courts sat in Mosul.",
    )
    assert not Translation.objects.filter(submission=partly).exists()
    started = translation_start(user=tina, kind=SUBMISSION, object_id=partly.pk, language="ar")
    assert [(row["target"], row["origin"]) for row in started.segments["progress"]] == [
        (ARABIC[0], "memory"),
        ("", ""),
    ]
    assert started.state == "draft"


def test_an_arabic_final_needs_every_translation_or_a_waiver(
    approved, tina, theo, cora, open_cycle
):
    contents = report_contents(cycle=open_cycle, kind="regional")
    assert contents.blockers_for("en") == contents.blockers
    [blocker] = [b for b in contents.blockers_for("ar") if b not in contents.blockers]
    assert "0 of 1 contributions" in blocker
    translation_waive(
        user=cora,
        kind=SUBMISSION,
        object_id=approved.pk,
        language="ar",
        reason="Printed as written.",
    )
    contents = report_contents(cycle=open_cycle, kind="regional")
    assert contents.blockers_for("ar") == contents.blockers
    assert needs(open_cycle).items[0].status == Status.WAIVED
    with pytest.raises(TransitionRefused):
        translation_waive(
            user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar", reason=""
        )


def arabic_edition_html(cycle) -> str:
    report = build_report(cycle=cycle, kind="regional", language="ar", preview=False)
    return render_report_html(report)


def test_the_arabic_edition_prints_the_reviewed_translation_and_says_so(
    approved, tina, theo, open_cycle
):
    translation = translate(tina, approved)
    translation_review(user=theo, translation_id=translation.pk, base_version=translation.version)
    html = arabic_edition_html(open_cycle)
    assert " ".join(ARABIC) in html
    assert "Shelters opened in Basra" not in html
    assert "مترجم عن الإنكليزية؛ روجعت الترجمة في" in html
    assert re.findall(r'<div class="user-text" lang="(\w+)" dir="(\w+)">', html) == [("ar", "rtl")]


def test_a_draft_translation_is_not_printed(approved, tina, open_cycle):
    translate(tina, approved)
    html = arabic_edition_html(open_cycle)
    assert "افتُتحت دور إيواء" not in html
    assert "Shelters opened in Basra" in html
    assert "لم يُترجم بعد: يُطبع بالإنكليزية كما كُتب." in html


def test_a_waived_text_prints_as_written_marked_with_its_language(approved, cora, open_cycle):
    translation_waive(
        user=cora, kind=SUBMISSION, object_id=approved.pk, language="ar", reason="No time."
    )
    html = arabic_edition_html(open_cycle)
    assert "نص المساهمة متاح بالإنكليزية فقط." in html
    [text] = re.findall(r'<div class="user-text" lang="(\w+)" dir="(\w+)">\s*<p>Referrals', html)
    assert text == ("en", "ltr")


def test_a_chapter_prints_in_its_reviewed_translation_with_its_citations(
    approved, tina, theo, cora, rita, open_cycle
):
    layout_chapter = LayoutChapter.objects.get(layout__kind="regional", code="foreword")
    chapter = chapter_start(user=cora, cycle=open_cycle, layout_chapter=layout_chapter)
    chapter = chapter_save(
        user=cora,
        chapter_id=chapter.pk,
        base_version=chapter.version,
        language="en",
        body=f"Referral systems grew.[cite:{approved.pk}] Shelters opened.",
        messages=[],
    )
    chapter_transition(user=cora, chapter_id=chapter.pk, action="submit")
    chapter_transition(user=rita, chapter_id=chapter.pk, action="approve")
    translation = translation_start(user=tina, kind=CHAPTER, object_id=chapter.pk, language="ar")
    translation = translation_save(
        user=tina,
        translation_id=translation.pk,
        base_version=translation.version,
        targets={"body": [f"نمت أنظمة الإحالة.[cite:{approved.pk}]", "افتُتحت دور إيواء."]},
    )
    translation_review(user=theo, translation_id=translation.pk, base_version=translation.version)
    html = arabic_edition_html(open_cycle)
    assert "نمت أنظمة الإحالة." in html and "Referral systems grew" not in html
    # The citation is still a numbered note to the approved contribution it cites.
    assert re.search(r"نمت أنظمة الإحالة\.<sup[^>]*>.*1", html)
