"""The library: every member finds and reads the approved content; nothing else is in it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import Revision
from reporting.selectors.translations import SUBMISSION
from reporting.services.submissions import submission_transition
from reporting.services.translations import (
    translation_review,
    translation_save,
    translation_start,
)
from tests.builders import approve, member, save_narratives, start_draft, submitted

pytestmark = pytest.mark.django_db

SHELTERS = "Two shelters for trafficking survivors opened in Basra and Erbil in 2023."
ARABIC = "افتُتِحَ مركزان لإيواء الناجين من الاتجار بالبشر في البصرة وأربيل."


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def results(response) -> list[str]:
    """The library entries a page lists, by their links."""
    return re.findall(r'href="/library/(\d+)/"', response.content.decode())


def library(user, **query):
    return signed_in(user).get(reverse("library"), query)


@pytest.fixture
def shelters(bob, rita, open_cycle, moi):
    return approve(bob, rita, open_cycle, moi, 10, progress=SHELTERS)


def latest_revision(submission) -> Revision:
    return submission.revisions.order_by("-number").first()


def test_a_viewer_finds_an_approved_contribution_by_a_word_of_it_and_reads_it(victor, shelters):
    client = signed_in(victor)
    home = client.get("/").content.decode()
    assert f'href="{reverse("library")}"' in home  # in the menu
    assert reverse("library") in client.get(reverse("my_reporting")).content.decode()
    found = library(victor, text="shelter Basra")
    assert found.status_code == 200
    revision = latest_revision(shelters)
    assert results(found) == [str(revision.pk)]
    assert results(library(victor, text="Mosul")) == []
    page = client.get(reverse("library_entry", args=[revision.pk]))
    assert page.status_code == 200
    assert SHELTERS in page.content.decode()
    assert "Ministry of Interior" in page.content.decode()


def test_only_the_latest_approved_revision_is_in_it(
    alice, bob, rita, cora, victor, open_cycle, momd, moi, shelters
):
    draft = start_draft(alice, open_cycle, momd, 11, progress="A draft about shelters.")
    waiting = submitted(alice, open_cycle, momd, 12, progress="Shelters waiting for review.")
    first = latest_revision(shelters)
    submission_transition(user=cora, submission_id=shelters.pk, action="reopen", reason="Update")
    save_narratives(bob, shelters, progress="Three shelters opened in Basra, Erbil and Mosul.")
    submission_transition(user=bob, submission_id=shelters.pk, action="submit")
    # Reopened and resubmitted: the approved text stays in the library until the next approval.
    assert results(library(victor, text="shelters")) == [str(first.pk)]
    submission_transition(user=rita, submission_id=shelters.pk, action="approve")
    second = latest_revision(shelters)
    assert results(library(victor, text="shelters")) == [str(second.pk)]
    client = signed_in(victor)
    assert client.get(reverse("library_entry", args=[first.pk])).status_code == 404
    for submission in (draft, waiting):
        for revision in submission.revisions.all():
            assert client.get(reverse("library_entry", args=[revision.pk])).status_code == 404


def test_filters_narrow_it_down(alice, bob, carol, rita, victor, open_cycle, momd, moi, cso):
    by_moi = approve(bob, rita, open_cycle, moi, 10, progress="Border data was shared.")
    by_momd = approve(alice, rita, open_cycle, momd, 11, progress="Returnees were registered.")
    by_cso = approve(carol, rita, open_cycle, cso, 10, progress="Legal aid was given.")
    ids = {s: str(latest_revision(s).pk) for s in (by_moi, by_momd, by_cso)}
    assert set(results(library(victor))) == set(ids.values())
    assert set(results(library(victor, objective=10))) == {ids[by_moi], ids[by_cso]}
    assert results(library(victor, organisation=momd.pk)) == [ids[by_momd]]
    assert results(library(victor, kind="cso")) == [ids[by_cso]]
    assert set(results(library(victor, kind="government"))) == {ids[by_moi], ids[by_momd]}
    assert set(results(library(victor, cycle=open_cycle.code))) == set(ids.values())
    assert results(library(victor, cycle="arab-regional-2024")) == []


def test_arabic_is_found_with_or_without_vowel_marks_and_english_through_its_translation(
    alice, rita, victor, open_cycle, momd, iom
):
    written = approve(alice, rita, open_cycle, momd, 10, progress=ARABIC, language="ar")
    revision = latest_revision(written)
    assert results(library(victor, text="افتتح البصرة")) == [str(revision.pk)]
    assert results(library(victor, text="survivors")) == []
    tina, theo = member("tina", iom, "translator"), member("theo", iom, "translator")
    translation = translation_start(
        user=tina, kind=SUBMISSION, object_id=written.pk, language="en"
    )
    translation = translation_save(
        user=tina,
        translation_id=translation.pk,
        base_version=translation.version,
        targets={"progress": [SHELTERS]},
    )
    translation_review(user=theo, translation_id=translation.pk, base_version=translation.version)
    assert results(library(victor, text="survivors")) == [str(revision.pk)]


def test_a_filter_that_does_not_exist_is_said_not_a_crash(victor, shelters):
    response = library(victor, cycle="no-such-cycle", objective="99", page="abc")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert results(response) == [str(latest_revision(shelters).pk)]


def test_someone_without_a_role_has_no_library(shelters, db):
    from tests.factories import UserFactory

    outsider = UserFactory(username="outsider")
    client = signed_in(outsider)
    assert client.get(reverse("library")).status_code == 404
    revision = latest_revision(shelters)
    assert client.get(reverse("library_entry", args=[revision.pk])).status_code == 404


def test_it_reads_in_arabic(victor, shelters):
    response = signed_in(victor, "ar").get(reverse("library"))
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "مكتبة" in page
    assert SHELTERS[:40] in page
