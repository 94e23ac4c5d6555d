"""Reviewers' pages: the queue and the review screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reporting import access, presentation, snapshot
from reporting.forms import CommentForm, QueueFilterForm, ReasonForm
from reporting.models import Submission
from reporting.selectors import chapters as chapter_selectors
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import submissions as submission_selectors
from reporting.services import submissions as submission_services
from reporting.workflow import TransitionRefused


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
    return render(
        request,
        "reporting/review_queue.html",
        {
            "form": form,
            "queue": queue,
            "states": Submission.State.choices,
            "chapters": chapter_selectors.chapters_awaiting_review(),
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
    comment_form=None,
    reason_form=None,
    status=200,
    language_next="",
) -> HttpResponse:
    """The review screen (also shown again, with the typed text, when a comment or a
    decision's reason is refused)."""
    revisions = list(submission.revisions.all())
    current = revisions[-1] if revisions else None
    previous = revisions[-2] if len(revisions) > 1 else None
    view = presentation.revision_view(
        snapshot.load(current.content),
        snapshot.load(previous.content) if previous else None,
        comments=[c for c in submission.comments.all() if c.revision_id == current.pk],
        show_changes=previous is not None,
        earlier_comments=[
            c for c in submission.comments.all() if previous and c.revision_id == previous.pk
        ],
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
            "comment_form": comment_form or CommentForm(),
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
    _require_reviewer(request.user)
    submission = submission_selectors.submission_detail_for_review(
        user=request.user, submission_id=submission_id
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            submission_services.comment_add(
                user=request.user,
                submission_id=submission.pk,
                field=form.cleaned_data["field"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
    if form.errors:
        return review_page(request, submission, comment_form=form, status=400)
    messages.success(request, _("Comment added."))
    return redirect("review_detail", submission.pk)


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
