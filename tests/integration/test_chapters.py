"""The coordinator's chapters: written in the portal, reviewed by IOM like contributions."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import Membership
from reporting.models import ChapterRevision, LayoutChapter
from reporting.services.chapters import (
    ChapterStale,
    chapter_name_drafter,
    chapter_save,
    chapter_start,
    chapter_transition,
)
from reporting.workflow import TransitionRefused
from tests.builders import approve, member, submitted

pytestmark = pytest.mark.django_db


def layout_chapter(code: str, kind: str = "regional") -> LayoutChapter:
    return LayoutChapter.objects.get(layout__kind=kind, code=code)


@pytest.fixture
def foreword(cora, open_cycle):
    return chapter_start(user=cora, cycle=open_cycle, layout_chapter=layout_chapter("foreword"))


def save(user, chapter, **text):
    chapter.refresh_from_db()
    return chapter_save(
        user=user,
        chapter_id=chapter.pk,
        base_version=chapter.version,
        language=text.pop("language", "en"),
        **text,
    )


def test_only_the_coordinator_starts_chapters(alice, rita, open_cycle):
    for person in (alice, rita):
        with pytest.raises(TransitionRefused):
            chapter_start(user=person, cycle=open_cycle, layout_chapter=layout_chapter("foreword"))


def test_annexes_are_not_written_and_objective_chapters_need_an_objective(cora, open_cycle):
    with pytest.raises(TransitionRefused):
        chapter_start(
            user=cora, cycle=open_cycle, layout_chapter=layout_chapter("annex-indicators")
        )
    with pytest.raises(TransitionRefused):
        chapter_start(user=cora, cycle=open_cycle, layout_chapter=layout_chapter("objectives"))


def test_a_stale_save_saves_nothing(cora, foreword):
    version = foreword.version
    save(cora, foreword, body="First text.")
    with pytest.raises(ChapterStale):
        chapter_save(
            user=cora, chapter_id=foreword.pk, base_version=version, language="en", body="Other."
        )
    foreword.refresh_from_db()
    assert foreword.body == "First text."


def test_word_limits_and_key_messages(cora, open_cycle, foreword):
    with pytest.raises(ValidationError) as too_long:
        save(cora, foreword, body="word " * 401)
    assert "400 words" in str(too_long.value)
    messages = chapter_start(
        user=cora, cycle=open_cycle, layout_chapter=layout_chapter("key-messages")
    )
    with pytest.raises(ValidationError):
        save(cora, messages, messages=[f"Message {n}." for n in range(8)])
    with pytest.raises(ValidationError):
        save(cora, messages, messages=["long " * 61])
    save(cora, messages, messages=["One.", "Two."])
    with pytest.raises(ValidationError) as incomplete:
        chapter_transition(user=cora, chapter_id=messages.pk, action="submit")
    assert "at least 3" in str(incomplete.value)


def test_only_approved_contributions_of_the_cycle_can_be_cited(
    alice, bob, rita, cora, open_cycle, momd, moi, foreword
):
    approved = approve(alice, rita, open_cycle, momd, 10)
    pending = submitted(bob, open_cycle, moi, 4)
    save(cora, foreword, body=f"Referrals rose [cite:{approved.pk}].")
    with pytest.raises(ValidationError) as refused:
        save(cora, foreword, body=f"Borders [cite:{pending.pk}].")
    assert f"[cite:{pending.pk}]" in str(refused.value)


def test_iom_reviews_the_chapter_as_it_reviews_contributions(
    cora, rita, insider, dual, open_cycle, foreword
):
    save(cora, foreword, body="Iraq reports for the second time.")
    chapter_transition(user=cora, chapter_id=foreword.pk, action="submit")
    revision = ChapterRevision.objects.get(chapter=foreword)
    assert revision.content["body"] == "Iraq reports for the second time."
    with pytest.raises(TransitionRefused):
        save(cora, foreword, body="Changed while under review.")
    for person in (cora, insider, dual):  # a role in MoMD, whatever the role
        with pytest.raises(TransitionRefused):
            chapter_transition(user=person, chapter_id=foreword.pk, action="approve")
    with pytest.raises(TransitionRefused):
        chapter_transition(user=rita, chapter_id=foreword.pk, action="return", reason=" ")
    chapter_transition(
        user=rita, chapter_id=foreword.pk, action="return", reason="Name the ministries."
    )
    save(cora, foreword, body="Iraq reports for the second time, with nine ministries.")
    chapter_transition(user=cora, chapter_id=foreword.pk, action="submit")
    chapter_transition(user=rita, chapter_id=foreword.pk, action="approve")
    foreword.refresh_from_db()
    assert foreword.state == "approved"
    assert [r.number for r in foreword.revisions.order_by("number")] == [1, 2]
    assert foreword.revisions.get(number=2).approved_at is not None
    assert [e.action for e in foreword.events.order_by("pk")] == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
    # Its writer reopens it, with a reason; IOM approves it again.
    with pytest.raises(TransitionRefused):
        chapter_transition(user=rita, chapter_id=foreword.pk, action="reopen", reason="No.")
    chapter_transition(
        user=cora, chapter_id=foreword.pk, action="reopen", reason="New figures came in."
    )
    foreword.refresh_from_db()
    assert foreword.state == "returned" and foreword.is_editable


@pytest.fixture
def insider(momd):
    return member("insider", momd, Membership.Role.REVIEWER)


def test_a_named_drafter_writes_and_submits(alice, bob, cora, rita, momd, foreword):
    with pytest.raises(TransitionRefused):
        save(alice, foreword, body="Not mine yet.")
    with pytest.raises(ValidationError):
        chapter_name_drafter(user=cora, chapter_id=foreword.pk, drafter=bob)  # not of MoMD
    with pytest.raises(TransitionRefused):
        chapter_name_drafter(user=alice, chapter_id=foreword.pk, drafter=alice)
    chapter_name_drafter(user=cora, chapter_id=foreword.pk, drafter=alice)
    save(alice, foreword, body="Drafted by the ministry's focal point.")
    chapter_transition(user=alice, chapter_id=foreword.pk, action="submit")
    chapter_transition(user=rita, chapter_id=foreword.pk, action="approve")
    foreword.refresh_from_db()
    assert foreword.state == "approved" and foreword.updated_by == alice


def test_a_named_drafter_finds_the_chapter_on_the_home_page(alice, cora, foreword):
    client = Client()
    client.force_login(alice)
    assert reverse("chapter_edit", args=[foreword.pk]) not in client.get("/").content.decode()
    chapter_name_drafter(user=cora, chapter_id=foreword.pk, drafter=alice)
    page = client.get("/").content.decode()
    assert "Report chapters you are drafting" in page
    assert reverse("chapter_edit", args=[foreword.pk]) in page
    assert client.get(reverse("chapter_edit", args=[foreword.pk])).status_code == 200
