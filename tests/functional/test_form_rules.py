"""The progress form says its rules up front, keeps whatever is valid, and attaches evidence
without reloading what is being typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reporting.models import Evidence, Submission
from tests.builders import start_draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posted_form(draft: Submission, **changes) -> dict:
    return {
        "version": draft.version,
        "language": "en",
        "implementation_status": "in_progress",
        "progress": draft.progress,
        **changes,
    }


def test_required_fields_and_limits_are_marked_before_submitting(alice, open_cycle, momd):
    draft = start_draft(alice, open_cycle, momd)
    page = signed_in(alice).get(reverse("submission_edit", args=[draft.pk])).content.decode()
    progress = page[page.index('for="id_progress"') :][:400]
    assert "(required to submit)" in progress and "Up to 1500 words." in progress
    challenges = page[page.index('for="id_challenges"') :][:300]
    assert "(required to submit)" not in challenges and "Up to 800 words." in challenges
    assert 'href="#form-actions"' in page and 'id="form-actions"' in page


def test_autosave_keeps_every_valid_field_and_names_the_one_it_could_not(alice, open_cycle, momd):
    draft = start_draft(alice, open_cycle, momd, challenges="Turnover.")
    too_long = "word " * 801
    answer = signed_in(alice).post(
        reverse("submission_autosave", args=[draft.pk]),
        posted_form(draft, progress="Pathways in Ninewa, Basra and Erbil.", challenges=too_long),
        **HTMX,
    )
    html = answer.content.decode()
    assert "autosave-status--partial" in html
    assert "Challenges" in html and "Keep this under 800 words" in html
    assert 'data-held-back="id_challenges "' in html
    draft.refresh_from_db()
    assert draft.progress == "Pathways in Ninewa, Basra and Erbil."  # saved
    assert draft.challenges == "Turnover."  # kept as it was
    # The same again changes nothing, so the version stays where a "Save draft" expects it.
    version = draft.version
    again = signed_in(alice).post(
        reverse("submission_autosave", args=[draft.pk]),
        posted_form(draft, progress="Pathways in Ninewa, Basra and Erbil.", challenges=too_long),
        **HTMX,
    )
    assert "autosave-status--partial" in again.content.decode()
    draft.refresh_from_db()
    assert draft.version == version


def test_evidence_attaches_in_place_with_its_error_beside_the_file(alice, open_cycle, momd):
    draft = start_draft(alice, open_cycle, momd)
    client = signed_in(alice)
    url = reverse("evidence_upload", args=[draft.pk])
    attached = client.post(
        url, {"file": SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")}, **HTMX
    )
    fragment = attached.content.decode()
    assert attached.status_code == 200
    assert fragment.lstrip().startswith('<section aria-labelledby="evidence-heading"')
    assert "law.pdf" in fragment and "File attached." in fragment and "<html" not in fragment
    refused = client.post(
        url, {"file": SimpleUploadedFile("notes.exe", b"MZ\x90\x00", content_type="x")}, **HTMX
    )
    fragment = refused.content.decode()
    assert refused.status_code == 400
    error = fragment.index('id="evidence-error"')
    assert error < fragment.index('type="file"')  # the message sits at the file input
    assert 'aria-invalid="true"' in fragment
    evidence = Evidence.objects.get(submission=draft)
    removed = client.post(reverse("evidence_remove", args=[draft.pk, evidence.pk]), **HTMX)
    assert "File removed." in removed.content.decode()
    assert "No file attached yet." in removed.content.decode()


def test_a_draft_starts_from_the_last_cycle_s_approved_text(alice, rita, open_cycle, momd):
    from reporting.models import ReviewCycle
    from reporting.services.submissions import submission_transition
    from tests.builders import start_draft as begin

    earlier = ReviewCycle.objects.get(code="imrf-2026")
    earlier.state = ReviewCycle.State.OPEN
    earlier.save()
    last = begin(alice, earlier, momd, progress="Pathways in Ninewa.", challenges="Few shelters.")
    submission_transition(user=alice, submission_id=last.pk, action="submit")
    submission_transition(user=rita, submission_id=last.pk, action="approve")
    draft = begin(alice, open_cycle, momd, progress="Pathways now in Basra too.")
    client = signed_in(alice)
    page = client.get(reverse("submission_edit", args=[draft.pk])).content.decode()
    assert "Start from your last approved text" in page
    answer = client.post(
        reverse("submission_start_from", args=[draft.pk]), {"version": draft.version}, follow=True
    )
    assert "copied into the empty fields: Challenges" in answer.content.decode()
    draft.refresh_from_db()
    assert draft.progress == "Pathways now in Basra too."  # what she wrote stays
    assert draft.challenges == "Few shelters."


@pytest.mark.parametrize("typed", ["about three hundred", "nan", "inf", "1e999"])
def test_a_count_takes_only_a_number(alice, open_cycle, momd, typed):
    from objectives.models import Indicator

    counted = Indicator.objects.create(
        code="Q-10-9", name_en="People reached", kind="number", objective_id=10, unit_en="persons"
    )
    draft = start_draft(alice, open_cycle, momd)
    client = signed_in(alice)
    page = client.get(reverse("submission_edit", args=[draft.pk])).content.decode()
    assert f'name="indicator_{counted.pk}_unit" value="persons"' in page  # filled in
    answer = client.post(
        reverse("submission_edit", args=[draft.pk]),
        posted_form(draft, **{f"indicator_{counted.pk}_value": typed}),
    )
    assert answer.status_code == 400
    assert "Enter a number, for example 1250 or 12.5." in answer.content.decode()
    assert typed in answer.content.decode()  # what was typed stays


def test_a_breakdown_must_add_up_to_its_count(alice, open_cycle, momd):
    from objectives.models import Indicator

    counted = Indicator.objects.create(
        code="Q-10-8",
        name_en="People reached",
        kind="number",
        objective_id=10,
        disaggregations=["sex"],
    )
    draft = start_draft(alice, open_cycle, momd)
    prefix = f"indicator_{counted.pk}"
    answer = signed_in(alice).post(
        reverse("submission_edit", args=[draft.pk]),
        posted_form(
            draft,
            **{
                f"{prefix}_value": "120",
                f"{prefix}_bd_sex_female": "70",
                f"{prefix}_bd_sex_male": "40",
            },
        ),
    )
    assert answer.status_code == 400
    assert "The groups by sex add up to 110, but the value is 120." in answer.content.decode()
    saved = signed_in(alice).post(
        reverse("submission_edit", args=[draft.pk]),
        posted_form(
            draft,
            **{
                f"{prefix}_value": "120",
                f"{prefix}_bd_sex_female": "70",
                f"{prefix}_bd_sex_male": "50",
            },
        ),
    )
    assert saved.status_code == 302
