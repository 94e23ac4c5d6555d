"""The pledge register as a workbook: approved pledges in the order of the UN Network on
Migration's pledge form, and their approved updates. What was approved only: never a draft,
never what is under review."""

import datetime
import tempfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gcm_portal.accounts.models import User
from reporting.models import DataTransfer, Pledge, PledgeUpdate
from reporting.selectors.pledges import pledge_list_for_user
from reporting.spreadsheets.cells import XLSX_CONTENT_TYPE, file_sha256, xlsx_value
from reporting.spreadsheets.export import Column, ExportedFile, start_sheet, write_about
from reporting.spreadsheets.transfers import transfer_save

# The pledge form's questions, in its order.
PLEDGE_COLUMNS = [
    Column("reference", gettext_lazy("Pledge"), 10),
    Column("network_id", gettext_lazy("UN Network pledge id"), 16),
    Column("organisations", gettext_lazy("Pledging organisations"), 36),
    Column("kind", gettext_lazy("Type of pledge"), 22),
    Column("matched", gettext_lazy("Pledge it matches"), 12),
    Column("form", gettext_lazy("Form of pledge"), 20),
    Column("title_en", gettext_lazy("Title (English)"), 40),
    Column("title_ar", gettext_lazy("Title (Arabic)"), 40),
    Column("description_en", gettext_lazy("Description (English)"), 80),
    Column("description_ar", gettext_lazy("Description (Arabic)"), 80),
    Column("objectives", gettext_lazy("GCM objectives"), 14),
    Column("principles", gettext_lazy("Guiding principles"), 14),
    Column("gcm_actions", gettext_lazy("GCM actions"), 20),
    Column("strategy_actions", gettext_lazy("Linked strategy actions"), 20),
    Column("indicators", gettext_lazy("Linked indicators"), 20),
    Column("metric", gettext_lazy("Metric"), 30),
    Column("baseline", gettext_lazy("Baseline"), 16),
    Column("target", gettext_lazy("Target"), 16),
    Column("deadline", gettext_lazy("Deadline"), 12),
    Column("partners", gettext_lazy("Partners"), 30),
    Column("made_at", gettext_lazy("Made at"), 16),
    Column("approved_at", gettext_lazy("Approved on"), 18),
]
UPDATE_COLUMNS = [
    Column("reference", gettext_lazy("Pledge"), 10),
    Column("cycle", gettext_lazy("Review"), 20),
    Column("status", gettext_lazy("Status"), 16),
    Column("narrative_en", gettext_lazy("What was done (English)"), 80),
    Column("narrative_ar", gettext_lazy("What was done (Arabic)"), 80),
    Column("evidence", gettext_lazy("Evidence files"), 30),
    Column("approved_at", gettext_lazy("Approved on"), 18),
]


def _joined(values) -> str:
    return "; ".join(str(value) for value in values)


def pledge_row(pledge: Pledge, language: str) -> dict:
    content = pledge.approved_content
    kinds, forms = dict(Pledge.Kind.choices), dict(Pledge.Form.choices)
    names = [content["organisation"], *content["co_pledgers"]]
    return {
        "reference": content["reference"],
        "network_id": content["network_id"],
        "organisations": _joined(n.get(language) or n.get("en") for n in names),
        "kind": str(kinds.get(content["kind"], content["kind"])),
        "matched": content["matched"],
        "form": str(forms.get(content["form"], content["form"])),
        "title_en": content["title"]["en"],
        "title_ar": content["title"]["ar"],
        "description_en": content["description"]["en"],
        "description_ar": content["description"]["ar"],
        "objectives": _joined(content["objectives"]),
        "principles": _joined(content["principles"]),
        "gcm_actions": _joined(content["gcm_actions"]),
        "strategy_actions": _joined(content["strategy_actions"]),
        "indicators": _joined(content["indicators"]),
        "metric": content["metric"],
        "baseline": content["baseline"],
        "target": content["target"],
        "deadline": (
            datetime.date.fromisoformat(content["deadline"]) if content["deadline"] else ""
        ),
        "partners": content["partners"],
        "made_at": content["cycle"],
        "approved_at": pledge.approved_at,
    }


def update_row(update: PledgeUpdate) -> dict:
    content = update.approved_content
    return {
        "reference": update.pledge.reference,
        "cycle": content["cycle"],
        "status": str(dict(PledgeUpdate.Status.choices).get(content["status"], "")),
        "narrative_en": content["narrative"]["en"],
        "narrative_ar": content["narrative"]["ar"],
        "evidence": _joined(item["name"] for item in content["evidence"]),
        "approved_at": update.approved_at,
    }


def pledges_export_xlsx(*, user: User, language: str) -> ExportedFile:
    """Write the approved pledges the user may read, and their approved updates."""
    pledges = list(pledge_list_for_user(user=user).filter(approved_content__isnull=False))
    updates = (
        PledgeUpdate.objects.filter(pledge__in=pledges, approved_content__isnull=False)
        .select_related("pledge")
        .order_by("pledge_id", "cycle__year")
    )
    with translation.override(language):
        right_to_left = translation.get_language_bidi()
        workbook = Workbook(write_only=True)
        sheets = [
            (_("Pledges"), PLEDGE_COLUMNS, [pledge_row(p, language) for p in pledges]),
            (_("Pledge updates"), UPDATE_COLUMNS, [update_row(u) for u in updates]),
        ]
        counts = {}
        for title, columns, rows in sheets:
            sheet = start_sheet(workbook, title, columns, right_to_left=right_to_left)
            for row in rows:
                sheet.append([xlsx_value(sheet, row[column.key]) for column in columns])
            counts[title] = len(rows)
        about = [
            (_("Content"), _("Approved pledges and their approved updates; never a draft.")),
            (_("Exported"), timezone.now()),
            (_("Exported by"), user.get_full_name() or user.get_username()),
        ]
        write_about(workbook, about, counts, right_to_left)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    sha256, size = file_sha256(handle)
    file_name = f"pledges-{timezone.localdate().isoformat()}.xlsx"
    transfer = DataTransfer(
        kind=DataTransfer.Kind.EXPORT,
        format=DataTransfer.Format.XLSX,
        dataset=DataTransfer.Dataset.PLEDGES,
        state=DataTransfer.State.EXPORTED,
        user=user,
        language=language,
        file_name=file_name,
        size=size,
        sha256=sha256,
        rows=sum(counts.values()),
        summary={"sheets": counts},
    )
    transfer_save(transfer)
    return ExportedFile(transfer, handle, file_name, XLSX_CONTENT_TYPE)
