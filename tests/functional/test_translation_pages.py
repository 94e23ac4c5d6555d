"""The translators' pages as a browser sees them: what is marked after a failed save."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.selectors.translations import SUBMISSION
from reporting.services.translations import MAX_TARGET_CHARS, translation_start
from tests.builders import approve, member

pytestmark = pytest.mark.django_db

PROGRESS = "Referrals rose to 4,400 in 2023. Shelters opened in Basra."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tina(iom):
    return member("tina", iom, "translator")


@pytest.fixture
def approved(alice, rita, open_cycle, momd):
    return approve(alice, rita, open_cycle, momd, 10, progress=PROGRESS)


def signed_in(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_a_sentence_that_cannot_be_saved_is_marked_and_what_was_typed_stays(
    approved, tina, open_cycle
):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    response = signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {
            "version": translation.version,
            "target-progress": [
                "ارتفعت الإحالات إلى 4,400 في عام 2023.",
                "ب" * (MAX_TARGET_CHARS + 1),
            ],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ارتفعت الإحالات إلى 4,400 في عام 2023." in page
    assert 'id="error-progress"' in page and '<a href="#field-progress">' in page
    first, second = page.split('id="target-progress-')[1:3]
    assert "aria-invalid" not in first.split(">")[0]
    assert 'aria-invalid="true"' in second.split(">")[0]
    assert "error-progress" in second.split(">")[0]


def test_a_reply_with_a_sentence_missing_is_refused_with_a_message(approved, tina, open_cycle):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    response = signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {"version": translation.version, "target-progress": ["جملة واحدة."]},
    )
    assert response.status_code == 400
    assert "The text has 2 sentences; 1 were sent." in response.content.decode()


def test_language_and_people_names_are_isolated_from_the_sentence_around_them(
    approved, tina, open_cycle
):
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=approved.pk, language="ar"
    )
    signed_in(tina).post(
        reverse("translation_edit", args=[translation.pk]),
        {"version": translation.version, "target-progress": ["جملة أولى.", ""]},
    )
    name = tina.get_full_name() or tina.username
    editor = signed_in(tina, "ar").get(reverse("translation_edit", args=[translation.pk]))
    assert f"<bdi>{name}</bdi> · " in editor.content.decode()
    queue = signed_in(tina, "ar").get(
        reverse("translation_queue", args=[open_cycle.code, "regional"]) + "?language=ar"
    )
    page = queue.content.decode()
    assert '<bdi><strong><a href="' in page
    assert f"<bdi>{name}</bdi>" in page
