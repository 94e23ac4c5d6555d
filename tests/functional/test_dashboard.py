"""The coordinator's dashboard: days to the deadline, progress by objective and organisation,
what is overdue, what waits longest, marks that link to the work, and reminders sent now."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting.models import Reminder
from tests.builders import approve, assign, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_mail(settings):
    """Tasks run where they are sent, and mail stays in the outbox."""
    from gcm_portal.celery import app as celery_app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def progress(alice, bob, rita, open_cycle, momd, moi):
    waiting = submitted(alice, open_cycle, momd, 10)
    approved = approve(bob, rita, open_cycle, moi, 10)
    assign(open_cycle, moi, objective=3)  # asked, not started
    return waiting, approved


def dashboard(cora, cycle, language="en") -> str:
    return signed_in(cora, language).get(reverse("coverage", args=[cycle.code])).content.decode()


def set_deadline(cycle, days_from_today: int) -> None:
    cycle.submission_deadline = timezone.localdate() + datetime.timedelta(days=days_from_today)
    cycle.save()


def test_it_shows_the_days_left_and_the_progress_by_objective_and_organisation(
    cora, open_cycle, progress
):
    waiting, _approved = progress
    set_deadline(open_cycle, 12)
    page = dashboard(cora, open_cycle)
    assert "12 days to the deadline" in page
    bars = re.findall(r'<span class="bar__figures">([^<]+)</span>', page)
    # Objective 3 (one asked, not started), objective 10 (one approved, one waiting); then
    # each organisation.
    assert "0 approved, 0 awaiting review, of 1 asked" in bars
    assert "1 approved, 1 awaiting review, of 2 asked" in bars
    assert "Waiting longest for review" in page
    # A mark links to submitted work, and says its state in words.
    assert f'href="{reverse("submission_detail", args=[waiting.pk])}"' in page
    assert 'title="Submitted"' in page and 'title="Approved"' in page
    assert "overdue" not in page


def test_past_the_deadline_it_lists_what_is_overdue(cora, open_cycle, progress):
    set_deadline(open_cycle, -3)
    page = dashboard(cora, open_cycle)
    assert "The deadline passed 3 days ago." in page
    assert "1 report overdue" in page


def test_it_reads_in_arabic(cora, open_cycle, progress):
    set_deadline(open_cycle, 1)
    page = dashboard(cora, open_cycle, "ar")
    assert "يوم واحد متبقٍّ على الموعد النهائي" in page
    assert "حسب الهدف" in page
    # The drawing's numbers are not written the Arabic way (a decimal comma breaks it).
    widths = re.findall(r'<rect class="seg--\w+" x="([^"]+)" y="0" width="([^"]+)"', page)
    assert widths and all(re.fullmatch(r"[\d.]+", n) for pair in widths for n in pair)


def test_the_coordinator_reminds_an_organisation_now_once_a_day(
    cora, bob, open_cycle, moi, momd, progress, eager_mail, django_capture_on_commit_callbacks
):
    set_deadline(open_cycle, 5)
    client = signed_in(cora)
    url = reverse("reminder_send", args=[open_cycle.code])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"organisation": moi.pk}, follow=True).content.decode()
    assert "A reminder is on its way to the focal points of Ministry of Interior." in page
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert mail.outbox[0].subject.startswith("Reminder: reports for")  # before the deadline
    again = client.post(url, {"organisation": moi.pk}, follow=True).content.decode()
    assert "A reminder already went to this organisation today." in again
    # MoMD's work is submitted: nothing left to remind it of.
    refused = client.post(url, {"organisation": momd.pk}, follow=True).content.decode()
    assert "This organisation has nothing left to submit." in refused
    assert Reminder.objects.count() == 1
    assert "Reminders sent" in page and "Ministry of Interior ·" in dashboard(cora, open_cycle)


def test_after_the_deadline_the_reminder_says_it_is_overdue(
    cora, bob, open_cycle, moi, progress, eager_mail, django_capture_on_commit_callbacks
):
    set_deadline(open_cycle, -1)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(cora).post(
            reverse("reminder_send", args=[open_cycle.code]), {"organisation": moi.pk}
        )
    assert mail.outbox[0].subject.startswith("Overdue:")


def test_an_organisation_leading_many_strategy_actions_gets_them_counted(cora, open_cycle, moi):
    """Up to six are listed one by one; more are counted by state, with a way to each."""
    from objectives.models import Pillar, Strategy, StrategyAction

    strategy = Strategy.objects.create(code="many", title_en="Many actions")
    pillar = Pillar.objects.create(strategy=strategy, code="M", title_en="Many")
    StrategyAction.objects.bulk_create(
        StrategyAction(pillar=pillar, code=f"M.{n}", title_en=f"Action {n}", lead_organisation=moi)
        for n in range(1, 8)
    )
    page = dashboard(cora, open_cycle)
    row = page[page.index("Ministry of Interior</th>") :]
    row = row[: row.index("</tr>")]
    assert "Strategy actions:" in row and "M.3" not in row
    assert re.search(r"Not started.*?</abbr>\s+7</span>", row, re.DOTALL)
    assert f"organisation={moi.pk}" in row and "see each" in row
