"""The SDG 10.7.2 questionnaire through the API: in the draft (read, PATCH, PUT), refused
when wrong with the one error shape, and in the revision with each domain's computed score."""

import pytest
from django.urls import reverse

from reporting.services.submissions import draft_of
from tests.api.conftest import api_client
from tests.api.test_contract import assert_error
from tests.builders import start_draft
from tests.integration.test_policy_domains import questionnaire

pytestmark = pytest.mark.django_db


def draft_url(submission) -> str:
    return reverse("api:submission-draft", args=[submission.pk])


def test_the_draft_carries_the_answers_and_a_patch_changes_them(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)
    client = api_client(alice)

    draft = client.get(draft_url(submission)).json()
    assert [entry["domain"] for entry in draft["policy_domains"]] == [1, 2, 3, 4, 5, 6]
    assert draft["policy_domains"][0]["answers"]["1.1"] == "yes"
    assert draft["policy_domains"][0]["note"] == "Note on domain 1."

    changed = client.patch(
        draft_url(submission),
        {
            "version": draft["version"],
            "policy_domains": [
                {"domain": 6, "answers": {"6.1": "yes", "6.2": "not_known"}, "note": "Checked."}
            ],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    saved = draft_of(submission).policy_domains
    assert saved[6].answers == {"6.1": "yes", "6.2": "not_known"}
    assert 1 not in saved  # the whole questionnaire is what was sent


def test_a_patch_without_answers_keeps_them(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)
    client = api_client(alice)
    version = client.get(draft_url(submission)).json()["version"]

    client.patch(draft_url(submission), {"version": version, "progress": "New."}, format="json")

    assert len(draft_of(submission).policy_domains) == 6


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        ([{"domain": 1, "answers": {"1.1": "perhaps"}}], {"policy_domains"}),
        ([{"domain": 1, "answers": {"2.1": "yes"}}], {"policy_domains"}),
        ([{"domain": 9, "answers": {"9.1": "yes"}}], {"policy_domains"}),
    ],
)
def test_wrong_answers_are_refused(alice, open_cycle, momd, sent, fields):
    submission = questionnaire(alice, open_cycle, momd)
    client = api_client(alice)
    version = client.get(draft_url(submission)).json()["version"]

    answer = client.patch(
        draft_url(submission), {"version": version, "policy_domains": sent}, format="json"
    )

    assert_error(answer, 400, "invalid")
    assert draft_of(submission).policy_domains[1].answers["1.1"] == "yes"


def test_other_drafts_have_no_questionnaire(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd, 10)

    assert api_client(alice).get(draft_url(submission)).json()["policy_domains"] is None


def test_the_revision_carries_the_answers_and_the_scores(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)
    client = api_client(alice)
    submitted = client.post(reverse("api:submission-submit", args=[submission.pk]), {})
    assert submitted.status_code == 200, submitted.content

    detail = client.get(reverse("api:submission-detail", args=[submission.pk])).json()

    domains = detail["latest_revision"]["content"]["policy_domains"]
    assert [(d["number"], d["yes"], d["score"]) for d in domains] == [
        (1, 5, 4),
        (2, 4, 4),
        (3, 3, 3),
        (4, 2, 2),
        (5, 1, 1),
        (6, 0, 1),
    ]
    assert domains[0]["answers"][0] == {
        "code": "1.1",
        "text_en": domains[0]["answers"][0]["text_en"],
        "text_ar": domains[0]["answers"][0]["text_ar"],
        "answer": "yes",
    }
