"""Compiling report editions: requesting, claiming, rendering, finishing, failing.

A compile runs in a Celery task (`reporting.tasks.compile_edition`) or, for scripts, in
`manage.py compile_report`; both call `edition_compile`. The job is claimed under a row lock
and numbered by `attempts`; only the attempt that still holds the job may finish it, so a
redelivered task never leaves a second file. While it holds the job, the attempt refreshes
the edition's heartbeat; `editions_requeue_stuck` sends again a running job whose heartbeat
stopped, which is how a compile whose whole worker died is picked up.
"""

import hashlib
import logging
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcm_portal import dates
from gcm_portal.accounts.models import User
from gcm_portal.audit.recording import record
from reporting import access, dispatch, snapshot
from reporting.evidence import check_evidence
from reporting.models import (
    EditionPart,
    Exclusion,
    ReportEdition,
    ReviewCycle,
    Submission,
    Validation,
)
from reporting.selectors.editions import final_edition_like, report_contents
from reporting.workflow import TransitionRefused

logger = logging.getLogger(__name__)
State = ReportEdition.State
WAITING_FOR_BROKER = ReportEdition.WAITING_FOR_BROKER
# Shown on the reports page and in the API while an edition is delayed.
DELAYED_NOTICE = gettext_lazy(
    "Report compilation is delayed: the service that compiles reports cannot be reached right "
    "now. Queued reports will start automatically when it is back; there is no need to ask "
    "again."
)
# Seconds after which a running job that has no heartbeat (claimed before heartbeats were
# recorded) is presumed dead: above the task's hard time limit. The others are judged by their
# heartbeat (settings.REPORT_DEAD_AFTER_SECONDS).
STUCK_AFTER = 20 * 60
# A queued job nobody picked up for this long has lost its message.
LOST_AFTER = 60 * 60


@dataclass
class Claim:
    edition_id: int
    attempt: int


# The reports a cycle prepares: a regional review's national contribution, or for the IMRF its
# national report and a voluntary review.
KINDS_OF_CYCLE = {
    ReviewCycle.Kind.REGIONAL: [ReportEdition.Kind.REGIONAL],
    ReviewCycle.Kind.IMRF: [ReportEdition.Kind.IMRF, ReportEdition.Kind.REVIEW],
}


def edition_request(
    *, user: User, cycle: ReviewCycle, kind: str, languages: list[str], mode: str
) -> list[ReportEdition]:
    """Queue one edition per language; the compile starts after the transaction commits.

    An edition whose compile the broker could not take comes back `is_delayed`: it stays
    queued and `editions_requeue_stuck` sends it once the broker is back.
    """
    if not access.may_compile(user=user):
        raise TransitionRefused(_("Only the national coordinator compiles reports."))
    if kind not in KINDS_OF_CYCLE.get(cycle.kind, []):
        raise TransitionRefused(_("This review cycle does not prepare that report."))
    with transaction.atomic():
        editions = _editions_create(
            cycle=cycle, kind=kind, languages=languages, mode=mode, requested_by=user
        )
        for edition in editions:
            transaction.on_commit(lambda pk=edition.pk: _enqueue(pk))
    # Unless an outer transaction is still open, the compiles have been sent by now.
    delayed = set(
        ReportEdition.objects.filter(
            pk__in=[edition.pk for edition in editions], stage=WAITING_FOR_BROKER
        ).values_list("pk", flat=True)
    )
    for edition in editions:
        if edition.pk in delayed:
            edition.stage = WAITING_FOR_BROKER
    return editions


def _enqueue(edition_id: int) -> None:
    """Send the compile, or mark the edition as waiting for the broker."""
    if not dispatch.enqueue("reporting.tasks.compile_edition", edition_id):
        ReportEdition.objects.filter(pk=edition_id, state=State.QUEUED).update(
            stage=WAITING_FOR_BROKER
        )


def edition_request_from_command_line(
    *, cycle: ReviewCycle, kind: str, language: str, mode: str
) -> ReportEdition:
    """An edition asked for on the server (`manage.py compile_report`): checked and recorded
    as the page's are (`report_requested`, with no one as the requester), and compiled by the
    caller at once rather than by a worker."""
    with transaction.atomic():
        (edition,) = _editions_create(
            cycle=cycle, kind=kind, languages=[language], mode=mode, requested_by=None
        )
    return edition


class FinalRefused(TransitionRefused):
    """A final edition the rules do not allow yet: `blockers` says why, one reason each; or
    one made of exactly the same content exists already (`existing`)."""

    def __init__(self, message, *, blockers: list[str] = (), existing=None):
        super().__init__(message)
        self.blockers = list(blockers)
        self.existing = existing
        self.extra = {"blockers": self.blockers} if self.blockers else {}
        if existing is not None:
            self.extra["existing_edition"] = existing.pk


def _editions_create(
    *, cycle: ReviewCycle, kind: str, languages: list[str], mode: str, requested_by
) -> list[ReportEdition]:
    """One edition per language, each with its `report_requested` audit entry. A final must
    be settled (selectors.editions.report_contents) and must not repeat an existing final."""
    if kind not in ReportEdition.Kind.values or mode not in ReportEdition.Mode.values:
        raise TransitionRefused(_("Choose a report and a mode from the list."))
    if not languages or set(languages) - {"en", "ar"}:
        raise TransitionRefused(_("Choose English, Arabic or both."))
    contents = report_contents(cycle=cycle, kind=kind)
    final = mode == ReportEdition.Mode.FINAL
    languages = sorted(set(languages), key=["en", "ar"].index)
    blockers = []
    for language in languages:
        blockers += [b for b in contents.blockers_for(language) if b not in blockers]
    if final and blockers:
        raise FinalRefused(
            _("This report cannot be final yet: %(reasons)s") % {"reasons": " ".join(blockers)},
            blockers=blockers,
        )
    keys = {language: contents.content_key(language) for language in languages}
    if final:
        for key in keys.values():
            existing = final_edition_like(cycle=cycle, kind=kind, content_key=key)
            if existing is not None:
                raise FinalRefused(
                    _(
                        "A final edition made of exactly this content exists already: edition "
                        "%(number)d (%(language)s) of %(date)s."
                    )
                    % {
                        "number": existing.pk,
                        "language": existing.get_language_display(),
                        "date": dates.format_date(
                            existing.requested_at, translation.get_language() or "en"
                        ),
                    },
                    existing=existing,
                )
    edition_date = (
        contents.validation.held_on if final and contents.validation else timezone.localdate()
    )
    editions = [
        ReportEdition.objects.create(
            cycle=cycle,
            kind=kind,
            language=language,
            mode=mode,
            requested_by=requested_by,
            edition_date=edition_date,
            content_key=keys[language],
        )
        for language in languages
    ]
    for edition in editions:
        record(
            "report_requested",
            actor=requested_by,
            obj=edition,
            cycle=cycle.code,
            kind=kind,
            language=edition.language,
            mode=mode,
            via="page" if requested_by else "command line",
        )
    return editions


def edition_claim(*, edition_id: int) -> Claim | None:
    """Take the job, or a job whose previous attempt died; None when it is already finished."""
    with transaction.atomic():
        edition = ReportEdition.objects.select_for_update().get(pk=edition_id)
        if edition.state not in (State.QUEUED, State.RUNNING):
            return None
        edition.state = State.RUNNING
        edition.attempts += 1
        edition.started_at = edition.heartbeat_at = timezone.now()
        edition.progress = 5
        edition.stage = "collecting"
        edition.save(
            update_fields=["state", "attempts", "started_at", "heartbeat_at", "progress", "stage"]
        )
        return Claim(edition.pk, edition.attempts)


@contextmanager
def edition_heartbeat(*, claim: Claim):
    """Refresh the edition's heartbeat from a thread of its own while the block runs.

    Rendering is long CPU-bound work with nothing to report for minutes, so the beat cannot
    come from the code doing it. The thread stops when the block ends, however it ends, or as
    soon as the attempt no longer holds the job.
    """
    stop = threading.Event()
    beating = threading.Thread(
        target=_beat, args=(claim, stop), name=f"edition-heartbeat-{claim.edition_id}", daemon=True
    )
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


def _beat(claim: Claim, stop: threading.Event) -> None:
    # Django gives each thread its own connection: this one is the thread's, closed at the end.
    try:
        while not stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
            try:
                held = ReportEdition.objects.filter(
                    pk=claim.edition_id, state=State.RUNNING, attempts=claim.attempt
                ).update(heartbeat_at=timezone.now())
            except DatabaseError as error:
                # Missing a beat or two is harmless; a fresh connection tries at the next one.
                logger.warning("Heartbeat of edition %s missed: %s", claim.edition_id, error)
                connection.close()
                continue
            if not held:
                return
    finally:
        connection.close()


def edition_progress(*, claim: Claim, percent: int, stage: str) -> None:
    ReportEdition.objects.filter(
        pk=claim.edition_id, state=State.RUNNING, attempts=claim.attempt
    ).update(progress=percent, stage=stage)


def edition_compile(*, edition_id: int) -> ReportEdition | None:
    """Build the edition's report and render it as one PDF, then as a Word document; return
    the edition, or None if there was nothing to do. (`reporting.services.parts` compiles a
    long edition in parts and calls `edition_render` for the others.)"""
    from reporting.pdf.context import edition_report

    claim = edition_claim(edition_id=edition_id)
    if claim is None:
        return None
    with edition_heartbeat(claim=claim):
        edition = ReportEdition.objects.select_related("cycle").get(pk=edition_id)
        return edition_render(claim=claim, report=edition_report(edition))


def edition_render(*, claim: Claim, report) -> ReportEdition | None:
    """Render a claimed edition's report in one piece, with its Word copy, and finish it."""
    from reporting.pdf.docx import render_docx
    from reporting.pdf.render import render_pdf, render_report_html

    edition_progress(claim=claim, percent=25, stage="html")
    html = render_report_html(report)
    edition_progress(claim=claim, percent=35, stage="layout")
    stages = {"layout": (35, "layout"), "writing": (80, "writing")}
    rendered = render_pdf(
        html,
        on_stage=lambda name: edition_progress(
            claim=claim, percent=stages[name][0], stage=stages[name][1]
        ),
    )
    edition_progress(claim=claim, percent=90, stage="word")
    docx = render_docx(report)
    return _finish(claim, rendered.pdf, rendered.page_count, report.revision_ids, docx=docx)


def _finish(
    claim: Claim,
    pdf: bytes,
    page_count: int,
    revision_ids: list[int],
    *,
    docx: bytes | None,
    docx_from: str = "",
    **details,
):
    """Store the PDF and the Word copy if this attempt still holds the job; otherwise leave
    everything as is. Without the Word copy (`docx` None, and nothing yet at `docx_from`, where
    a compile in parts leaves it), the edition is done with the stage WORD_PENDING, and
    `edition_attach_word` stores the copy when it is ready."""
    with transaction.atomic():
        edition = ReportEdition.objects.select_for_update().get(pk=claim.edition_id)
        if edition.state != State.RUNNING or edition.attempts != claim.attempt:
            return None
        if docx is None and docx_from and default_storage.exists(docx_from):
            with default_storage.open(docx_from, "rb") as handle:
                docx = handle.read()
            transaction.on_commit(lambda: default_storage.delete(docx_from))
        _store(edition, "pdf", pdf)
        if docx is not None:
            _store(edition, "docx", docx)
        edition.sha256 = hashlib.sha256(pdf).hexdigest()
        edition.page_count = page_count
        edition.state = State.SUCCEEDED
        edition.progress = 100
        edition.stage = "done" if docx is not None else ReportEdition.WORD_PENDING
        edition.finished_at = timezone.now()
        edition.save()
        edition.revisions.set(revision_ids)
        record(
            "report_finished",
            actor=edition.requested_by,
            obj=edition,
            page_count=page_count,
            sha256=edition.sha256,
            **details,
        )
        transaction.on_commit(lambda: _notify_requester(edition.pk))
    return edition


def _store(edition: ReportEdition, extension: str, content: bytes) -> None:
    name = (
        f"{edition.cycle.code}-{edition.kind}-{edition.language}"
        f"-{edition.mode}-{edition.pk}.{extension}"
    )
    # The name belongs to this edition alone: an earlier attempt's leftover is replaced.
    default_storage.delete(f"reports/{name}")
    getattr(edition, extension).save(name, ContentFile(content), save=False)


def edition_attach_word(*, claim: Claim, docx: bytes, pending_name: str) -> bool:
    """Store the Word copy an attempt wrote beside the parts of its PDF: on the edition if
    its PDF is done, otherwise where the PDF's assembly takes it from. False when the attempt
    no longer holds the edition."""
    with transaction.atomic():
        edition = (
            ReportEdition.objects.select_for_update()
            .select_related("cycle")
            .get(pk=claim.edition_id)
        )
        if edition.attempts != claim.attempt:
            return False
        if edition.state == State.RUNNING:
            default_storage.delete(pending_name)
            default_storage.save(pending_name, ContentFile(docx))
            return True
        if edition.state != State.SUCCEEDED or edition.stage != ReportEdition.WORD_PENDING:
            return False
        _store(edition, "docx", docx)
        edition.stage = "done"
        edition.save(update_fields=["docx", "stage"])
        return True


def edition_retry_later(*, edition_id: int, reason: str) -> None:
    """Put a job that hit a passing error back in the queue."""
    ReportEdition.objects.filter(pk=edition_id, state=State.RUNNING).update(
        state=State.QUEUED, stage="retrying", failure_reason=reason
    )


def edition_fail(*, edition_id: int, reason: str) -> None:
    """Mark the job failed with a reason people can read, and tell whoever asked."""
    with transaction.atomic():
        updated = ReportEdition.objects.filter(
            pk=edition_id, state__in=[State.QUEUED, State.RUNNING]
        ).update(state=State.FAILED, failure_reason=reason, finished_at=timezone.now(), stage="")
        if updated:
            EditionPart.objects.filter(edition_id=edition_id).delete()  # compiled in parts
            edition = ReportEdition.objects.select_related("requested_by").get(pk=edition_id)
            record("report_failed", actor=edition.requested_by, obj=edition, reason=reason)
            transaction.on_commit(lambda: _notify_requester(edition_id))


def editions_requeue_stuck(*, now=None) -> list[int]:
    """Send again the jobs whose worker died without the broker redelivering them, whose
    message was lost, or that the broker could not take when they were requested.

    Beat runs this every minute and every worker once when it starts.
    """
    now = now or timezone.now()
    dead = Q(state=State.RUNNING) & (
        Q(heartbeat_at__lt=now - timezone.timedelta(seconds=settings.REPORT_DEAD_AFTER_SECONDS))
        | Q(heartbeat_at=None, started_at__lt=now - timezone.timedelta(seconds=STUCK_AFTER))
    )
    lost = Q(state=State.QUEUED) & (
        Q(requested_at__lt=now - timezone.timedelta(seconds=LOST_AFTER))
        | Q(stage=WAITING_FOR_BROKER)
    )
    # A Word copy that never came (the attempt writing it died after its PDF was done): the
    # edition stays done, without one; compiling again makes one.
    ReportEdition.objects.filter(
        state=State.SUCCEEDED,
        stage=ReportEdition.WORD_PENDING,
        finished_at__lt=now - timezone.timedelta(seconds=STUCK_AFTER),
    ).update(stage="")
    # The work lists of compiles in parts that are over.
    EditionPart.objects.filter(edition__state__in=[State.SUCCEEDED, State.FAILED]).exclude(
        edition__stage=ReportEdition.WORD_PENDING
    ).delete()
    with transaction.atomic():
        # Locked, so that a heartbeat or a claim arriving meanwhile is not overwritten.
        stuck = list(
            ReportEdition.objects.select_for_update()
            .filter(dead | lost)
            .values_list("pk", flat=True)
        )
        ReportEdition.objects.filter(pk__in=stuck).update(state=State.QUEUED, stage="requeued")
        for pk in stuck:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return stuck


def _notify_requester(edition_id: int) -> None:
    dispatch.enqueue("reporting.tasks.notify_edition_finished", edition_id)


# --- settling the report: exclusions and the national validation -----------------------------


def submission_exclude(*, user: User, submission_id: int, reason: str) -> Exclusion:
    """Leave a submission that is awaiting review or was reopened out of the cycle's final
    report, with the reason the methodology annex prints: the coordinator's decision."""
    if not access.coordinates(user=user):
        raise TransitionRefused(_("Only the national coordinator settles the report."))
    reason = reason.strip()
    if not reason:
        raise TransitionRefused(_("Give a reason: the report prints it."), "reason")
    if len(reason) > snapshot.REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": snapshot.too_long(snapshot.REASON_MAX_CHARS, len(reason))}
        )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.state == Submission.State.APPROVED:
            raise TransitionRefused(_("Approved work is part of the report; reopen it first."))
        exclusion, _created = Exclusion.objects.update_or_create(
            submission=submission, defaults={"reason": reason, "excluded_by": user}
        )
        record("state_change", actor=user, obj=submission, excluded=True, reason=reason)
    return exclusion


def exclusion_remove(*, user: User, submission_id: int) -> None:
    """Take a submission back into the report (it blocks a final again until it is settled)."""
    if not access.coordinates(user=user):
        raise TransitionRefused(_("Only the national coordinator settles the report."))
    with transaction.atomic():
        deleted, _rows = Exclusion.objects.filter(submission_id=submission_id).delete()
        if deleted:
            record("state_change", actor=user, submission=submission_id, excluded=False)


def validation_record(
    *,
    user: User,
    cycle: ReviewCycle,
    kind: str,
    held_on,
    body_en: str,
    body_ar: str,
    organisation_ids: list[int],
    decision: str,
    notes: str = "",
    minutes=None,
) -> Validation:
    """Record the national validation of the cycle's report (the coordinator), with its
    minutes checked as evidence files are."""
    if not access.coordinates(user=user):
        raise TransitionRefused(_("Only the national coordinator records the validation."))
    errors = {}
    if kind not in ReportEdition.Kind.values:
        errors["kind"] = _("Choose a report from the list.")
    if decision not in Validation.Decision.values:
        errors["decision"] = _("Choose the decision from the list.")
    if not body_en.strip() and not body_ar.strip():
        errors["body_en"] = _("Name the body that validated the report.")
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = _("The validation cannot be in the future.")
    if not organisation_ids:
        errors["organisations"] = _("Choose the organisations that took part.")
    if errors:
        raise ValidationError(errors)
    checked = check_evidence(minutes) if minutes is not None else None
    with transaction.atomic():
        validation = Validation.objects.create(
            cycle=cycle,
            kind=kind,
            held_on=held_on,
            body_en=body_en.strip(),
            body_ar=body_ar.strip(),
            decision=decision,
            notes=notes.strip(),
            recorded_by=user,
            minutes_name=checked.name if checked else "",
        )
        validation.organisations.set(organisation_ids)
        if checked is not None:
            minutes.seek(0)
            validation.minutes.save(
                f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(minutes.read())
            )
        record(
            "state_change",
            actor=user,
            obj=validation,
            cycle=cycle.code,
            kind=kind,
            decision=decision,
        )
    return validation
