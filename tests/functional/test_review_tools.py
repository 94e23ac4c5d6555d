"""Reviewer tools: saying who reviews a piece of work, and approving several at once."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import Submission
from reporting.services.submissions import comment_add, submission_transition
from tests.builders import member, submitted

pytestmark = pytest.mark.django_db


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def rex(iom):
    return member("rex", iom, "reviewer")


def claim(client, submission, action="claim"):
    return client.post(
        reverse("review_claim", args=[submission.pk]), {"action": action}, follow=True
    )


def test_a_reviewer_says_they_review_it_and_another_sees_it_or_takes_it_over(
    alice, rita, rex, open_cycle, momd
):
    work = submitted(alice, open_cycle, momd)
    rita.first_name, rita.last_name = "Rita", "Haddad"
    rita.save()
    page = claim(signed_in(rita), work).content.decode()
    assert "You are reviewing it (since" in page
    queue = signed_in(rex).get(reverse("review_queue")).content.decode()
    assert "Being reviewed by <bdi>Rita Haddad</bdi>" in queue
    refused = claim(signed_in(rex), work).content.decode()
    assert "Rita Haddad is already reviewing this work." in refused
    assert Submission.objects.get(pk=work.pk).claimed_by == rita
    claim(signed_in(rex), work, "take_over")
    assert Submission.objects.get(pk=work.pk).claimed_by == rex
    # Deciding ends the review, and the claim with it.
    submission_transition(user=rex, submission_id=work.pk, action="return", reason="Add 2023.")
    assert Submission.objects.get(pk=work.pk).claimed_by is None


def test_only_the_reviewer_who_claimed_it_leaves_it(alice, rita, rex, open_cycle, momd):
    work = submitted(alice, open_cycle, momd)
    claim(signed_in(rita), work)
    page = claim(signed_in(rex), work, "release").content.decode()
    assert "You are not reviewing this work." in page
    claim(signed_in(rita), work, "release")
    assert Submission.objects.get(pk=work.pk).claimed_by is None


def test_the_claim_reads_in_arabic(alice, rita, open_cycle, momd):
    work = submitted(alice, open_cycle, momd)
    page = signed_in(rita, "ar").get(reverse("review_detail", args=[work.pk])).content.decode()
    assert "أتولى مراجعة هذا العمل" in page


def test_several_without_comments_are_approved_at_once_and_the_rest_say_why_not(
    alice, bob, carol, rita, open_cycle, momd, moi, cso
):
    clean_one = submitted(alice, open_cycle, momd, 10)
    clean_two = submitted(bob, open_cycle, moi, 10)
    commented = submitted(carol, open_cycle, cso, 10)
    comment_add(user=rita, submission_id=commented.pk, field="progress", body="Which year?")
    client = signed_in(rita)
    queue = client.get(reverse("review_queue")).content.decode()
    assert f'id="approve-{clean_one.pk}"' in queue
    assert f'id="approve-{commented.pk}"' not in queue
    response = client.post(
        reverse("review_approve_several"),
        {
            "submission": [clean_one.pk, clean_two.pk, commented.pk, "x"],
            "query": "state=submitted",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("review_queue") + "?state=submitted"
    page = response.content.decode()
    assert "2 submissions approved." in page
    assert "Migrant Rights Network" in page and "has reviewer comments" in page
    states = dict(Submission.objects.values_list("pk", "state"))
    assert (states[clean_one.pk], states[clean_two.pk], states[commented.pk]) == (
        "approved",
        "approved",
        "submitted",
    )


def test_approving_none_says_what_to_do(rita):
    page = signed_in(rita).post(reverse("review_approve_several"), {}, follow=True)
    assert "Choose the submissions to approve." in page.content.decode()


def test_the_queue_sorts_oldest_first_or_as_asked(
    alice, bob, carol, rita, open_cycle, momd, moi, cso
):
    first = submitted(carol, open_cycle, cso, 10)  # Migrant Rights Network
    second = submitted(alice, open_cycle, momd, 10)  # Ministry of Migration and Displaced
    third = submitted(bob, open_cycle, moi, 10)  # Ministry of Interior
    client = signed_in(rita)

    def order(**query) -> list[int]:
        page = client.get(reverse("review_queue"), query).content.decode()
        positions = {
            pk: page.index(f'id="approve-{pk}"') for pk in (first.pk, second.pk, third.pk)
        }
        return sorted(positions, key=positions.get)

    assert order() == [first.pk, second.pk, third.pk]
    assert order(sort="-waiting") == [third.pk, second.pk, first.pk]
    assert order(sort="organisation") == [first.pk, third.pk, second.pk]
    assert client.get(reverse("review_queue"), {"sort": "nonsense"}).status_code == 200


def test_the_queue_comes_a_page_at_a_time_keeping_its_filters(
    alice, rita, open_cycle, momd, monkeypatch
):
    monkeypatch.setattr("reporting.views.review.QUEUE_PAGE_SIZE", 2)
    works = [submitted(alice, open_cycle, momd, objective=n) for n in (3, 5, 7)]
    client = signed_in(rita)
    first = client.get(reverse("review_queue"), {"sort": "organisation", "kind": "government"})
    page = first.content.decode()
    assert page.count('name="submission"') == 2
    assert "Page 1 of 2" in page
    assert "sort=organisation&amp;kind=government&amp;page=2" in page
    second = client.get(
        reverse("review_queue"), {"sort": "organisation", "kind": "government", "page": 2}
    ).content.decode()
    assert second.count('name="submission"') == 1 and "Page 2 of 2" in second
    shown = {pk for pk in (w.pk for w in works) if f'id="approve-{pk}"' in page + second}
    assert shown == {w.pk for w in works}
