"""Reviewers' pages: the queue and the review screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from reporting import access, presentation, snapshot
from reporting.forms import CommentForm, QueueFilterForm, ReasonForm
from reporting.models import Comment, Submission
from reporting.selectors import chapters as chapter_selectors
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import pledges as pledge_selectors
from reporting.selectors import submissions as submission_selectors
from reporting.services import submissions as submission_services
from reporting.workflow import TransitionRefused

# Rows of the review queue per page: the queue grows with every cycle's work.
QUEUE_PAGE_SIZE = 50


def _require_reviewer(user) -> None:
    if not access.works_on_review(user=user):
        raise Http404


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for review, oldest first, with filters and counts per state."""
    _require_reviewer(request.user)
    cycles = list(coordination_selectors.cycle_list())
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = Submission.State.SUBMITTED
    form = QueueFilterForm(data, cycles=cycles)
    filters = submission_selectors.QueueFilters(state="")
    if form.is_valid():
        chosen = form.cleaned_data
        filters = submission_selectors.QueueFilters(
            cycle=next((c for c in cycles if c.code == chosen["cycle"]), None),
            objective_id=chosen["objective"].pk if chosen["objective"] else None,
            organisation_id=chosen["organisation"].pk if chosen["organisation"] else None,
            government_or_cso=chosen["kind"],
            state=chosen["state"],
            sort=chosen["sort"] or "waiting",
        )
    queue = submission_selectors.review_queue(user=request.user, filters=filters)
    page = Paginator(queue.submissions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    waiting_pledges, waiting_updates = pledge_selectors.pledges_awaiting_review(user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/review_queue.html",
        {
            "form": form,
            "queue": queue,
            "page": page,
            "query": query.urlencode(),
            "states": Submission.State.choices,
            "chapters": chapter_selectors.chapters_awaiting_review(),
            "pledges_waiting": waiting_pledges,
            "pledge_updates_waiting": waiting_updates,
        },
    )


@login_required
def review_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The latest revision with what changed since the previous round, comments and decision."""
    _require_reviewer(request.user)
    submission = submission_selectors.submission_detail_for_review(
        user=request.user, submission_id=submission_id
    )
    return review_page(request, submission)


def review_page(
    request,
    submission: Submission,
    *,
    reason_form=None,
    new_comment=None,
    status=200,
    language_next="",
) -> HttpResponse:
    """The review screen (also shown again, with the typed text, when a decision's reason
    or, without scripts, a new comment is refused)."""
    revisions = list(submission.revisions.all())
    current = revisions[-1] if revisions else None
    previous = revisions[-2] if len(revisions) > 1 else None
    threads = submission_selectors.comment_threads(submission=submission, revisions=revisions)
    view = presentation.revision_view(
        snapshot.load(current.content),
        snapshot.load(previous.content) if previous else None,
        threads=threads,
        show_changes=previous is not None,
    )
    # Why the last round went back to the organisation, beside what came back.
    sent_back = (
        submission.events.filter(action__in=("return", "reopen"))
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
        if previous
        else None
    )
    return render(
        request,
        "reporting/review_detail.html",
        {
            "submission": submission,
            "revision": current,
            "previous": previous,
            "view": view,
            "sent_back": sent_back,
            "earlier_threads": [t for t in threads if previous and t.revision_id != current.pk],
            "unresolved": sum(1 for t in threads if t.state != Comment.State.RESOLVED),
            "comment_mode": access.comment_mode(user=request.user, submission=submission),
            "new_comment": new_comment,
            "field_labels": snapshot.FIELD_LABELS,
            "reason_form": reason_form or ReasonForm(),
            # Shown at a POST-only address after a refusal: the language switch comes back here.
            "language_next": language_next,
            "can_review": access.may_review(user=request.user, submission=submission),
            "can_reopen": access.may_reopen(user=request.user, submission=submission),
            "conflict_of_interest": access.conflict_of_interest(
                user=request.user, organisation_id=submission.organisation_id
            ),
        },
        status=status,
    )


@login_required
@require_POST
def review_comment(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Start a conversation at a field. From the page's inline control (htmx) the answer is
    the field's conversation again, with the new comment, or with the typed text and what is
    wrong with it; without scripts, the review page."""
    _require_reviewer(request.user)
    submission = submission_selectors.submission_detail_for_review(
        user=request.user, submission_id=submission_id
    )
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            submission_services.comment_add(
                user=request.user,
                submission_id=submission.pk,
                field=form.cleaned_data["field"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as refusal:
            error = " ".join(
                message for problems in refusal.message_dict.values() for message in problems
            )
        except TransitionRefused as refusal:
            error = str(refusal.message)
    else:
        error = " ".join(str(message) for problems in form.errors.values() for message in problems)
    field = request.POST.get("field", "")
    field = field if field in snapshot.COMMENTABLE_FIELDS else ""
    typed = {"field": field, "error": error, "text": request.POST.get("body", "")}
    if request.headers.get("HX-Request"):
        response = render(
            request,
            "reporting/includes/comment_field.html",
            _field_context(request, submission, field, new_comment=typed if error else None),
            status=400 if error else 200,
        )
        if not error:
            response["HX-Trigger"] = COMMENTS_CHANGED
        return response
    if error:
        return review_page(request, submission, new_comment=typed, status=400)
    messages.success(request, _("Comment added."))
    return redirect(f"{reverse('review_detail', args=[submission.pk])}#field-{field or 'whole'}")


def _field_context(request, submission: Submission, field: str, *, new_comment=None) -> dict:
    """What comment_field.html needs to show one field's conversation again."""
    revisions = list(submission.revisions.order_by("number"))
    threads = submission_selectors.comment_threads(submission=submission, revisions=revisions)
    field = field if field in snapshot.COMMENTABLE_FIELDS else ""
    return {
        "submission": submission,
        "revision": revisions[-1] if revisions else None,
        "field": field,
        "threads": [thread for thread in threads if thread.field == field],
        "comment_mode": access.comment_mode(user=request.user, submission=submission),
        "new_comment": new_comment,
    }


@login_required
@require_POST
def review_claim(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Say "I am reviewing this", take over another reviewer's claim, or leave it."""
    _require_reviewer(request.user)
    submission = submission_selectors.submission_detail_for_review(
        user=request.user, submission_id=submission_id
    )
    action = request.POST.get("action", "claim")
    try:
        if action == "release":
            submission_services.submission_release(user=request.user, submission_id=submission.pk)
            messages.success(request, _("You left this work for other reviewers."))
        else:
            submission_services.submission_claim(
                user=request.user, submission_id=submission.pk, take_over=action == "take_over"
            )
            messages.success(request, _("Other reviewers now see that you are reviewing this."))
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("review_detail", submission.pk)


@login_required
@require_POST
def review_approve_several(request: HttpRequest) -> HttpResponse:
    """Approve the submissions chosen in the queue that have no reviewer comments."""
    _require_reviewer(request.user)
    ids = []
    for value in request.POST.getlist("submission"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    visible = submission_selectors.submission_list_for_user(user=request.user).filter(pk__in=ids)
    if not ids:
        messages.error(request, _("Choose the submissions to approve."))
    else:
        approved, refused = submission_services.submissions_approve(
            user=request.user, submission_ids=list(visible.values_list("pk", flat=True))
        )
        if approved:
            messages.success(
                request,
                ngettext(
                    "%(count)d submission approved.", "%(count)d submissions approved.", approved
                )
                % {"count": approved},
            )
        for reason in refused:
            messages.error(request, reason)
    # Back to the queue as it was filtered.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{reverse('review_queue')}?{query}")


# The event an answer sends when the conversation changed (templates: refresh_on_comments.html).
COMMENTS_CHANGED = "commentsChanged"

COMMENT_ACTIONS = {
    "reply": gettext_lazy("Reply sent."),
    "address": gettext_lazy("Marked as addressed."),
    "resolve": gettext_lazy("Comment resolved."),
}


@login_required
@require_POST
def comment_act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Reply in a conversation, mark it addressed (the organisation) or resolve it (a
    reviewer). From the page's controls (htmx) the answer is the conversation again; without
    scripts, the page it was done on."""
    if action not in COMMENT_ACTIONS:
        raise Http404
    thread = submission_selectors.comment_thread_for_user(user=request.user, comment_id=comment_id)
    text = request.POST.get("note" if action == "address" else "body", "")
    error = ""
    try:
        if action == "reply":
            submission_services.comment_reply(user=request.user, comment_id=thread.pk, body=text)
        elif action == "address":
            submission_services.comment_address(user=request.user, comment_id=thread.pk, note=text)
        else:
            submission_services.comment_resolve(user=request.user, comment_id=thread.pk)
    except ValidationError as refusal:
        error = " ".join(m for problems in refusal.message_dict.values() for m in problems)
    except TransitionRefused as refusal:
        error = str(refusal.message)
    submission = thread.submission
    if request.headers.get("HX-Request"):
        response = render(
            request,
            "reporting/includes/comment_thread.html",
            {
                "thread": submission_selectors.comment_thread_for_user(
                    user=request.user, comment_id=thread.pk
                ),
                "submission": submission,
                "revision": submission.revisions.order_by("-number").first(),
                "comment_mode": access.comment_mode(user=request.user, submission=submission),
                "forms_elsewhere": bool(request.POST.get("forms_elsewhere")),
                "thread_error": {"action": action, "message": error, "text": text}
                if error
                else None,
            },
            status=400 if error else 200,
        )
        if not error:
            # The summaries of the conversation on the page fetch themselves again.
            response["HX-Trigger"] = COMMENTS_CHANGED
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, COMMENT_ACTIONS[action])
    page = "review_detail" if access.works_on_review(user=request.user) else "submission_edit"
    return redirect(f"{reverse(page, args=[submission.pk])}#comment-{thread.pk}")
