"""Import of strategy actions and indicators from the portal's .xlsx template, in two steps.

`import_check` is the dry run: it keeps the uploaded file (with its SHA-256) in a
DataTransfer row and reports every problem by sheet, row and column, in the user's language,
or the changes the file would make. `import_commit` carries out a clean check: it re-reads the
stored file, refuses if it is not byte for byte the file that was checked, checks it again
against the data as it is now, refuses if the changes would differ from those shown, and saves
everything in one transaction or nothing. Both steps write a DataTransfer row, refusals too.

A row says what its record should be after the import: blank cells empty fields. Records the
file does not mention are left alone; the import never deletes.
"""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import User
from objectives.models import StrategyAction
from objectives.services import indicator_save, strategy_action_save
from reporting import access
from reporting.evidence import clean_file_name
from reporting.models import DataTransfer, ReviewCycle
from reporting.spreadsheets.checking import MAX_LISTED, Outcome, check_file, problem_dict
from reporting.spreadsheets.reading import MAX_UPLOAD_BYTES, Problem
from reporting.spreadsheets.selectors import import_get_for_user
from reporting.spreadsheets.transfers import transfer_save

logger = logging.getLogger(__name__)


class _Refused(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


# --- the two steps --------------------------------------------------------------------------


def import_check(*, user: User, cycle: ReviewCycle | None, upload, language: str) -> DataTransfer:
    """The dry run: check the uploaded file, keep it, and record its problems or its plan."""
    if not access.may_import(user=user):
        raise Http404
    with translation.override(language):
        size = upload.size or 0
        data = b""
        if 0 < size <= MAX_UPLOAD_BYTES:
            upload.seek(0)
            data = upload.read()
        if size > MAX_UPLOAD_BYTES:
            outcome = Outcome(
                problems=[
                    Problem(
                        message=_("The file is larger than %(limit)d MB.")
                        % {"limit": MAX_UPLOAD_BYTES // 2**20}
                    )
                ]
            )
        else:
            outcome = check_file(data)
        transfer = DataTransfer(
            kind=DataTransfer.Kind.IMPORT,
            format=DataTransfer.Format.XLSX,
            dataset=DataTransfer.Dataset.STRATEGY_AND_INDICATORS,
            state=DataTransfer.State.REJECTED if outcome.problems else DataTransfer.State.CHECKED,
            cycle=cycle,
            user=user,
            language=language,
            file_name=clean_file_name(upload.name or "", "xlsx")[:200],
            size=size,
            sha256=hashlib.sha256(data).hexdigest() if data else "",
            rows=outcome.rows,
            summary=outcome.summary(),
        )
        if data:
            # Stored under a random name: the user's file name never reaches the file system.
            transfer.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
        transfer_save(transfer)
    return transfer


def import_commit(*, user: User, transfer_id: int, sha256: str, language: str) -> DataTransfer:
    """Carry out a clean check: all of it in one transaction, or nothing and a refusal."""
    with translation.override(language):
        check = import_get_for_user(user=user, transfer_id=transfer_id)
        record = {
            "kind": DataTransfer.Kind.IMPORT,
            "format": DataTransfer.Format.XLSX,
            "dataset": check.dataset,
            "cycle": check.cycle,
            "user": user,
            "language": language,
            "file_name": check.file_name,
            "size": check.size,
            "sha256": check.sha256,
            "dry_run": check,
        }
        try:
            with transaction.atomic():
                outcome = _commit(check, sha256)
                return transfer_save(
                    DataTransfer(
                        **record,
                        state=DataTransfer.State.COMMITTED,
                        rows=outcome.rows,
                        summary={
                            "counts": outcome.counts(),
                            "change_count": len(outcome.changes()),
                            "changes": outcome.changes()[:MAX_LISTED],
                        },
                    )
                )
        except IntegrityError:
            logger.warning("import %s: commit refused by the database", check.pk, exc_info=True)
            refusal = _Refused(
                _(
                    "The changes could not be saved because the same data was being changed at "
                    "the same moment; nothing was imported. Upload the file again to check it."
                )
            )
        except _Refused as refused:
            refusal = refused
        return transfer_save(
            DataTransfer(
                **record,
                state=DataTransfer.State.REFUSED,
                summary={
                    "reason": refusal.message,
                    "problem_count": len(refusal.problems),
                    "problems": [problem_dict(p) for p in refusal.problems[:MAX_LISTED]],
                },
            )
        )


def _commit(check: DataTransfer, sha256: str) -> Outcome:
    locked = DataTransfer.objects.select_for_update().get(pk=check.pk)
    if locked.state != DataTransfer.State.CHECKED:
        raise _Refused(_("This file did not pass the check; correct it and upload it again."))
    if locked.commits.filter(state=DataTransfer.State.COMMITTED).exists():
        raise _Refused(_("This file has already been imported."))
    changed = _("The file changed since it was checked; upload it again to check it.")
    if sha256 != locked.sha256:
        raise _Refused(changed)
    try:
        with locked.file.open("rb") as stored:
            data = stored.read(MAX_UPLOAD_BYTES + 1)
    except (OSError, ValueError) as error:
        raise _Refused(changed) from error
    if hashlib.sha256(data).hexdigest() != locked.sha256:
        raise _Refused(changed)
    outcome = check_file(data)
    if outcome.problems:
        raise _Refused(
            _(
                "The file no longer passes the checks against the portal's data; nothing was "
                "imported."
            ),
            outcome.problems,
        )
    if outcome.digest() != locked.summary.get("plan_digest"):
        raise _Refused(
            _(
                "The portal's data changed since the file was checked, so the changes shown "
                "are no longer exact; nothing was imported. Upload the file again to check it."
            )
        )
    _apply(outcome)
    return outcome


# --- applying a plan ------------------------------------------------------------------------


def _apply(outcome: Outcome) -> None:
    """Write the plan; the caller holds the transaction."""
    saved: dict[tuple[str, str], int] = {}
    for plan in outcome.actions:
        if plan.change == "unchanged":
            saved[(plan.strategy, plan.code)] = plan.existing_id
            continue
        action = strategy_action_save(
            action_id=plan.existing_id,
            code=plan.code,
            values=plan.values,
            supporting_organisation_ids=plan.supporting,
            objective_ids=plan.objectives,
        )
        saved[(plan.strategy, plan.code)] = action.pk
    existing_actions = {
        (strategy, code): pk
        for pk, strategy, code in StrategyAction.objects.values_list(
            "pk", "pillar__strategy__code", "code"
        )
    }
    for plan in outcome.indicators:
        if plan.change == "unchanged":
            continue
        values = dict(plan.values)
        values["strategy_action_id"] = None
        if plan.action:
            values["strategy_action_id"] = saved.get(plan.action) or existing_actions[plan.action]
        indicator_save(indicator_id=plan.existing_id, code=plan.code, values=values)
