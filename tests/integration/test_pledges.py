"""The pledge register: pledges and their updates go through the submissions' review, and the
report prints them as approved, never as drafted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gcm_portal.errors import Refused
from objectives.models import Objective
from reporting.evidence import EvidenceRejected
from reporting.models import Pledge, PledgeEvent, PledgeUpdate, ReviewCycle
from reporting.pdf.context import build_report
from reporting.pdf.pledges import direction_of, printed
from reporting.selectors import pledges as pledge_selectors
from reporting.selectors.editions import report_contents
from reporting.services import pledges as pledge_services
from reporting.services.pledges import PledgeData
from reporting.spreadsheets.pledges import pledges_export_xlsx
from reporting.workflow import TransitionRefused

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "The ministry will train border officials at every crossing to identify victims of "
    "trafficking and unaccompanied children, refer them to the services they need and record "
    "each referral, so that no vulnerable person is returned without an assessment; it will "
    "report each year to the coordination committee on the referrals made."
)


def pledge_data(**changes) -> PledgeData:
    data = PledgeData(
        kind="individual",
        form="process",
        title_en="Screening at every border crossing",
        description_en=DESCRIPTION,
        objective_ids=[Objective.objects.get(number=10).pk],
        metric="Crossings with trained officials",
        target="22 of 22",
        deadline=datetime.date(2027, 6, 30),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def imrf_2022(db):
    return ReviewCycle.objects.get(code="imrf-2022")


def approved_pledge(author, reviewer, cycle, **changes) -> Pledge:
    pledge = pledge_services.pledge_save(
        user=author,
        data=pledge_data(**changes),
        organisation_id=author.memberships.get().organisation_id,
        cycle_id=cycle.pk,
    )
    pledge_services.pledge_transition(user=author, pledge_id=pledge.pk, action="submit")
    pledge_services.pledge_transition(user=reviewer, pledge_id=pledge.pk, action="approve")
    pledge.refresh_from_db()
    return pledge


def test_a_focal_point_registers_a_pledge_and_iom_approves_it(alice, rita, imrf_2022):
    pledge = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    assert pledge.state == "draft" and pledge.approved_content is None
    pledge_services.pledge_transition(user=alice, pledge_id=pledge.pk, action="submit")
    pledge_services.pledge_transition(user=rita, pledge_id=pledge.pk, action="approve")
    pledge.refresh_from_db()
    assert pledge.state == "approved"
    assert pledge.approved_content["title"] == {
        "en": "Screening at every border crossing",
        "ar": "",
    }
    assert pledge.approved_content["objectives"] == [10]
    assert [e.action for e in PledgeEvent.objects.filter(pledge=pledge)] == ["submit", "approve"]


def test_the_pledge_form_rules(alice, rita, imrf_2022):
    organisation_id = alice.memberships.get().organisation_id
    with pytest.raises(ValidationError) as error:
        pledge_services.pledge_save(
            user=alice,
            data=pledge_data(description_en="x" * 3001, kind="matching", form="gift"),
            organisation_id=organisation_id,
            cycle_id=imrf_2022.pk,
        )
    assert set(error.value.message_dict) == {"description_en", "matched_pledge", "form"}
    short = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(description_en="Too short."),
        organisation_id=organisation_id,
        cycle_id=imrf_2022.pk,
    )
    with pytest.raises(ValidationError) as error:
        pledge_services.pledge_transition(user=alice, pledge_id=short.pk, action="submit")
    assert "at least 300 characters" in error.value.message_dict["description_en"][0]
    assert Pledge.objects.get(pk=short.pk).state == "draft"


def test_a_matching_pledge_names_an_approved_pledge(alice, bob, rita, imrf_2022):
    matched = approved_pledge(alice, rita, imrf_2022)
    matching = pledge_services.pledge_save(
        user=bob,
        data=pledge_data(kind="matching", matched_pledge_id=matched.pk),
        organisation_id=bob.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    pledge_services.pledge_transition(user=bob, pledge_id=matching.pk, action="submit")
    pledge_services.pledge_transition(user=rita, pledge_id=matching.pk, action="approve")
    matching.refresh_from_db()
    assert matching.approved_content["matched"] == matched.reference


def test_smart_warnings_name_what_is_missing(db):
    assert pledge_services.smart_warnings(pledge_data()) == []
    warning = pledge_services.smart_warnings(pledge_data(metric="", deadline=None))
    assert warning == ["This pledge is not measurable yet. Missing: metric, deadline."]


def test_only_the_organisation_edits_and_only_until_it_is_submitted(alice, bob, rita, imrf_2022):
    organisation_id = alice.memberships.get().organisation_id
    with pytest.raises(Refused):
        pledge_services.pledge_save(
            user=bob, data=pledge_data(), organisation_id=organisation_id, cycle_id=imrf_2022.pk
        )
    pledge = approved_pledge(alice, rita, imrf_2022)
    with pytest.raises(Refused):
        pledge_services.pledge_save(user=alice, data=pledge_data(), pledge_id=pledge.pk)
    with pytest.raises(Refused):
        pledge_services.pledge_delete(user=alice, pledge_id=pledge.pk)


def test_no_one_approves_a_pledge_of_their_own_organisation(alice, cora, dual, imrf_2022):
    pledge = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    pledge_services.pledge_transition(user=alice, pledge_id=pledge.pk, action="submit")
    for reviewer in (cora, dual):
        with pytest.raises(TransitionRefused):
            pledge_services.pledge_transition(user=reviewer, pledge_id=pledge.pk, action="approve")


def test_a_return_needs_a_reason(alice, rita, imrf_2022):
    pledge = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    pledge_services.pledge_transition(user=alice, pledge_id=pledge.pk, action="submit")
    with pytest.raises(TransitionRefused) as refusal:
        pledge_services.pledge_transition(user=rita, pledge_id=pledge.pk, action="return")
    assert refusal.value.field == "reason"
    pledge_services.pledge_transition(
        user=rita, pledge_id=pledge.pk, action="return", reason="Name the deadline."
    )
    assert Pledge.objects.get(pk=pledge.pk).state == "returned"


def test_updates_follow_an_approved_pledge_at_a_later_open_review(
    alice, rita, imrf_2022, open_cycle
):
    draft = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    with pytest.raises(Refused, match="approved pledge"):
        pledge_services.pledge_update_save(
            user=alice,
            pledge_id=draft.pk,
            cycle_id=open_cycle.pk,
            status="on_track",
            narrative_en="Done.",
            narrative_ar="",
        )
    pledge = approved_pledge(alice, rita, imrf_2022)
    with pytest.raises(Refused, match="open for reporting"):
        pledge_services.pledge_update_save(
            user=alice,
            pledge_id=pledge.pk,
            cycle_id=ReviewCycle.objects.get(code="arab-regional-2024").pk,
            status="on_track",
            narrative_en="Done.",
            narrative_ar="",
        )
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="",
        narrative_en="",
        narrative_ar="",
    )
    with pytest.raises(ValidationError) as error:
        pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    assert set(error.value.message_dict) == {"status", "narrative_en"}
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="on_track",
        narrative_en="Twelve crossings have trained officials.",
        narrative_ar="",
    )
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    with pytest.raises(Refused):
        pledge_services.pledge_update_save(
            user=alice,
            pledge_id=pledge.pk,
            cycle_id=open_cycle.pk,
            status="achieved",
            narrative_en="Changed while under review.",
            narrative_ar="",
        )
    pledge_services.pledge_update_transition(user=rita, update_id=update.pk, action="approve")
    update.refresh_from_db()
    assert update.approved_content["status"] == "on_track"
    assert update.approved_content["narrative"]["en"] == "Twelve crossings have trained officials."


def test_update_evidence_is_checked_like_submission_evidence(alice, rita, imrf_2022, open_cycle):
    pledge = approved_pledge(alice, rita, imrf_2022)
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="on_track",
        narrative_en="Progress.",
        narrative_ar="",
    )
    with pytest.raises(EvidenceRejected):
        pledge_services.pledge_evidence_add(
            user=alice,
            update_id=update.pk,
            upload=SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 64),
        )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = pledge_services.pledge_evidence_add(
        user=alice, update_id=update.pk, upload=SimpleUploadedFile("report.pdf", pdf)
    )
    assert evidence.original_name == "report.pdf"
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    with pytest.raises(Refused):
        pledge_services.pledge_evidence_remove(user=alice, evidence_id=evidence.pk)


def test_who_reads_which_pledges(alice, bob, rita, victor, imrf_2022):
    approved = approved_pledge(alice, rita, imrf_2022)
    draft = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(title_en="Still a draft"),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    seen = {
        user.username: set(pledge_selectors.pledge_list_for_user(user=user))
        for user in (alice, bob, rita, victor)
    }
    assert seen["alice"] == {approved, draft}
    assert seen["bob"] == seen["rita"] == seen["victor"] == {approved}


def test_the_report_prints_approved_pledges_and_updates_only(alice, rita, imrf_2022, open_cycle):
    pledge = approved_pledge(alice, rita, imrf_2022)
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="delayed",
        narrative_en="APPROVED-UPDATE-TEXT",
        narrative_ar="",
    )
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    pledge_services.pledge_update_transition(user=rita, update_id=update.pk, action="approve")
    # A later draft of the pledge itself never reaches the report.
    Pledge.objects.filter(pk=pledge.pk).update(title_en="DRAFTED-TITLE")
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    chapter = next(c for c in report.chapters if c.kind == "pledges")
    [entry] = chapter.pledges.followed_up
    assert entry.title.text == "Screening at every border crossing"
    assert entry.status_label == "Delayed"
    assert entry.update.text == "APPROVED-UPDATE-TEXT"
    assert chapter.pledges.status_counts == [("Delayed", 1)]
    annex = next(c for c in report.chapters if c.kind == "annex_pledges")
    assert [e.reference for e in annex.pledges.all] == [pledge.reference]


def test_a_pledge_under_review_blocks_a_final_and_changes_the_content_key(
    alice, rita, imrf_2022, open_cycle
):
    pledge = approved_pledge(alice, rita, imrf_2022)
    before = report_contents(cycle=open_cycle, kind="regional")
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="achieved",
        narrative_en="Done.",
        narrative_ar="",
    )
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    waiting = report_contents(cycle=open_cycle, kind="regional")
    assert any(pledge.reference in blocker for blocker in waiting.blockers)
    pledge_services.pledge_update_transition(user=rita, update_id=update.pk, action="approve")
    after = report_contents(cycle=open_cycle, kind="regional")
    assert not any(pledge.reference in blocker for blocker in after.blockers)
    assert before.content_key("en") != after.content_key("en")


def test_texts_print_in_the_report_language_or_say_which_they_are_in():
    assert printed({"en": "Hello", "ar": "مرحبا"}, "ar").text == "مرحبا"
    only_english = printed({"en": "Hello", "ar": ""}, "ar")
    assert (only_english.text, only_english.language) == ("Hello", "en")
    assert only_english.note == "Available in English only."
    assert direction_of("0 (2022)") == "ltr" and direction_of("٢٢ منفذاً") == "rtl"


def test_the_demo_pledges(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    pledges = Pledge.objects.filter(is_sample=True, cycle__code="imrf-2022")
    assert pledges.count() == 7 and all(p.approved_content for p in pledges)
    for code in ("arab-regional-2024", "imrf-2026"):
        assert PledgeUpdate.objects.filter(cycle__code=code, state="approved").count() == 7
    assert PledgeUpdate.objects.filter(
        cycle__code="arab-regional-2028", state="submitted"
    ).exists()
    assert {p.kind for p in pledges} == {"individual", "common", "partnership", "matching"}


def test_the_word_copy_carries_the_pledges(alice, rita, imrf_2022, open_cycle):
    import io

    import docx

    from reporting.pdf.docx import render_docx

    approved_pledge(alice, rita, imrf_2022)
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    text = [p.text for p in docx.Document(io.BytesIO(render_docx(report))).paragraphs]
    assert "Progress on earlier pledges" in text
    assert any("Screening at every border crossing" in line for line in text)
    assert "Status: No update was approved for this review." in text


def test_a_draft_update_loses_a_file_and_the_storage_with_it(
    alice, rita, imrf_2022, open_cycle, django_capture_on_commit_callbacks
):
    pledge = approved_pledge(alice, rita, imrf_2022)
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="on_track",
        narrative_en="Progress.",
        narrative_ar="",
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = pledge_services.pledge_evidence_add(
        user=alice, update_id=update.pk, upload=SimpleUploadedFile("report.pdf", pdf)
    )
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_services.pledge_evidence_remove(user=alice, evidence_id=evidence.pk)
    assert not update.evidence.exists()
    assert not storage.exists(name)


def test_the_pledge_workbook_follows_the_network_form_and_holds_approved_work_only(
    alice, rita, imrf_2022, open_cycle
):
    pledge = approved_pledge(alice, rita, imrf_2022, title_ar="الفحص في كل منفذ حدودي")
    pledge_services.pledge_save(
        user=alice,
        data=pledge_data(title_en="DRAFT-PLEDGE"),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="on_track",
        narrative_en="Twelve crossings have trained officials.",
        narrative_ar="",
    )
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    pledge_services.pledge_update_transition(user=rita, update_id=update.pk, action="approve")

    made = pledges_export_xlsx(user=alice, language="en")
    made.file.seek(0)
    workbook = load_workbook(made.file)
    pledges, updates = workbook["Pledges"], workbook["Pledge updates"]
    header = [cell.value for cell in pledges[1]]
    assert header[:10] == [
        "Pledge",
        "UN Network pledge id",
        "Pledging organisations",
        "Type of pledge",
        "Pledge it matches",
        "Form of pledge",
        "Title (English)",
        "Title (Arabic)",
        "Description (English)",
        "Description (Arabic)",
    ]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in pledges.iter_rows(min_row=2)
    ]
    assert [row["Title (English)"] for row in rows] == ["Screening at every border crossing"]
    [row] = rows
    assert row["Pledge"] == pledge.reference
    assert row["Title (Arabic)"] == "الفحص في كل منفذ حدودي"
    assert row["Type of pledge"] == "Individual pledge"
    assert row["GCM objectives"] == "10"
    assert row["Deadline"] == datetime.datetime(2027, 6, 30)  # a date cell, not text
    assert pledges["S2"].is_date
    assert row["Made at"] == "imrf-2022"
    update_header = [cell.value for cell in updates[1]]
    [update_row] = [
        dict(zip(update_header, (cell.value for cell in r), strict=True))
        for r in updates.iter_rows(min_row=2)
    ]
    assert update_row["Status"] == "On track"
    assert update_row["What was done (English)"] == "Twelve crossings have trained officials."
    assert made.transfer.rows == 2

    arabic = pledges_export_xlsx(user=alice, language="ar")
    arabic.file.seek(0)
    sheet = load_workbook(arabic.file).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].value != "Pledge"
