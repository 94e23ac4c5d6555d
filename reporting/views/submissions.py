"""Focal points' pages: my reporting, the progress form, evidence, submit and withdraw."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gcm_portal.accounts.models import Organisation
from objectives.models import Principle, StrategyAction
from reporting import access, presentation, snapshot
from reporting.evidence import EvidenceRejected
from reporting.forms import EvidenceForm, ReasonForm, SubmissionForm
from reporting.models import Comment, Submission
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import submissions as submission_selectors
from reporting.selectors import uploads as upload_selectors
from reporting.services import submissions as submission_services
from reporting.services import uploads as upload_services
from reporting.snapshot import FIELD_LABELS
from reporting.workflow import TransitionRefused


@login_required
def my_reporting(request: HttpRequest) -> HttpResponse:
    """What the user's organisation is expected to report in a cycle (the open one by default)."""
    code = request.GET.get("cycle")
    cycle = (
        coordination_selectors.cycle_get(code=code)
        if code
        else coordination_selectors.cycle_get_open()
    )
    items = coordination_selectors.my_reporting(user=request.user, cycle=cycle) if cycle else []
    return render(
        request,
        "reporting/my_reporting.html",
        {
            "cycle": cycle,
            "items": items,
            "several_organisations": len({item.organisation.pk for item in items}) > 1,
            "cycles": coordination_selectors.cycle_list(),
        },
    )


@login_required
@require_POST
def submission_start(request: HttpRequest, cycle_code: str) -> HttpResponse:
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    try:
        organisation = Organisation.objects.get(pk=int(request.POST.get("organisation", "")))
        subject_id = int(request.POST.get("subject_id", ""))
    except (ValueError, Organisation.DoesNotExist) as error:
        raise Http404 from error
    try:
        submission = submission_services.submission_start(
            user=request.user,
            cycle=cycle,
            organisation=organisation,
            subject_kind=request.POST.get("subject_kind", ""),
            subject_id=subject_id,
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("my_reporting")
    return redirect("submission_edit", submission.pk)


def _form_context(submission: Submission) -> dict:
    """The choices the form offers for this submission's subject."""
    gcm_actions = []
    if submission.objective_id:
        gcm_actions = list(submission.objective.actions.select_related("objective"))
    return {
        "principles": list(Principle.objects.order_by("letter")),
        "gcm_actions": gcm_actions,
        "strategy_actions": list(StrategyAction.objects.order_by("pillar__position", "code")),
        "indicators": submission_selectors.indicators_for_submission(submission=submission),
        "policy_domains": submission_selectors.policy_domains_for(submission=submission),
    }


def _build_form(submission: Submission, data=None) -> SubmissionForm:
    choices = _form_context(submission)
    initial = SubmissionForm.initial_for(
        submission, submission_selectors.indicator_values_for(submission=submission)
    )
    if choices["policy_domains"]:
        initial.update(
            SubmissionForm.policy_initial(submission_services.policy_domains_of(submission))
        )
    return SubmissionForm(data, submission=submission, initial=initial, **choices)


def _saved_form_data(submission: Submission) -> QueryDict:
    """The saved draft as the form would post it."""
    data = QueryDict(mutable=True)
    for name, value in _build_form(submission).initial.items():
        if isinstance(value, list):
            if not name.endswith("_breakdown"):
                data.setlist(name, [str(item) for item in value])
        elif value is not None:
            data[name] = str(value)
    return data


def _page(request, submission: Submission, form: SubmissionForm, *, status=200, **extra):
    context = _page_context(request, submission, form, **extra)
    return render(request, "reporting/submission_form.html", context, status=status)


def _page_context(request, submission: Submission, form: SubmissionForm | None, **extra) -> dict:
    revisions = list(submission.revisions.order_by("number"))
    latest = revisions[-1] if revisions else None
    threads = submission_selectors.comment_threads(submission=submission, revisions=revisions)
    by_field = {}
    for thread in threads:
        by_field.setdefault(thread.field, []).append(thread)
    context = {
        "submission": submission,
        "form": form,
        "threads": threads,
        "threads_by_field": by_field,
        "open_threads": [thread for thread in threads if thread.state == Comment.State.OPEN],
        "comment_mode": access.comment_mode(user=request.user, submission=submission),
        "revision": latest,
        "earlier": (
            submission_selectors.earlier_approved_revision(submission=submission)
            if submission.is_editable
            and any(not getattr(submission, n).strip() for n in snapshot.NARRATIVE_FIELD_NAMES)
            else None
        ),
        "field_labels": FIELD_LABELS,
        "evidence": list(upload_selectors.evidence_attached(submission=submission)),
        "evidence_form": extra.pop("evidence_form", EvidenceForm()),
        "reason_form": ReasonForm(),
        "actions": submission_selectors.submission_actions_for(
            user=request.user, submission=submission
        ),
        "latest_revision": latest,
        "send_back": (
            submission.events.filter(to_state=Submission.State.RETURNED)
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
            if submission.state == Submission.State.RETURNED
            else None
        ),
        **extra,
    }
    return context


@login_required
def submission_edit(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The progress form: shows the draft, saves it, and keeps the user's text on conflict."""
    submission = submission_selectors.submission_get_for_editing(
        user=request.user, submission_id=submission_id
    )
    if request.method != "POST":
        if request.GET.get("check") == "submit" and submission.is_editable:
            return _submit_check_page(request, submission)
        return _page(request, submission, _build_form(submission))
    form = _build_form(submission, request.POST)
    if not submission.is_editable:
        messages.error(request, _("This submission can no longer be edited."))
        return redirect("submission_edit", submission.pk)
    if not form.is_valid():
        return _page(request, submission, form, status=400)
    try:
        submission_services.submission_save_draft(
            user=request.user,
            submission_id=submission.pk,
            base_version=form.cleaned_data["version"],
            draft=form.to_draft(),
        )
    except submission_services.StaleVersion as stale:
        return _conflict_page(request, stale.current, form)
    except ValidationError as error:
        form.add_service_errors(error.message_dict)
        return _page(request, submission, form, status=400)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("submission_edit", submission.pk)
    messages.success(request, _("Draft saved."))
    return redirect("submission_edit", submission.pk)


@login_required
@require_POST
def submission_start_from(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Copy the organisation's approved text of an earlier cycle into the empty fields."""
    submission = submission_selectors.submission_get_for_editing(
        user=request.user, submission_id=submission_id
    )
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = submission.version
    try:
        filled = submission_services.submission_start_from_earlier(
            user=request.user, submission_id=submission.pk, base_version=version
        )
    except submission_services.StaleVersion as stale:
        messages.error(request, stale.message)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if filled:
            messages.success(
                request,
                _(
                    "The approved text was copied into the empty fields: %(fields)s. Bring "
                    "it up to date for this cycle."
                )
                % {"fields": ", ".join(str(FIELD_LABELS[name]) for name in filled)},
            )
        else:
            messages.info(request, _("Every field already has text: nothing was copied."))
    return redirect("submission_edit", submission.pk)


def _conflict_page(request, current: Submission, form: SubmissionForm) -> HttpResponse:
    """Show the user's text and the newer saved text side by side; save nothing."""
    current.refresh_from_db()
    differing = [
        {"name": name, "label": FIELD_LABELS[name], "saved": getattr(current, name)}
        for name in snapshot.NARRATIVE_FIELD_NAMES
        if (form.cleaned_data.get(name) or "") != getattr(current, name)
    ]
    # The next save is a deliberate choice made with both texts in view.
    data = request.POST.copy()
    data["version"] = str(current.version)
    rebound = _build_form(current, data)
    rebound.is_valid()
    return _page(
        request,
        current,
        rebound,
        status=409,
        conflict={"by": current.updated_by, "at": current.updated_at, "fields": differing},
    )


@login_required
@require_POST
def submission_autosave(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Save the draft in the background (htmx); answer with a status line."""
    submission = submission_selectors.submission_get_for_editing(
        user=request.user, submission_id=submission_id
    )
    form = _build_form(submission, request.POST)
    context = {"submission": submission}
    held_back = []
    if submission.is_editable and not form.is_valid() and "version" not in form.errors:
        # Save what is valid; a field that is not (too long, not a number) keeps its saved
        # value and is named in the status line.
        held_back = [
            (
                form[name].label if name in form.fields else "",
                " ".join(problems),
                form[name].auto_id if name in form.fields else "",
            )
            for name, problems in form.errors.items()
        ]
        data, saved = request.POST.copy(), _saved_form_data(submission)
        for name in form.errors:
            if name in saved:
                data.setlist(name, saved.getlist(name))
            elif name in data:
                del data[name]
        form = _build_form(submission, data)
    if not submission.is_editable:
        context["status"] = "locked"
    elif not form.is_valid():
        context.update(status="invalid", errors=form.errors)
    elif held_back and submission_services.same_draft(form.to_draft(), submission):
        # Nothing valid has changed: saving would only move the version on, under the feet
        # of a "Save draft" already on its way.
        context.update(status="partial", held_back=held_back)
    else:
        try:
            saved = submission_services.submission_save_draft(
                user=request.user,
                submission_id=submission.pk,
                base_version=form.cleaned_data["version"],
                draft=form.to_draft(),
            )
            context.update(
                status="partial" if held_back else "saved", submission=saved, held_back=held_back
            )
        except submission_services.StaleVersion as stale:
            context.update(status="conflict", current=stale.current)
        except ValidationError as error:
            context.update(status="invalid", errors=error.message_dict)
        except TransitionRefused:
            context["status"] = "locked"
    return render(request, "reporting/includes/autosave_status.html", context)


@login_required
@require_POST
def submission_transition(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Submit, withdraw, return, approve or reopen, then go back where the user came from.

    A problem with the reason (missing, too long) shows the page again with the reason as
    typed; other refusals go back with the reason in a message.
    """
    submission = submission_selectors.submission_get_for_user(
        user=request.user, submission_id=submission_id
    )
    action = request.POST.get("action", "")
    form = ReasonForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("submission_detail", args=[submission.pk])
    if not form.is_valid():
        return _reason_refused(request, submission, form, next_url)
    if action == "submit":
        # Answers to open comments are kept whatever happens to the submission.
        problems = _address_from_submit(request, submission)
        if problems:
            return _page(
                request,
                submission,
                _build_form(submission),
                status=400,
                submit_errors=problems,
                submit_typed=request.POST,
            )
    try:
        submission_services.submission_transition(
            user=request.user,
            submission_id=submission.pk,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except (submission_services.SubmissionIncomplete, submission_services.OpenComments):
        # The form, at its own address, with what stops the submission marked (the draft is
        # saved, so nothing typed is lost).
        return redirect(f"{reverse('submission_edit', args=[submission.pk])}?check=submit")
    except TransitionRefused as refusal:
        if refusal.field == "reason":
            form.add_error("reason", refusal.message)
            return _reason_refused(request, submission, form, next_url)
        messages.error(request, refusal.message)
    else:
        messages.success(request, TRANSITION_DONE[action])
    return redirect(next_url)


def _submit_check_page(request, submission: Submission) -> HttpResponse:
    """The saved draft with what stops it from being submitted: the missing or too long
    fields at their place and in the summary, and the open comments still to answer."""
    frozen = snapshot.snapshot_of(submission)
    errors = snapshot.completeness_errors(subject_kind=submission.subject_kind, snapshot=frozen)
    errors.update(snapshot.length_errors(frozen.narratives))
    form = _build_form(submission, _saved_form_data(submission))
    form.is_valid()
    form.add_service_errors(errors)
    still_open = submission_services.open_threads(submission)
    if not errors and not still_open:
        return redirect("submission_edit", submission.pk)
    return _page(
        request,
        submission,
        form,
        submit_check=True,
        submit_errors={
            f"comment-{thread.pk}": _("Say how this was addressed.") for thread in still_open
        },
    )


def _address_from_submit(request, submission: Submission) -> dict[str, str]:
    """Mark addressed each open comment the submit form answered; return what was refused."""
    problems = {}
    for thread in submission_services.open_threads(submission):
        note = request.POST.get(f"comment-{thread.pk}", "")
        if not note.strip():
            continue
        try:
            submission_services.comment_address(user=request.user, comment_id=thread.pk, note=note)
        except ValidationError as error:
            problems[f"comment-{thread.pk}"] = " ".join(error.messages)
        except TransitionRefused as refusal:
            problems[f"comment-{thread.pk}"] = str(refusal.message)
    return problems


def _reason_refused(request, submission: Submission, form: ReasonForm, next_url: str):
    """The page the decision was taken on, again, with the reason as typed and its error."""
    from reporting.views.review import review_page

    page = resolve(urlsplit(next_url).path)
    if page.url_name in ("review_detail", "submission_detail"):
        messages.error(request, _("Nothing was changed: see the reason below."))
    if page.url_name == "review_detail" and access.works_on_review(user=request.user):
        detailed = submission_selectors.submission_detail_for_review(
            user=request.user, submission_id=submission.pk
        )
        return review_page(request, detailed, reason_form=form, status=400, language_next=next_url)
    if page.url_name == "submission_detail":
        return _detail_page(
            request, submission.pk, reason_form=form, status=400, language_next=next_url
        )
    for error in form.errors.get("reason", []):
        messages.error(request, error)
    return redirect(next_url)


TRANSITION_DONE = {
    "submit": gettext_lazy(
        "Submitted. The reviewers have been told; the form is locked until they respond."
    ),
    "withdraw": gettext_lazy("Withdrawn: the submission is a draft again."),
    "return": gettext_lazy("Returned to the organisation for revision."),
    "approve": gettext_lazy("Approved."),
    "reopen": gettext_lazy("Reopened: the organisation can revise it."),
}


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Read a submission: its latest revision, or the draft for its own organisation."""
    return _detail_page(request, submission_id)


def _detail_page(
    request, submission_id: int, *, reason_form=None, status=200, language_next=""
) -> HttpResponse:
    submission = submission_selectors.submission_detail(
        user=request.user, submission_id=submission_id
    )
    revisions = list(submission.revisions.all())
    revision = revisions[-1] if revisions else None
    return render(
        request,
        "reporting/submission_detail.html",
        {
            "submission": submission,
            "revision": revision,
            "view": (
                presentation.revision_view(snapshot.load(revision.content)) if revision else None
            ),
            "is_own": access.may_report_for(
                user=request.user, organisation_id=submission.organisation_id
            ),
            "actions": submission_selectors.submission_actions_for(
                user=request.user, submission=submission
            ),
            "reason_form": reason_form or ReasonForm(),
            "language_next": language_next,
        },
        status=status,
    )


@login_required
def submission_history(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_selectors.submission_get_for_user(
        user=request.user, submission_id=submission_id
    )
    return render(
        request,
        "reporting/submission_history.html",
        {
            "submission": submission,
            "events": submission_selectors.submission_events(
                submission=submission, user=request.user
            ),
            "revisions": submission_selectors.submission_revisions(
                submission=submission, user=request.user
            ),
        },
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submission_selectors.submission_get_for_editing(
        user=request.user, submission_id=submission_id
    )
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload_services.evidence_add(
                user=request.user, submission_id=submission.pk, upload=form.cleaned_data["file"]
            )
        except EvidenceRejected as rejection:
            form.add_error("file", str(rejection))
        except TransitionRefused as refusal:
            form.add_error("file", refusal.message)
    if request.headers.get("HX-Request"):
        return _evidence_section(
            request,
            submission,
            status=400 if form.errors else 200,
            evidence_form=form if form.errors else EvidenceForm(),
            evidence_note="" if form.errors else _("File attached."),
        )
    if form.errors:
        return _page(request, submission, _build_form(submission), status=400, evidence_form=form)
    messages.success(request, _("File attached."))
    return redirect("submission_edit", submission.pk)


def _evidence_section(request, submission: Submission, *, status=200, **extra) -> HttpResponse:
    """The evidence part of the form alone, put back in place after attaching or removing."""
    return render(
        request,
        "reporting/includes/evidence_section.html",
        _page_context(request, submission, None, **extra),
        status=status,
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, submission_id: int, evidence_id: int) -> HttpResponse:
    submission = submission_selectors.submission_get_for_editing(
        user=request.user, submission_id=submission_id
    )
    if (
        not upload_selectors.evidence_attached(submission=submission)
        .filter(pk=evidence_id)
        .exists()
    ):
        raise Http404
    note, problem = _("File removed."), False
    try:
        upload_services.evidence_remove(user=request.user, evidence_id=evidence_id)
    except TransitionRefused as refusal:
        note, problem = refusal.message, True
        if not request.headers.get("HX-Request"):
            messages.error(request, refusal.message)
    else:
        if not request.headers.get("HX-Request"):
            messages.success(request, note)
    if request.headers.get("HX-Request"):
        return _evidence_section(request, submission, evidence_note=note, evidence_problem=problem)
    return redirect("submission_edit", submission.pk)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Send an evidence file as an attachment, never inline, to those who may see it."""
    evidence = upload_selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
