"""Free text has a size, whichever way it comes in, and short fields lose bidi controls."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import Organisation, User
from gcm_portal.text import without_bidi_controls
from objectives.models import Indicator, Objective
from reporting import snapshot
from reporting.models import DataTransfer, IndicatorValue, Submission
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    comment_add,
    submission_save_draft,
    submission_transition,
)
from tests.api.conftest import api_client
from tests.builders import start_draft, submitted

pytestmark = pytest.mark.django_db

ONE_HUGE_WORD = "x" * 2_400_000
RLO = "\u202e"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- sizes --------------------------------------------------------------------------------


def test_every_narrative_field_has_a_character_cap():
    assert {field.name: field.char_limit for field in snapshot.NARRATIVE_FIELDS} == {
        "progress": 15_000,
        "challenges": 8_000,
        "good_practices": 8_000,
        "partnerships": 6_000,
        "next_steps": 6_000,
    }


def test_a_single_huge_word_is_refused_by_the_service(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(narratives={"progress": ONE_HUGE_WORD}),
        )
    assert "Keep this under 15000 characters" in str(refused.value.message_dict["progress"])
    assert Submission.objects.get(pk=submission.pk).progress != ONE_HUGE_WORD


def test_the_form_refuses_it_and_keeps_what_was_typed(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    text = "word " * 10 + "y" * 20_000
    response = client_for(alice).post(
        reverse("submission_edit", args=[submission.pk]),
        {"version": submission.version, "language": "en", "progress": text},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep this under 15000 characters; it has 20050." in html
    assert "y" * 20_000 in html  # still in the text box
    assert "maxlength" not in html.split('name="progress"')[1].split(">")[0]


def test_the_api_refuses_it(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    response = api_client(alice).patch(
        reverse("api:submission-draft", args=[submission.pk]),
        {"version": submission.version, "challenges": "z" * 8_001},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"challenges"}


def test_comments_and_reasons_have_a_size(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    with pytest.raises(ValidationError):
        comment_add(user=rita, submission_id=submission.pk, field="", body="c" * 10_001)
    with pytest.raises(ValidationError):
        submission_transition(
            user=rita, submission_id=submission.pk, action="return", reason="r" * 5_001
        )
    api = api_client(rita).post(
        reverse("api:submission-return", args=[submission.pk]),
        {"reason": "r" * 5_001},
        format="json",
    )
    assert api.status_code == 400
    assert Submission.objects.get(pk=submission.pk).state == "submitted"


def test_a_too_long_reason_comes_back_on_the_review_page_as_typed(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    reason = "Please add the Basra figures. " + "r" * 5_000
    response = client_for(rita).post(
        reverse("submission_transition", args=[submission.pk]),
        {
            "action": "return",
            "reason": reason,
            "next": reverse("review_detail", args=[submission.pk]),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert reason in html and "Keep this under 5000 characters" in html
    assert "Nothing was changed: see the reason below." in html
    # The language switch comes back to the review page, not to the POST-only address.
    switch = html.split('action="/language/"', 1)[1].split("</form>", 1)[0]
    assert f'name="next" value="{reverse("review_detail", args=[submission.pk])}"' in switch
    assert Submission.objects.get(pk=submission.pk).state == "submitted"


def test_a_missing_reason_comes_back_on_the_review_page(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    response = client_for(rita).post(
        reverse("submission_transition", args=[submission.pk]),
        {
            "action": "return",
            "reason": " ",
            "next": reverse("review_detail", args=[submission.pk]),
        },
    )
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()


def test_indicator_text_is_capped_in_the_service(alice, open_cycle, momd):
    objective = Objective.objects.get(number=10)
    indicator = Indicator.objects.create(
        code="Q-10-9", name_en="Referrals", kind="text", objective=objective
    )
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(
                narratives={"progress": "Done."},
                indicator_values=[
                    IndicatorEntry(indicator_id=indicator.pk, value="v", source="s" * 301)
                ],
            ),
        )
    assert f"indicator_{indicator.pk}_source" in refused.value.message_dict


# --- bidi controls ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"]
)
def test_each_control_is_removed(control):
    assert without_bidi_controls(f"Ministry{control} of Interior") == "Ministry of Interior"


def test_letters_and_marks_stay():
    text = "وزارة الهجرة\u200f (MoMD) \u200e2024–2028"
    assert without_bidi_controls(text) == text


def test_names_lose_them_however_they_are_written(momd):
    momd.name_en = f"Ministry of {RLO}tnemecalpsiD"
    momd.save()
    assert momd.name_en == "Ministry of tnemecalpsiD"
    assert Organisation.objects.get(pk=momd.pk).name_en == "Ministry of tnemecalpsiD"
    Organisation.objects.filter(pk=momd.pk).update(acronym=f"Mo{RLO}MD")
    assert Organisation.objects.get(pk=momd.pk).acronym == "MoMD"
    person = User.objects.create(username="nadia", first_name="Nadia\u2067", last_name="Ali")
    assert User.objects.get(pk=person.pk).first_name == "Nadia"


def test_the_admin_form_removes_them(ada, momd):
    response = client_for(ada).post(
        reverse("admin:accounts_organisation_change", args=[momd.pk]),
        {
            "slug": momd.slug,
            "name_en": f"Ministry of Migration{RLO} and Displaced",
            "name_ar": momd.name_ar,
            "acronym": "",
            "kind": momd.kind,
            "stakeholder_type": "",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=momd.pk).name_en == "Ministry of Migration and Displaced"


def test_indicator_values_from_the_api_lose_them(alice, open_cycle, momd):
    objective = Objective.objects.get(number=10)
    indicator = Indicator.objects.create(
        code="Q-10-8", name_en="Referrals", kind="number", objective=objective
    )
    submission = start_draft(alice, open_cycle, momd)
    response = api_client(alice).patch(
        reverse("api:submission-draft", args=[submission.pk]),
        {
            "version": submission.version,
            "indicator_values": [
                {"indicator": indicator.pk, "value": "12", "source": f"MoMD{RLO} records"}
            ],
        },
        format="json",
    )
    assert response.status_code == 200
    assert IndicatorValue.objects.get(submission=submission).source == "MoMD records"


def test_a_spreadsheet_file_name_loses_them(cora, open_cycle):
    from reporting.spreadsheets.importing import import_check

    upload = SimpleUploadedFile(f"strategy{RLO}xslx.exe", b"not a workbook")
    checked = import_check(user=cora, cycle=open_cycle, upload=upload, language="en")
    assert DataTransfer.objects.get(pk=checked.pk).file_name == "strategyxslx.xlsx"
