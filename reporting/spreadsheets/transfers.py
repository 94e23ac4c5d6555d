"""Saving an export or an import step: its DataTransfer row and its audit entry, together."""

from django.db import transaction

from gcm_portal.audit.recording import record
from reporting.models import DataTransfer


def transfer_save(transfer: DataTransfer) -> DataTransfer:
    """Save a new DataTransfer and record it in the audit log, both or neither."""
    with transaction.atomic():
        transfer.save()
        record(
            "export" if transfer.kind == DataTransfer.Kind.EXPORT else "import",
            actor=transfer.user,
            obj=transfer,
            dataset=transfer.dataset,
            format=transfer.format,
            state=transfer.state,
            cycle=transfer.cycle_id,
            file_name=transfer.file_name,
            rows=transfer.rows,
            sha256=transfer.sha256,
            dry_run=transfer.dry_run_id,
        )
    return transfer
