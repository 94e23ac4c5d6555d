"""The national report: final means settled, it is complete and frozen, and it is the same
document when compiled again from the same content."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from objectives.models import Indicator, Objective, Pillar, Strategy, StrategyAction
from reporting.models import LayoutChapter, ReportEdition, ReviewCycle, Validation
from reporting.selectors.chapters import report_writing
from reporting.selectors.editions import report_contents
from reporting.services.chapters import chapter_save, chapter_start, chapter_transition
from reporting.services.editions import (
    FinalRefused,
    edition_compile,
    edition_request,
    submission_exclude,
    validation_record,
)
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from tests.builders import approve, member, start_draft, submitted
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def strategy(mop):
    strategy = Strategy.objects.create(code="nmms", title_en="National strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Protection")
    action = StrategyAction.objects.create(
        pillar=pillar,
        code="1.1",
        title_en="Referral pathways for victims",
        lead_organisation=mop,
        status="planned",
    )
    action.objectives.set(Objective.objects.filter(number=10))
    indicator = Indicator.objects.create(
        code="Q-10-1",
        name_en="Victims referred",
        unit_en="people",
        kind="number",
        objective=Objective.objects.get(number=10),
        baseline="1200",
        baseline_year=2020,
        target="5000",
        target_year=2028,
    )
    return {"action": action, "indicator": indicator}


@pytest.fixture
def contributions(alice, carol, rita, open_cycle, momd, cso, mop, strategy):
    """Approved work on objective 10 (government and civil society, with an indicator value)
    and on strategy action 1.1, which the Ministry of Planning leads and reports as planned."""
    planner = member("planner", mop, "focal_point")
    main = start_draft(alice, open_cycle, momd, 10)
    submission_save_draft(
        user=alice,
        submission_id=main.pk,
        base_version=main.version,
        draft=Draft(
            implementation_status="in_progress",
            narratives={"progress": "GOV-APPROVED-TEXT: 4,400 victims were referred."},
            indicator_values=[IndicatorEntry(strategy["indicator"].pk, value="4400")],
        ),
    )
    submission_transition(user=alice, submission_id=main.pk, action="submit")
    submission_transition(user=rita, submission_id=main.pk, action="approve")
    approve(carol, rita, open_cycle, cso, 10, progress="CSO-APPROVED-TEXT on shelters.")
    action_report = submission_start(
        user=planner,
        cycle=open_cycle,
        organisation=mop,
        subject_kind="strategy_action",
        subject_id=strategy["action"].pk,
    )
    submission_save_draft(
        user=planner,
        submission_id=action_report.pk,
        base_version=action_report.version,
        draft=Draft(
            implementation_status="planned",
            narratives={"progress": "STRATEGY-APPROVED-TEXT: the pathway is planned."},
        ),
    )
    submission_transition(user=planner, submission_id=action_report.pk, action="submit")
    submission_transition(user=rita, submission_id=action_report.pk, action="approve")
    return {"main": main}


def write_everything(cycle, cora, rita, kind="regional", cite=None):
    """Approve a text for every chapter the report needs (citing `cite` in the foreword)."""
    for row in report_writing(cycle=cycle, kind=kind).rows:
        if row.chapter and row.chapter.state == "approved":
            continue
        chapter = row.chapter or chapter_start(
            user=cora, cycle=cycle, layout_chapter=row.layout_chapter, objective=row.objective
        )
        key_messages = row.layout_chapter.kind == LayoutChapter.Kind.KEY_MESSAGES
        body = f"CHAPTER-{row.layout_chapter.code} text."
        if cite and row.layout_chapter.code == "foreword":
            body += f" Referrals rose [cite:{cite}]."
        chapter_save(
            user=cora,
            chapter_id=chapter.pk,
            base_version=chapter.version,
            language="en",
            body="" if key_messages else body,
            messages=["First message.", "Second message.", "Third message."]
            if key_messages
            else [],
        )
        chapter_transition(user=cora, chapter_id=chapter.pk, action="submit")
        chapter_transition(user=rita, chapter_id=chapter.pk, action="approve")


def validate(cycle, cora, momd, decision="validated"):
    return validation_record(
        user=cora,
        cycle=cycle,
        kind="regional",
        held_on=datetime.date(2026, 5, 20),
        body_en="National Technical Working Group on Migration",
        body_ar="",
        organisation_ids=[momd.pk],
        decision=decision,
    )


def close(cycle, state=ReviewCycle.State.CLOSED):
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()


def reopen(cycle):
    close(cycle, state=ReviewCycle.State.OPEN)


@pytest.fixture
def settled(contributions, cora, rita, momd, open_cycle):
    write_everything(open_cycle, cora, rita, cite=contributions["main"].pk)
    validate(open_cycle, cora, momd)
    close(open_cycle)
    return open_cycle


def request_final(cora, cycle, languages=("en",)):
    return edition_request(
        user=cora, cycle=cycle, kind="regional", languages=list(languages), mode="final"
    )


def refused_because(cora, cycle) -> list[str]:
    with pytest.raises(FinalRefused) as refused:
        request_final(cora, cycle)
    return refused.value.blockers


# --- final means settled --------------------------------------------------------------------


def test_a_settled_report_can_be_final(settled, cora):
    assert report_contents(cycle=settled, kind="regional").blockers == []
    [edition] = request_final(cora, settled)
    assert edition.mode == "final" and edition.edition_date == datetime.date(2026, 5, 20)


def test_a_final_needs_the_cycle_closed(settled, cora):
    reopen(settled)
    assert refused_because(cora, settled) == [
        "The cycle is still open for submissions: close it first."
    ]


def test_a_final_waits_for_work_under_review_unless_it_is_left_out(settled, bob, cora, moi):
    reopen(settled)
    pending = submitted(bob, settled, moi, 4, progress="PENDING-TEXT under review.")
    close(settled)
    [blocker] = refused_because(cora, settled)
    assert "awaiting review" in blocker and f"#{pending.pk}" in blocker
    submission_exclude(user=cora, submission_id=pending.pk, reason="Figures still disputed.")
    [edition] = request_final(cora, settled)
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    text = re.sub(r"\s+", " ", " ".join(pdf_pages(edition.pdf.path)))
    assert "Figures still disputed." in text and "PENDING-TEXT" not in text


def test_a_final_waits_for_reopened_work(settled, contributions, cora, moi):
    main = contributions["main"]
    reopen(settled)
    # Work of the coordinator's own ministry is reopened by a coordinator from elsewhere.
    other = member("omar", moi, "coordinator")
    submission_transition(user=other, submission_id=main.pk, action="reopen", reason="Figures")
    close(settled)
    blockers = refused_because(cora, settled)
    assert any("reopened" in blocker for blocker in blockers)
    # The foreword cites it: leaving it out would leave a citation of work that is not there.
    submission_exclude(user=cora, submission_id=main.pk, reason="Figures disputed.")
    assert any("cite contributions that are not" in b for b in refused_because(cora, settled))


def test_a_final_needs_every_chapter_approved(contributions, cora, rita, momd, open_cycle):
    write_everything(open_cycle, cora, rita)
    validate(open_cycle, cora, momd)
    foreword = report_writing(cycle=open_cycle, kind="regional").rows[0].chapter
    chapter_transition(user=cora, chapter_id=foreword.pk, action="reopen", reason="Update")
    close(open_cycle)
    assert refused_because(cora, open_cycle) == ["Not approved yet: Foreword."]


def test_a_final_needs_a_validation_that_validated(contributions, cora, rita, momd, open_cycle):
    write_everything(open_cycle, cora, rita)
    close(open_cycle)
    assert refused_because(cora, open_cycle) == [
        "No national validation of the report is recorded."
    ]
    validate(open_cycle, cora, momd, decision="not_validated")
    assert refused_because(cora, open_cycle) == [
        "No national validation of the report is recorded."
    ]
    validate(open_cycle, cora, momd, decision="with_changes")
    assert request_final(cora, open_cycle)


def test_the_same_final_twice_is_refused_with_the_first(settled, cora):
    [first] = request_final(cora, settled)
    with pytest.raises(FinalRefused) as refused:
        request_final(cora, settled)
    assert refused.value.existing == first
    client = Client()
    client.force_login(cora)
    page = client.post(
        reverse("report_editions", args=[settled.code]),
        {"kind": "regional", "language": "en", "mode": "final"},
    )
    assert page.status_code == 400
    assert reverse("edition_download", args=[first.pk]) in page.content.decode()
    assert ReportEdition.objects.filter(mode="final").count() == 1


# --- complete and frozen --------------------------------------------------------------------


def compile_final(cycle, language="en") -> ReportEdition:
    contents = report_contents(cycle=cycle, kind="regional")
    edition = ReportEdition.objects.create(
        cycle=cycle,
        kind="regional",
        language=language,
        mode="final",
        edition_date=contents.validation.held_on,
        content_key=contents.content_key(language),
    )
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == "succeeded", edition.failure_reason
    return edition


def test_the_final_prints_every_approved_contribution_and_the_validation(settled):
    edition = compile_final(settled)
    text = re.sub(r"\s+", " ", " ".join(pdf_pages(edition.pdf.path)))
    for marker in ("GOV-APPROVED-TEXT", "CSO-APPROVED-TEXT", "STRATEGY-APPROVED-TEXT"):
        assert marker in text
    assert "CHAPTER-foreword text." in text and "CHAPTER-objectives text." in text
    assert "by the National Technical Working Group on Migration on 20 May 2026" in text
    assert "4,400" in text and "1,200 (2020)" in text
    # The strategy action is in its objective's chapter and in the annex, as reported.
    annex = text[text.index("Annex 2: National strategy actions") :]
    assert "1.1" in annex and "Referral pathways for victims" in annex and "Planned" in annex
    assert edition.revisions.count() == 3
    # The citation is a numbered note naming the organisation and the approval date.
    assert re.search(r"Ministry of Migration and Displaced, Objective 10, approved on", text)


def test_a_recompile_after_the_catalogue_changes_gives_the_same_bytes(settled, strategy):
    first = compile_final(settled)
    Indicator.objects.filter(pk=strategy["indicator"].pk).update(
        name_en="Renamed indicator", baseline="9", target="99", unit_en="cases"
    )
    StrategyAction.objects.filter(pk=strategy["action"].pk).update(
        title_en="Renamed action", status="completed"
    )
    second = compile_final(settled)
    assert second.pk != first.pk
    assert second.sha256 == first.sha256
    assert second.pdf.read() == first.pdf.read()


def test_a_preview_says_what_blocks_a_final_on_every_page(contributions, cora, open_cycle):
    [edition] = edition_request(
        user=cora, cycle=open_cycle, kind="regional", languages=["en"], mode="preview"
    )
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    pages = PdfReader(edition.pdf.path).pages
    assert len(pages) > 5
    for page in pages[1:]:
        assert "Preview, not final" in page.extract_text()
    first_pages = " ".join(pdf_pages(edition.pdf.path)[:3])
    assert "No national validation of the report is recorded." in first_pages


def test_the_reports_page_lists_an_edition_made_on_the_command_line(settled, cora, tmp_path):
    call_command(
        "compile_report", cycle=settled.code, kind="regional", lang="en", out=str(tmp_path / "r")
    )
    client = Client()
    client.force_login(cora)
    page = client.get(reverse("report_editions", args=[settled.code]))
    assert page.status_code == 200
    assert "compiled on the server" in page.content.decode()


def test_validation_is_refused_in_the_future_and_without_organisations(cora, open_cycle):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validation_record(
            user=cora,
            cycle=open_cycle,
            kind="regional",
            held_on=datetime.date.today() + datetime.timedelta(days=2),
            body_en="Group",
            body_ar="",
            organisation_ids=[],
            decision="validated",
        )
    assert set(refused.value.message_dict) == {"held_on", "organisations"}
    assert not Validation.objects.exists()


MINUTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_the_minutes_chosen_are_kept_when_the_form_comes_back_with_errors(
    cora, momd, open_cycle, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(cora)
    url = reverse("validation_new", args=[open_cycle.code, "regional"])
    fields = {"held_on": "2024-06-20", "body_en": "Steering group", "decision": "validated"}
    # No organisation chosen: the form comes back, saying the minutes are kept.
    first = client.post(
        url, {**fields, "minutes": SimpleUploadedFile("minutes-june.pdf", MINUTES)}
    )
    assert first.status_code == 400
    page = first.content.decode()
    assert "Choose the organisations that took part." in page
    assert "Kept from your last attempt: <bdi>minutes-june.pdf</bdi>" in page
    [token] = re.findall(r'name="minutes_held" value="([^"]+)"', page)
    # Another person cannot take them with the token.
    other = Client()
    other.force_login(member("coral", momd, "coordinator"))
    other.post(url, {**fields, "organisations": [momd.pk], "minutes_held": token})
    assert not Validation.objects.get().minutes
    Validation.objects.all().delete()
    # Sent again without choosing the file: the validation has the minutes chosen first.
    second = client.post(url, {**fields, "organisations": [momd.pk], "minutes_held": token})
    assert second.status_code == 302
    validation = Validation.objects.get()
    assert validation.minutes_name == "minutes-june.pdf"
    assert validation.minutes.read() == MINUTES
    assert not list((tmp_path / "held-uploads").iterdir())
