"""The review conversation: comments at their fields, threads with replies and states (open,
addressed, resolved), the second round's memory and a diff of every part of a submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from objectives.models import Indicator, Principle
from reporting.models import Comment, Submission
from reporting.services.submissions import (
    IndicatorEntry,
    comment_add,
    comment_address,
    comment_reply,
    comment_resolve,
    draft_of,
    submission_save_draft,
    submission_transition,
    submissions_approve,
)
from reporting.services.uploads import evidence_add
from reporting.workflow import TransitionRefused
from tests.builders import save_narratives, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def field_html(page: str, name: str) -> str:
    part = page[page.index(f'id="field-{name}"') :]
    return part[: part.index("</section>")]


@pytest.fixture
def counted(db):
    return Indicator.objects.create(
        code="Q-10-1", name_en="People reached", kind="number", objective_id=10
    )


def test_a_comment_is_added_at_its_field_without_leaving_the_page(alice, rita, open_cycle, momd):
    work = submitted(alice, open_cycle, momd)
    reviewer = signed_in(rita)
    url = reverse("review_comment", args=[work.pk])
    page = reviewer.get(reverse("review_detail", args=[work.pk])).content.decode()
    assert "Comment on this field" in field_html(page, "progress")
    # The inline control answers with the field's conversation only.
    answer = reviewer.post(url, {"field": "progress", "body": "Which years?"}, **HTMX)
    assert answer.status_code == 200
    fragment = answer.content.decode()
    assert fragment.lstrip().startswith('<div class="comment-field" id="comments-progress"')
    assert "Which years?" in fragment and "<html" not in fragment
    assert Comment.objects.get(submission=work).state == "open"
    # A refused comment comes back with what was typed and why.
    too_long = "x" * 10_001
    refused = reviewer.post(url, {"field": "progress", "body": too_long}, **HTMX)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert (
        too_long in text
        and 'aria-invalid="true"' in text
        and '<details class="comment-new" open' in text
    )
    # Without scripts, the whole page comes back with the typed text at its field.
    plain = reviewer.post(url, {"field": "challenges", "body": too_long})
    assert plain.status_code == 400
    assert too_long in field_html(plain.content.decode(), "challenges")


def test_the_two_round_review_keeps_its_memory(alice, rita, open_cycle, momd, counted):
    principles = list(Principle.objects.order_by("letter").values_list("pk", flat=True))
    work = submitted(
        alice,
        open_cycle,
        momd,
        progress="Staff numbers remain short; staff turnover is high. We trained 40 officers.",
        principle_ids=principles[:1],
        indicator_values=[IndicatorEntry(counted.pk, value="300")],
    )
    years = comment_add(user=rita, submission_id=work.pk, field="progress", body="Which years?")
    source = comment_add(user=rita, submission_id=work.pk, field="", body="Attach the report.")
    submission_transition(
        user=rita, submission_id=work.pk, action="return", reason="Give the years, please."
    )

    # The focal point sees each comment at its field, answers one and replies to the other.
    author = signed_in(alice)
    form = author.get(reverse("submission_edit", args=[work.pk])).content.decode()
    assert "Which years?" in form and "Mark addressed" in form
    assert "2 comments still need your answer" in form
    refused = author.post(
        reverse("comment_act", args=[years.pk, "address"]),
        {"note": "  ", "forms_elsewhere": "1"},
        **HTMX,
    )
    assert refused.status_code == 400
    assert "Say what you changed, or why you did not." in refused.content.decode()
    answer = author.post(
        reverse("comment_act", args=[years.pk, "address"]),
        {"note": "Added 2022 and 2023.", "forms_elsewhere": "1"},
        **HTMX,
    )
    assert answer.status_code == 200
    assert answer["HX-Trigger"] == "commentsChanged"  # the page's summaries fetch again
    fragment = answer.content.decode()
    assert "Addressed" in fragment and "Added 2022 and 2023." in fragment
    # Inside the progress form, the thread's controls point at forms kept outside it.
    assert "<form" not in fragment
    reply = author.post(
        reverse("comment_act", args=[source.pk, "reply"]),
        {"body": "It is being cleared for release."},
        **HTMX,
    )
    assert "It is being cleared for release." in reply.content.decode()

    # The revision changes in every part.
    work.refresh_from_db()
    draft = draft_of(work)
    draft.narratives["progress"] = (
        "Staff numbers remain short by about 20 posts. We trained 40 officers in 2022 and 2023."
    )
    draft.principle_ids = principles[1:2]
    draft.indicator_values = [IndicatorEntry(counted.pk, value="320")]
    submission_save_draft(
        user=alice, submission_id=work.pk, base_version=work.version, draft=draft
    )
    evidence_add(
        user=alice,
        submission_id=work.pk,
        upload=SimpleUploadedFile("training.pdf", PDF, content_type="application/pdf"),
    )

    # Submitting with a comment still open asks for an answer, and keeps the typed ones.
    transition = reverse("submission_transition", args=[work.pk])
    asked = author.post(transition, {"action": "submit"})
    assert asked.status_code == 302 and asked.url.endswith("?check=submit")
    page = author.get(asked.url).content.decode()
    assert "Answer the reviewer's open comment." in page
    assert "the reviewers&#x27; open comments" in page or "the reviewers' open comments" in page
    assert f'name="comment-{source.pk}"' in page and f'name="comment-{years.pk}"' not in page
    assert Submission.objects.get(pk=work.pk).state == "returned"
    done = author.post(
        transition,
        {"action": "submit", f"comment-{source.pk}": "Not attached: awaiting clearance."},
    )
    assert done.status_code == 302
    assert Submission.objects.get(pk=work.pk).state == "submitted"
    assert Comment.objects.get(pk=source.pk).addressed_note == "Not attached: awaiting clearance."

    # The reviewer sees why it went back, every earlier comment at its field with its state
    # and answer, and what changed everywhere.
    reviewer = signed_in(rita)
    page = reviewer.get(reverse("review_detail", args=[work.pk])).content.decode()
    assert "Why revision 1 went back" in page and "Give the years, please." in page
    progress = field_html(page, "progress")
    assert "Which years?" in progress and "Added 2022 and 2023." in progress
    assert "Addressed" in progress and "on revision 1" in progress
    assert '<del dir="auto">; staff turnover is high</del>' in progress
    assert '<ins dir="auto"> by about 20 posts</ins>' in progress
    indicators = field_html(page, "indicator_values")
    assert "300" in indicators and "<ins>320 </ins>" in indicators and "<del>" in indicators
    evidence = field_html(page, "evidence")
    assert "training.pdf" in evidence and "new this round" in evidence
    principles_part = field_html(page, "principles")
    assert "Added:" in principles_part and "Removed:" in principles_part

    # A reply opens an addressed comment again; resolving closes it.
    reviewer.post(
        reverse("comment_act", args=[source.pk, "reply"]),
        {"body": "Please send it later."},
        **HTMX,
    )
    assert Comment.objects.get(pk=source.pk).state == "open"
    resolved = reviewer.post(reverse("comment_act", args=[years.pk, "resolve"]), **HTMX)
    assert "Resolved by" in resolved.content.decode()
    assert Comment.objects.get(pk=years.pk).state == "resolved"

    # Several at once only for work with no conversation still going; approving settles it.
    assert submissions_approve(user=rita, submission_ids=[work.pk])[0] == 0
    submission_transition(user=rita, submission_id=work.pk, action="approve")
    assert set(Comment.objects.filter(parent=None).values_list("state", flat=True)) == {"resolved"}

    arabic = signed_in(rita, "ar").get(reverse("review_detail", args=[work.pk])).content.decode()
    assert "مُغلق" in arabic and "كيف عولج" in arabic


def test_who_may_do_what_with_a_conversation(alice, bob, rita, open_cycle, momd):
    work = submitted(alice, open_cycle, momd)
    thread = comment_add(user=rita, submission_id=work.pk, field="progress", body="Which years?")
    # Under review: the organisation cannot answer yet; only reviewers resolve.
    with pytest.raises(TransitionRefused):
        comment_address(user=alice, comment_id=thread.pk, note="Done.")
    with pytest.raises(TransitionRefused):
        comment_reply(user=alice, comment_id=thread.pk, body="Done.")
    submission_transition(user=rita, submission_id=work.pk, action="return", reason="Years.")
    with pytest.raises(TransitionRefused):
        comment_resolve(user=rita, comment_id=thread.pk)
    with pytest.raises(TransitionRefused):
        comment_address(user=rita, comment_id=thread.pk, note="Done.")
    # Another organisation's focal point does not even see it.
    outsider = signed_in(bob)
    answer = outsider.post(
        reverse("comment_act", args=[thread.pk, "address"]), {"note": "Mine now."}
    )
    assert answer.status_code == 404
    assert (
        signed_in(alice).post(reverse("comment_act", args=[thread.pk, "nonsense"])).status_code
        == 404
    )
    save_narratives(alice, work, progress="In 2022 and 2023.")
    comment_address(user=alice, comment_id=thread.pk, note="Years added.")
    assert Comment.objects.get(pk=thread.pk).state == "addressed"
