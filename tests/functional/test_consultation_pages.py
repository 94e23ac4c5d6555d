"""The consultation pages: the coordinator records and edits consultations (the
participants grid with its totals, files, what changed); the review side reads them; anyone
else gets a 404. Bad input comes back with its errors and everything typed. Each page makes a
fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from objectives.models import Objective, StakeholderType
from reporting.models import Consultation, ConsultationInput, LayoutChapter
from reporting.services.consultations import (
    ConsultationData,
    ParticipantCount,
    consultation_create,
)
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record(cora, cycle, title="Online consultation with civil society", **changes):
    data = ConsultationData(
        title=title,
        language="en",
        starts_on=datetime.date(2028, 2, 10),
        format="online",
        organiser_name="Ministry of Migration and Displaced",
        participants=[
            ParticipantCount(None, 2, 3, 0),
            ParticipantCount(StakeholderType.objects.get(code="civil society").pk, 5, 4, 1),
        ],
        objective_ids=[Objective.objects.get(number=7).pk],
        chapter_ids=[LayoutChapter.objects.get(layout__kind="regional", code="methodology").pk],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return consultation_create(
        user=cora, cycle=cycle, data=data, uploads=[SimpleUploadedFile("notes.pdf", PDF)]
    )


def form_data(**changes) -> dict:
    civil_society = StakeholderType.objects.get(code="civil society").pk
    data = {
        "title": "Technical working group, Baghdad",
        "language": "en",
        "starts_on": "2028-02-10",
        "ends_on": "2028-02-11",
        "format": "in_person",
        "place": "Baghdad",
        "organiser_name": "Ministry of Migration and Displaced",
        "objectives": [Objective.objects.get(number=1).pk],
        "kurdistan_region_took_part": "on",
        "how_input_was_used": "Figures on returns corrected.",
        "participants-government-women": "4",
        "participants-government-men": "6",
        f"participants-{civil_society}-not_stated": "2",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_a_consultation(cora, open_cycle):
    client = client_for(cora)
    page = client.get(reverse("consultation_new", args=[open_cycle.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Government institutions" in html and "Civil society" in html
    data = form_data(input_file=SimpleUploadedFile("comments.pdf", PDF))
    response = client.post(reverse("consultation_new", args=[open_cycle.code]), data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.place == "Baghdad" and consultation.kurdistan_region_took_part
    assert sum(p.total for p in consultation.participants.all()) == 12
    assert consultation.inputs.get().original_name == "comments.pdf"
    listed = client.get(reverse("consultation_list", args=[open_cycle.code])).content.decode()
    assert "Technical working group, Baghdad" in listed and "comments.pdf" in listed


def test_the_form_shows_row_and_column_totals(cora, open_cycle):
    consultation = record(cora, open_cycle)
    html = (
        client_for(cora)
        .get(reverse("consultation_edit", args=[open_cycle.code, consultation.pk]))
        .content.decode()
    )
    assert "<output>5</output>" in html and "<output>10</output>" in html  # row totals
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert [cell for cell in ("7", "7", "1", "15") if f"<strong>{cell}</strong>" in footer]
    assert "<strong>15</strong>" in footer


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants-government-women": "-3"}, "whole numbers, 0 or more"),
        ({"participants-government-men": "2.5"}, "whole numbers, 0 or more"),
        ({"ends_on": "2028-02-01"}, "cannot end before it starts"),
        ({"place": ""}, "Say where the consultation was held"),
        ({"starts_on": ""}, "This field is required"),
        ({"organiser_name": ""}, "Choose the organiser from the list, or name it"),
    ],
)
def test_bad_input_comes_back_with_the_errors_and_what_was_typed(
    cora, open_cycle, changes, message
):
    response = client_for(cora).post(
        reverse("consultation_new", args=[open_cycle.code]), form_data(**changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Technical working group, Baghdad"' in html
    assert "Figures on returns corrected." in html
    assert 'value="6"' in html or changes.get("participants-government-men")
    assert not Consultation.objects.exists()


def test_a_bad_file_is_refused_and_a_good_one_kept_across_errors(cora, open_cycle):
    client = client_for(cora)
    url = reverse("consultation_new", args=[open_cycle.code])
    bad = client.post(url, form_data(input_file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")))
    assert bad.status_code == 400
    assert "PDF, Word, Excel" in bad.content.decode() or "not accepted" in bad.content.decode()
    # A good file with another mistake: kept, and saved once the mistake is fixed.
    first = client.post(
        url, form_data(place="", input_file=SimpleUploadedFile("minutes.pdf", PDF))
    )
    assert first.status_code == 400
    held = first.context["input_held"]
    assert held and "minutes.pdf" in first.content.decode()
    second = client.post(url, form_data(input_held=held))
    assert second.status_code == 302
    assert ConsultationInput.objects.get().original_name == "minutes.pdf"


def test_the_coordinator_edits_and_deletes_a_consultation(cora, open_cycle):
    consultation = record(cora, open_cycle)
    client = client_for(cora)
    url = reverse("consultation_edit", args=[open_cycle.code, consultation.pk])
    assert client.post(url, form_data(title="Renamed")).status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Renamed" and consultation.version == 2
    kept = consultation.inputs.get()
    download = client.get(reverse("consultation_input_download", args=[kept.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.post(reverse("consultation_input_remove", args=[kept.pk]))
    assert not ConsultationInput.objects.exists()
    client.post(reverse("consultation_delete", args=[open_cycle.code, consultation.pk]))
    assert not Consultation.objects.exists()


def test_a_consultation_is_found_only_under_its_own_cycle(cora, open_cycle):
    consultation = record(cora, open_cycle)
    url = reverse("consultation_edit", args=["imrf-2026", consultation.pk])
    assert client_for(cora).get(url).status_code == 404


def test_the_review_side_reads_and_others_get_404(cora, rita, alice, victor, open_cycle):
    consultation = record(cora, open_cycle)
    kept = consultation.inputs.get()
    listing = reverse("consultation_list", args=[open_cycle.code])
    edit = reverse("consultation_edit", args=[open_cycle.code, consultation.pk])
    download = reverse("consultation_input_download", args=[kept.pk])
    reviewer = client_for(rita)
    page = reviewer.get(listing)
    assert page.status_code == 200 and "Record a consultation" not in page.content.decode()
    assert reviewer.get(download).status_code == 200
    assert reviewer.get(edit).status_code == 404
    assert reviewer.post(edit, form_data()).status_code == 404
    for outsider in (alice, victor):
        client = client_for(outsider)
        assert client.get(listing).status_code == 404
        assert client.get(download).status_code == 404
        assert (
            client.post(
                reverse("consultation_new", args=[open_cycle.code]), form_data()
            ).status_code
            == 404
        )
    assert Consultation.objects.get().title == consultation.title


def test_the_writing_page_links_the_consultations(cora, open_cycle):
    html = (
        client_for(cora)
        .get(reverse("report_writing", args=[open_cycle.code, "regional"]))
        .content.decode()
    )
    assert reverse("consultation_list", args=[open_cycle.code]) in html


def test_the_pages_work_in_arabic(cora, open_cycle):
    consultation = record(cora, open_cycle)
    client = client_for(cora)
    client.cookies["django_language"] = "ar"
    for url in (
        reverse("consultation_list", args=[open_cycle.code]),
        reverse("consultation_edit", args=[open_cycle.code, consultation.pk]),
    ):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert 'dir="rtl"' in html


# --- queries: the same whatever the number of consultations --------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_makes_a_fixed_number_of_queries(
    cora, open_cycle, django_assert_num_queries, count
):
    for number in range(count):
        record(cora, open_cycle, title=f"Consultation {number}")
    client = client_for(cora)
    # the cycle; the consultations with organisers; prefetched: objectives, layout chapters
    # with their layouts, participants with stakeholder types, inputs, changed contributions
    # (organisation, objective, strategy action and section joined), changed chapters (layout
    # chapter and objective joined)
    with django_assert_num_queries(signed_in_queries(cora) + 8):
        assert client.get(reverse("consultation_list", args=[open_cycle.code])).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_the_form_makes_a_fixed_number_of_queries(
    cora, open_cycle, django_assert_num_queries, count
):
    for number in range(count):
        consultation = record(cora, open_cycle, title=f"Consultation {number}")
    client = client_for(cora)
    url = reverse("consultation_edit", args=[open_cycle.code, consultation.pk])
    # the consultation with its cycle and organiser; the stakeholder types; what it holds:
    # objectives, chapters, changed contributions and chapters, participants; choices:
    # organisations, objectives, layout chapters, the cycle's contributions and chapters; its
    # files
    with django_assert_num_queries(signed_in_queries(cora) + 13):
        assert client.get(url).status_code == 200
