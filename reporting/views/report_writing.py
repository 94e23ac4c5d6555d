"""The national coordinator writes the report: the writing plan of a cycle's report, each
chapter's editor beside the contributions it may cite, the chapter's review, what is left
out of the final report, and the national validation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gcm_portal.accounts.models import User
from objectives.models import Objective
from reporting import access, held_uploads, report_text, snapshot
from reporting.evidence import EvidenceRejected
from reporting.forms import ChapterForm, DrafterForm, ReasonForm, ValidationForm
from reporting.models import Chapter, LayoutChapter, ReportEdition, Submission, Validation
from reporting.pdf.context import Note, source_note, subject_label
from reporting.selectors import chapters as chapter_selectors
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import editions as edition_selectors
from reporting.services import chapters as chapter_services
from reporting.services import editions as edition_services
from reporting.snapshot import Labels
from reporting.workflow import TransitionRefused


def _kind(kind: str) -> str:
    if kind not in ReportEdition.Kind.values:
        raise Http404
    return kind


def _require_coordinator(user) -> None:
    if not access.coordinates(user=user):
        raise Http404


@login_required
def report_writing(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    """What the coordinator writes for the report, how far it is, and what blocks a final."""
    if not (access.coordinates(user=request.user) or access.works_on_review(user=request.user)):
        raise Http404
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    return _writing_page(request, cycle, _kind(kind))


def _writing_page(request, cycle, kind: str, *, exclude_error=None, status=200) -> HttpResponse:
    """The writing plan; also shown again, with the typed reason beside its submission, when
    leaving a submission out is refused."""
    contents = edition_selectors.report_contents(cycle=cycle, kind=kind)
    unsettled = (
        Submission.objects.filter(cycle=cycle, state__in=[Submission.State.SUBMITTED])
        .select_related("organisation", "objective", "strategy_action", "section")
        .order_by("organisation__name_en", "pk")
    )
    reopened = (
        Submission.objects.filter(
            cycle=cycle,
            state__in=[Submission.State.RETURNED, Submission.State.DRAFT],
            revisions__approved_at__isnull=False,
        )
        .distinct()
        .select_related("organisation", "objective", "strategy_action", "section")
    )
    excluded = {exclusion.submission_id for exclusion in contents.exclusions}
    unsettled = [s for s in [*unsettled, *reopened] if s.pk not in excluded]
    if exclude_error and exclude_error["submission_id"] not in {s.pk for s in unsettled}:
        messages.error(request, exclude_error["message"])
    coverage = edition_selectors.translation_coverage(contents)
    return render(
        request,
        "reporting/report_writing.html",
        {
            "cycle": cycle,
            "kind": kind,
            "kind_label": ReportEdition.Kind(kind).label,
            "contents": contents,
            "coverage": coverage,
            # An edition is final only once its translations are complete (or waived).
            "translation_blockers": [
                edition_selectors.translation_blocker(each)
                for _name, each in coverage
                if not each.complete
            ],
            "writing": contents.writing,
            "unsettled": unsettled,
            "validations": Validation.objects.filter(cycle=cycle, kind=kind).prefetch_related(
                "organisations"
            ),
            "may_write": access.coordinates(user=request.user),
            "exclude_error": exclude_error,
        },
        status=status,
    )


@login_required
@require_POST
def chapter_start(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    layout_chapter = get_object_or_404(
        LayoutChapter, pk=_integer(request.POST.get("layout_chapter")), layout__kind=_kind(kind)
    )
    objective = None
    if request.POST.get("objective"):
        objective = get_object_or_404(Objective, pk=_integer(request.POST.get("objective")))
    try:
        chapter = chapter_services.chapter_start(
            user=request.user, cycle=cycle, layout_chapter=layout_chapter, objective=objective
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("report_writing", cycle.code, kind)
    return redirect("chapter_edit", chapter.pk)


def _integer(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def _chapter_form(chapter, data=None) -> ChapterForm:
    layout_chapter = chapter.layout_chapter
    initial = {"version": chapter.version, "language": chapter.language, "body": chapter.body}
    for number, message in enumerate(chapter.messages, start=1):
        initial[f"message_{number}"] = message
    return ChapterForm(
        data,
        initial=initial,
        key_messages=layout_chapter.kind == LayoutChapter.Kind.KEY_MESSAGES,
        word_limit=layout_chapter.word_limit,
    )


def _preview(chapter) -> dict:
    """The chapter's current text as the report will print it, with its source notes."""
    cited: list[int] = []
    messages_ = [report_text.parse(m, cited).blocks for m in chapter.messages]
    text = report_text.parse(chapter.body, cited)
    return {
        "blocks": text.blocks,
        "messages": [blocks[0].items[0] for blocks in messages_ if blocks],
        "cited": cited,
    }


def _source(revision) -> str:
    """The source note of a cited contribution, worded as the report prints it."""
    submission = revision.submission
    code, title = Labels.subject(snapshot.load(revision.content), submission)
    return source_note(
        organisation=submission.organisation.name,
        subject=subject_label(submission.subject_kind, code, title),
        approved_at=revision.approved_at,
        language=translation.get_language(),
    )


def _chapter_page(request, chapter, form, *, status=200, conflict=None, reason_form=None):
    contributions = chapter_selectors.chapter_contributions(chapter=chapter)
    preview = _preview(chapter)
    by_submission = {revision.submission_id: revision for revision in contributions}
    notes = [
        Note(number, _source(by_submission[submission_id]))
        if submission_id in by_submission
        else Note(number, _("not an approved contribution of this cycle"), missing=True)
        for number, submission_id in enumerate(preview["cited"], start=1)
    ]
    members = User.objects.filter(
        memberships__organisation_id=chapter.organisation_id, is_active=True
    ).distinct()
    actions = access.chapter_transitions(user=request.user, chapter=chapter)
    events = chapter_selectors.chapter_events(chapter=chapter)
    may_write = access.may_write_chapter(user=request.user, chapter=chapter)
    context = {
        "chapter": chapter,
        "form": form,
        "may_write": may_write,
        "editing": may_write and chapter.is_editable,
        # A drafter who is not on the review side writes the chapter without the plan.
        "may_see_plan": access.coordinates(user=request.user)
        or access.works_on_review(user=request.user),
        "may_name_drafter": chapter.organisation_id
        in access.writes_chapters_for(user=request.user),
        "drafter_form": DrafterForm(initial={"drafter": chapter.drafter_id}, members=members),
        "actions": actions,
        # The reason box is for returning or reopening; the other steps take none.
        "asks_reason": any(action.action in ("return", "reopen") for action in actions),
        "contributions": contributions,
        "preview": preview,
        "notes": notes,
        "events": events,
        # Why the chapter came back, shown above the text its writers revise.
        "returned": next(
            (
                event
                for event in reversed(events)
                if event.to_state == chapter.state == Chapter.State.RETURNED and event.reason
            ),
            None,
        ),
        "revisions": chapter_selectors.chapter_revisions(chapter=chapter),
        "conflict": conflict,
        "reason_form": reason_form or ReasonForm(),
        "conflict_of_interest": access.conflict_of_interest(
            user=request.user, organisation_id=chapter.organisation_id
        ),
    }
    return render(request, "reporting/chapter.html", context, status=status)


@login_required
def chapter_edit(request: HttpRequest, chapter_id: int) -> HttpResponse:
    """The chapter's editor for its writers; for the review side, the text to review."""
    chapter = chapter_selectors.chapter_get_for_user(user=request.user, chapter_id=chapter_id)
    if request.method != "POST":
        return _chapter_page(request, chapter, _chapter_form(chapter))
    if not access.may_write_chapter(user=request.user, chapter=chapter):
        raise Http404
    form = _chapter_form(chapter, request.POST)
    if not form.is_valid():
        return _chapter_page(request, chapter, form, status=400)
    try:
        chapter_services.chapter_save(
            user=request.user,
            chapter_id=chapter.pk,
            base_version=form.cleaned_data["version"],
            language=form.cleaned_data["language"],
            body=form.cleaned_data.get("body", ""),
            messages=form.messages() if form.key_messages else [],
        )
    except chapter_services.ChapterStale as stale:
        current = stale.current
        data = request.POST.copy()
        data["version"] = str(current.version)
        rebound = _chapter_form(current, data)
        rebound.is_valid()
        return _chapter_page(
            request,
            current,
            rebound,
            status=409,
            conflict={
                "by": current.updated_by,
                "at": current.updated_at,
                "body": current.body,
                "messages": current.messages,
                "mine": current.updated_by_id == request.user.pk,
            },
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return _chapter_page(request, chapter, form, status=400)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("chapter_edit", chapter.pk)
    messages.success(request, _("Chapter saved."))
    return redirect("chapter_edit", chapter.pk)


@login_required
@require_POST
def chapter_transition(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = chapter_selectors.chapter_get_for_user(user=request.user, chapter_id=chapter_id)
    action = request.POST.get("action", "")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: see the reason below."))
        return _chapter_page(
            request, chapter, _chapter_form(chapter), status=400, reason_form=form
        )
    try:
        chapter_services.chapter_transition(
            user=request.user,
            chapter_id=chapter.pk,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        problems = [problem for items in error.message_dict.values() for problem in items]
        messages.error(
            request, _("Not submitted: %(problems)s") % {"problems": " ".join(problems)}
        )
    except TransitionRefused as refusal:
        if refusal.field == "reason":
            form.add_error("reason", refusal.message)
            messages.error(request, _("Nothing was changed: see the reason below."))
            return _chapter_page(
                request, chapter, _chapter_form(chapter), status=400, reason_form=form
            )
        messages.error(request, refusal.message)
    else:
        messages.success(request, CHAPTER_DONE.get(action, _("Done.")))
    return redirect("chapter_edit", chapter.pk)


CHAPTER_DONE = {
    "submit": gettext_lazy("Submitted: IOM reviews the chapter; it is locked until then."),
    "withdraw": gettext_lazy("Withdrawn: the chapter is a draft again."),
    "return": gettext_lazy("Returned to the coordinator for revision."),
    "approve": gettext_lazy("Approved: the chapter goes into the report as it is."),
    "reopen": gettext_lazy("Reopened: revise the chapter and submit it again."),
}


@login_required
@require_POST
def chapter_drafter(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = chapter_selectors.chapter_get_for_user(user=request.user, chapter_id=chapter_id)
    members = User.objects.filter(memberships__organisation_id=chapter.organisation_id).distinct()
    form = DrafterForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, _("Choose someone from the list."))
        return redirect("chapter_edit", chapter.pk)
    try:
        chapter_services.chapter_name_drafter(
            user=request.user, chapter_id=chapter.pk, drafter=form.cleaned_data["drafter"]
        )
    except (TransitionRefused, ValidationError) as problem:
        messages.error(request, getattr(problem, "message", None) or " ".join(problem.messages))
    else:
        messages.success(request, _("The drafter is named."))
    return redirect("chapter_edit", chapter.pk)


@login_required
@require_POST
def submission_exclude(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    """Leave a submission under review or reopened out of the final report, with a reason; or
    take it back in."""
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    submission = get_object_or_404(
        Submission, pk=_integer(request.POST.get("submission")), cycle=cycle
    )
    kind = _kind(kind)
    undo = bool(request.POST.get("undo"))
    reason = request.POST.get("reason", "")
    try:
        if undo:
            edition_services.exclusion_remove(user=request.user, submission_id=submission.pk)
            messages.success(request, _("The submission is part of the report again."))
        else:
            edition_services.submission_exclude(
                user=request.user, submission_id=submission.pk, reason=reason
            )
            messages.success(request, _("Left out of the final report; the reason is printed."))
    except (TransitionRefused, ValidationError) as problem:
        message = getattr(problem, "message", None) or " ".join(problem.messages)
        if undo:
            messages.error(request, message)
        else:
            # Said beside the submission's form, with what was typed kept.
            return _writing_page(
                request,
                cycle,
                kind,
                exclude_error={
                    "submission_id": submission.pk,
                    "message": message,
                    "reason": reason,
                },
                status=400,
            )
    return redirect("report_writing", cycle.code, kind)


@login_required
def validation_new(request: HttpRequest, cycle_code: str, kind: str) -> HttpResponse:
    """Record the national validation of the report."""
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    files = request.FILES.copy() if request.method == "POST" else None
    if files is not None and not files.get("minutes"):
        # The minutes chosen before the form last came back with errors.
        kept = held_uploads.take(request.POST.get("minutes_held", ""), user=request.user)
        if kept is not None:
            files["minutes"] = kept
    form = ValidationForm(request.POST or None, files)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition_services.validation_record(
                user=request.user,
                cycle=cycle,
                kind=_kind(kind),
                held_on=data["held_on"],
                body_en=data["body_en"],
                body_ar=data["body_ar"],
                organisation_ids=[o.pk for o in data["organisations"]],
                decision=data["decision"],
                notes=data["notes"],
                minutes=data["minutes"],
            )
        except EvidenceRejected as rejection:
            form.add_error("minutes", str(rejection.message))
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, _("The national validation is recorded."))
            return redirect("report_writing", cycle.code, kind)
    minutes = (
        form.cleaned_data.get("minutes")
        if form.is_bound and "minutes" not in form.errors
        else None
    )
    held = held_uploads.hold(minutes, user=request.user) if minutes else ""
    return render(
        request,
        "reporting/validation_form.html",
        {
            "cycle": cycle,
            "kind": kind,
            "kind_label": ReportEdition.Kind(_kind(kind)).label,
            "form": form,
            "minutes_held": held,
            "minutes_held_name": minutes.name if minutes else "",
        },
        status=400 if form.errors else 200,
    )


@login_required
def validation_minutes(request: HttpRequest, validation_id: int) -> HttpResponse:
    """The minutes of a validation, to those who prepare the report."""
    if not (access.coordinates(user=request.user) or access.works_on_review(user=request.user)):
        raise Http404
    validation = get_object_or_404(Validation, pk=validation_id)
    if not validation.minutes:
        raise Http404
    response = FileResponse(
        validation.minutes.open("rb"), as_attachment=True, filename=validation.minutes_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
