"""Every page people use fits a 390 px phone screen, in English and Arabic: nothing scrolls
sideways but a wide table inside its own box; and axe-core finds nothing serious on any of
them."""

import datetime

import pytest
from django.urls import reverse

from reporting.models import ReviewCycle
from reporting.services.consultations import (
    ConsultationData,
    ParticipantCount,
    consultation_create,
)
from reporting.services.pledges import pledge_update_save, pledge_update_transition
from reporting.services.submissions import comment_add, comment_address, submission_transition
from tests.browser.conftest import assert_accessible, login
from tests.builders import approve, save_narratives, submitted
from tests.integration.test_pledges import approved_pledge

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390
LONG_COMMENT = (
    "Please give the number of people reached in each governorate and the year, and say "
    "which directorate keeps the records: https://example.org/a-very-long-reference-link"
)


def overflow(page) -> int:
    """How far the page reaches beyond the screen's width (0 when it fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def pages_of(world) -> dict[str, list[str]]:
    cycle, waiting, approved = world["cycle"], world["waiting"], world["approved"]
    revision = approved.revisions.get(approved_at__isnull=False)
    everyone = [
        "/",
        reverse("objective_list"),
        reverse("objective_detail", args=[10]),
        reverse("principle_list"),
        reverse("strategy_overview"),
        reverse("indicator_list"),
        reverse("cycle_list"),
        reverse("library"),
        reverse("library_entry", args=[revision.pk]),
        reverse("account_security"),
    ]
    return {
        "alice": [
            *everyone,
            reverse("my_reporting"),
            reverse("submission_edit", args=[waiting.pk]),
            reverse("submission_edit", args=[waiting.pk]) + "?check=submit",
            reverse("submission_detail", args=[waiting.pk]),
            reverse("submission_history", args=[waiting.pk]),
            reverse("pledge_list"),
            reverse("pledge_new"),
            reverse("pledge_detail", args=[world["pledge"].pk]),
            reverse("pledge_update", args=[world["pledge"].pk, cycle.code]),
        ],
        "rita": [
            reverse("review_queue"),
            reverse("review_detail", args=[waiting.pk]),
            reverse("review_detail", args=[world["again"].pk]),
            reverse("pledge_detail", args=[world["pledge"].pk]),
            reverse("pledge_update", args=[world["pledge"].pk, cycle.code]),
        ],
        "cora": [
            reverse("coverage", args=[cycle.code]),
            reverse("assignments", args=[cycle.code]),
            reverse("report_editions", args=[cycle.code]),
            reverse("report_writing", args=[cycle.code, "regional"]),
            reverse("validation_new", args=[cycle.code, "regional"]),
            reverse("spreadsheets", args=[cycle.code]),
            reverse("translation_index"),
            reverse("translation_queue", args=[cycle.code, "regional"]),
            reverse("consultation_list", args=[cycle.code]),
            reverse("consultation_new", args=[cycle.code]),
            reverse("consultation_edit", args=[cycle.code, world["consultation"].pk]),
        ],
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_fits_a_phone(
    new_page, open_cycle, alice, bob, rita, cora, moi, momd, language
):
    waiting = submitted(alice, open_cycle, momd, 10, progress="Referral pathways in Ninewa.")
    comment_add(user=rita, submission_id=waiting.pk, field="progress", body=LONG_COMMENT)
    comment_add(user=rita, submission_id=waiting.pk, field="", body="Attach the report.")
    submission_transition(user=rita, submission_id=waiting.pk, action="return", reason="Add 2023.")
    # A second round for the reviewer: commented, answered, revised and sent again.
    again = submitted(alice, open_cycle, momd, 3, progress="Staff numbers remain short.")
    asked = comment_add(user=rita, submission_id=again.pk, field="progress", body=LONG_COMMENT)
    submission_transition(user=rita, submission_id=again.pk, action="return", reason="Figures.")
    comment_address(user=alice, comment_id=asked.pk, note="Added the figures for 2023.")
    save_narratives(alice, again, progress="Staff numbers remain short by about 20 posts.")
    submission_transition(user=alice, submission_id=again.pk, action="submit")
    approved = approve(bob, rita, open_cycle, moi, 7, progress="Shelters opened in Basra.")
    pledge = approved_pledge(alice, rita, ReviewCycle.objects.get(code="imrf-2022"))
    update = pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="delayed",
        narrative_en=LONG_COMMENT,
        narrative_ar="",
    )
    pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    consultation = consultation_create(
        user=cora,
        cycle=open_cycle,
        data=ConsultationData(
            title="Online consultation with civil-society organisations",
            language="en",
            starts_on=datetime.date(2028, 2, 10),
            format="online",
            organiser_name="Ministry of Migration and Displaced, with IOM Iraq",
            participants=[ParticipantCount(None, 12, 9, 1)],
        ),
    )
    world = {
        "cycle": open_cycle,
        "waiting": waiting,
        "again": again,
        "approved": approved,
        "pledge": pledge,
        "consultation": consultation,
    }
    too_wide = []
    for who, urls in pages_of(world).items():
        page = new_page()
        page.set_viewport_size({"width": WIDTH, "height": 844})
        login(page, who)
        if language == "ar":
            page.locator("button[name=language]").click()
            page.wait_for_load_state()
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (who, url, response.status)
            if overflow(page) > 0:
                too_wide.append(f"{who} {url}: {overflow(page)} px too wide")
            # axe-core on every page, at this width and in this language.
            assert_accessible(page, f"{who} {url} ({language}, {WIDTH} px)")
    assert not too_wide, "\n".join(too_wide)
