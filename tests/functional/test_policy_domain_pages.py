"""The SDG 10.7.2 questionnaire on the pages: its grid on its section's form only, bad input
shown with its error and nothing typed lost, the answers and what changed on the review page."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import Submission
from reporting.services.submissions import draft_of, submission_transition
from tests.builders import start_draft
from tests.integration.test_policy_domains import all_answered, questionnaire
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posted(draft: Submission, **changes) -> dict:
    data = {"version": draft.version, "language": "en", "progress": draft.progress}
    for number, entry in draft_of(draft).policy_domains.items():
        data[f"policy_note_{number}"] = entry.note
        for code, answer in entry.answers.items():
            data["policy_" + code.replace(".", "_")] = answer
    data.update(changes)
    return data


def test_the_grid_is_on_the_questionnaire_s_form_only(alice, open_cycle, momd):
    draft = questionnaire(alice, open_cycle, momd)
    objective = start_draft(alice, open_cycle, momd, 10)
    client = signed_in(alice)

    page = client.get(reverse("submission_edit", args=[draft.pk])).content.decode()
    other = client.get(reverse("submission_edit", args=[objective.pk])).content.decode()

    assert page.count('<fieldset class="policy-question') == 30
    assert "Domain 6: Safe, orderly and regular migration" in page
    assert "5 of 5 answered yes · score 4, Fully meets" in page
    assert 'name="policy_1_1" value="yes" required' not in page  # answers are optional drafts
    assert 'name="policy_1_1" value="yes"' in page and "checked" in page
    assert "policy-question" not in other and "policy_1_1" not in other


def test_a_bad_answer_is_refused_and_everything_typed_is_kept(alice, open_cycle, momd):
    draft = questionnaire(alice, open_cycle, momd)
    answer = signed_in(alice).post(
        reverse("submission_edit", args=[draft.pk]),
        posted(
            draft,
            progress="A new paragraph on the 2024 policy.",
            policy_2_1="perhaps",
            policy_note_3="Bilateral agreements with Jordan and Türkiye.",
            policy_note_4="x" * 2001,
        ),
    )

    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Select a valid choice" in page
    assert "Keep this under 2000 characters" in page
    assert "A new paragraph on the 2024 policy." in page
    assert "Bilateral agreements with Jordan and Türkiye." in page
    draft.refresh_from_db()
    assert draft.progress != "A new paragraph on the 2024 policy."


def test_saving_the_form_keeps_the_answers(alice, open_cycle, momd):
    draft = questionnaire(alice, open_cycle, momd)
    answer = signed_in(alice).post(
        reverse("submission_edit", args=[draft.pk]),
        posted(draft, policy_6_1="yes", policy_note_6="Visa overstays are now tracked."),
    )

    assert answer.status_code == 302
    saved = draft_of(Submission.objects.get(pk=draft.pk)).policy_domains
    assert saved[6].answers["6.1"] == "yes"
    assert saved[6].note == "Visa overstays are now tracked."
    assert saved[1].answers == all_answered()[1].answers


def test_the_submit_check_points_at_the_unanswered_subcategory(alice, open_cycle, momd):
    domains = all_answered()
    domains[5].answers["5.2"] = ""
    draft = questionnaire(alice, open_cycle, momd, domains)

    page = signed_in(alice).get(reverse("submission_edit", args=[draft.pk]) + "?check=submit")

    text = page.content.decode()
    assert "Answer every sub-category of domain 5 before submitting" in text
    assert 'href="#id_policy_5_2"' in text


def test_the_review_page_shows_the_answers_and_what_changed(alice, rita, open_cycle, momd):
    draft = questionnaire(alice, open_cycle, momd)
    submission_transition(user=alice, submission_id=draft.pk, action="submit")
    submission_transition(user=rita, submission_id=draft.pk, action="return", reason="Check 6.")
    draft.refresh_from_db()
    signed_in(alice).post(
        reverse("submission_edit", args=[draft.pk]),
        posted(draft, policy_6_1="yes", policy_6_2="not_known", policy_note_6="Checked."),
    )
    submission_transition(user=alice, submission_id=draft.pk, action="submit")

    page = signed_in(rita).get(reverse("review_detail", args=[draft.pk])).content.decode()

    assert "SDG indicator 10.7.2: policy domains" in page
    assert "Score 4: Fully meets (5 of 5 yes)" in page
    assert "Score 1: Requires further progress (1 of 5 yes)" in page  # domain 6: now 1 yes
    assert '<del><span class="visually-hidden">was </span>No</del> → <ins>Yes</ins>' in page
    assert '<del><span class="visually-hidden">was </span>No</del> → <ins>Not known</ins>' in page
    assert '<ins dir="auto">Checked.</ins>' in page


# queries beyond signed_in_queries(): the submission with its cycle, organisation and
# subject; form choices: principles, strategy actions, the 10.7.2 domains and their
# sub-categories (a section has no GCM actions or indicators to offer); the saved draft:
# indicator values, principles, GCM actions, strategy actions, the 10.7.2 answers; the
# revisions; the review conversations; the earlier approved text to start from; the evidence
@pytest.mark.parametrize(("name", "who", "queries"), [("submission_edit", "alice", 14)])
def test_the_questionnaire_form_s_query_count(
    alice, rita, open_cycle, momd, django_assert_num_queries, name, who, queries
):
    draft = questionnaire(alice, open_cycle, momd)
    client = signed_in(alice)
    with django_assert_num_queries(signed_in_queries(who) + queries):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200
