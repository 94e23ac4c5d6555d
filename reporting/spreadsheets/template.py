"""The import template: its sheets and columns, and the workbook the coordinator downloads.

The template holds the current strategy actions and indicators, so that download, edit and
upload is a round trip. Sheet names and column names (row 1) are fixed keys, the same in
every language, so a file made in Arabic imports like one made in English; the Instructions
sheet explains every column in English and in Arabic, and each header carries a note in the
user's language.
"""

import tempfile
from collections import Counter
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from gcm_portal.accounts.models import Organisation, User
from objectives.disaggregation import dimension_codes_ordered
from objectives.models import (
    Indicator,
    Objective,
    Pillar,
    SdgIndicator,
    Strategy,
    StrategyAction,
)
from reporting import access
from reporting.models import DataTransfer, ReviewCycle
from reporting.spreadsheets.cells import HEADER_FONT, XLSX_CONTENT_TYPE, file_sha256, set_cell
from reporting.spreadsheets.export import ExportedFile
from reporting.spreadsheets.transfers import transfer_save

ACTIONS_SHEET = "Strategy actions"
INDICATORS_SHEET = "Indicators"
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
# Rows of a sheet that one import takes, and so the rows the template's drop-downs cover.
MAX_DATA_ROWS = 5000


@dataclass(frozen=True)
class ImportColumn:
    key: str
    description: object  # lazy: read in English and in Arabic for the Instructions sheet
    width: int
    required: bool = False
    # Codes are kept as text, so that Excel leaves 1.10 as 1.10 (not 1.1).
    text: bool = False
    # The column of the Lists sheet that the cell's drop-down offers.
    choices: str = ""


ACTION_COLUMNS = [
    ImportColumn(
        "strategy_code",
        gettext_lazy("Code of the strategy the action belongs to. The strategy must exist."),
        16,
        required=True,
        text=True,
        choices="strategy",
    ),
    ImportColumn(
        "pillar_code",
        gettext_lazy("Code of the pillar within that strategy. The pillar must exist."),
        12,
        required=True,
        text=True,
    ),
    ImportColumn(
        "action_code",
        gettext_lazy(
            "Code of the action, for example 2.1. A code the strategy already has updates that "
            "action; a new code creates one."
        ),
        12,
        required=True,
        text=True,
    ),
    ImportColumn("title_en", gettext_lazy("Title in English."), 50, required=True),
    ImportColumn("title_ar", gettext_lazy("Title in Arabic."), 50),
    ImportColumn(
        "lead_organisation",
        gettext_lazy("Short name of the lead organisation, as the Lists sheet shows it."),
        20,
        required=True,
        text=True,
        choices="organisation",
    ),
    ImportColumn(
        "supporting_organisations",
        gettext_lazy("Short names of the supporting organisations, separated by commas."),
        30,
        text=True,
    ),
    ImportColumn("starts_on", gettext_lazy("Start date, written YYYY-MM-DD (may be empty)."), 13),
    ImportColumn("ends_on", gettext_lazy("End date, written YYYY-MM-DD (may be empty)."), 13),
    ImportColumn(
        "status",
        gettext_lazy("One of: not_started, in_progress, completed, delayed, cancelled."),
        14,
        choices="status",
    ),
    ImportColumn(
        "objectives",
        gettext_lazy("Numbers of the GCM objectives (1 to 23) it serves, separated by commas."),
        16,
        text=True,
    ),
]

INDICATOR_COLUMNS = [
    ImportColumn(
        "code",
        gettext_lazy(
            "Code of the indicator, for example IND-09. An existing code updates that "
            "indicator; a new code creates one."
        ),
        12,
        required=True,
        text=True,
    ),
    ImportColumn("name_en", gettext_lazy("Name in English."), 50, required=True),
    ImportColumn("name_ar", gettext_lazy("Name in Arabic."), 50),
    ImportColumn("unit_en", gettext_lazy("Unit in English, for example persons."), 16),
    ImportColumn("unit_ar", gettext_lazy("Unit in Arabic."), 16),
    ImportColumn(
        "kind",
        gettext_lazy("One of: number, percent, yes_no, text."),
        10,
        required=True,
        choices="kind",
    ),
    ImportColumn(
        "sdg_code",
        gettext_lazy("SDG indicator code, for example 10.7.2 (may be empty)."),
        10,
        text=True,
        choices="sdg",
    ),
    ImportColumn(
        "objective",
        gettext_lazy("Number of the GCM objective it measures, 1 to 23 (may be empty)."),
        10,
        choices="objective",
    ),
    ImportColumn(
        "strategy_action",
        gettext_lazy(
            "Code of the strategy action it measures (may be empty). When several strategies "
            "have an action with that code, write strategy_code:action_code."
        ),
        16,
        text=True,
    ),
    ImportColumn(
        "disaggregations",
        gettext_lazy(
            "How values are broken down: any of sex, age_group, governorate, "
            "migration_status, separated by commas."
        ),
        28,
        choices="dimension",
    ),
    ImportColumn("baseline", gettext_lazy("Baseline value; it must fit the kind."), 12, text=True),
    ImportColumn("baseline_year", gettext_lazy("Year of the baseline."), 10),
    ImportColumn("target", gettext_lazy("Target value; it must fit the kind."), 12, text=True),
    ImportColumn("target_year", gettext_lazy("Year of the target."), 10),
]

SHEET_COLUMNS = {ACTIONS_SHEET: ACTION_COLUMNS, INDICATORS_SHEET: INDICATOR_COLUMNS}

GENERAL_INSTRUCTIONS = [
    gettext_lazy(
        "Fill in the sheets «Strategy actions» and «Indicators». Keep the sheet names and the "
        "column names in row 1 as they are; the order of the columns does not matter."
    ),
    gettext_lazy(
        "Each row is one strategy action or one indicator, as it should be after the import. "
        "A row whose code exists updates that record with exactly what the row says (an empty "
        "cell empties the field); a new code creates a record. Removing a row removes nothing "
        "from the portal."
    ),
    gettext_lazy(
        "Statuses, kinds, dimensions and organisations are offered in drop-down lists. Several "
        "values in one cell are separated by commas. Dates are written YYYY-MM-DD."
    ),
    gettext_lazy(
        "Upload the file on the Spreadsheets page. The portal first checks every row and lists "
        "each problem by sheet, row and column, or the changes the file would make. Nothing is "
        "saved until you press «Commit import», and then everything is saved or nothing."
    ),
]


def action_reference(action: StrategyAction, repeated_codes: set[str]) -> str:
    """How a sheet names an action: its code, or strategy_code:code when codes repeat."""
    if action.code in repeated_codes:
        return f"{action.pillar.strategy.code}:{action.code}"
    return action.code


def import_template_xlsx(*, user: User, cycle: ReviewCycle | None, language: str) -> ExportedFile:
    """The import template with today's strategy actions and indicators filled in."""
    if not access.may_import(user=user):
        raise Http404
    with translation.override(language):
        workbook, counts = _template(right_to_left=translation.get_language_bidi())
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    sha256, size = file_sha256(handle)
    file_name = f"gcm-portal-import-template-{timezone.localdate().isoformat()}.xlsx"
    transfer = DataTransfer(
        kind=DataTransfer.Kind.EXPORT,
        format=DataTransfer.Format.XLSX,
        dataset=DataTransfer.Dataset.STRATEGY_AND_INDICATORS,
        state=DataTransfer.State.EXPORTED,
        cycle=cycle,
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


def _template(*, right_to_left: bool) -> tuple[Workbook, dict]:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, right_to_left)
    actions = list(
        StrategyAction.objects.select_related("pillar__strategy", "lead_organisation")
        .prefetch_related("supporting_organisations", "objectives")
        .order_by("pillar__strategy__code", "pillar__position", "pillar__code", "code")
    )
    repeated = {code for code, n in Counter(a.code for a in actions).items() if n > 1}
    indicators = list(
        Indicator.objects.select_related("strategy_action__pillar__strategy")
        .prefetch_related("sdg_indicators", "objectives")
        .order_by("code")
    )
    lists = _lists()
    action_rows = [
        [
            action.pillar.strategy.code,
            action.pillar.code,
            action.code,
            action.title_en,
            action.title_ar,
            action.lead_organisation.slug,
            ", ".join(sorted(o.slug for o in action.supporting_organisations.all())),
            action.starts_on,
            action.ends_on,
            action.status,
            ", ".join(str(n) for n in sorted(o.number for o in action.objectives.all())),
        ]
        for action in actions
    ]
    indicator_rows = [
        [
            indicator.code,
            indicator.name_en,
            indicator.name_ar,
            indicator.unit_en,
            indicator.unit_ar,
            indicator.kind,
            indicator.sdg_indicator.code if indicator.sdg_indicator else "",
            indicator.objective.number if indicator.objective else None,
            action_reference(indicator.strategy_action, repeated)
            if indicator.strategy_action
            else "",
            ", ".join(indicator.disaggregations or []),
            indicator.baseline_display,
            indicator.baseline_year,
            indicator.target_display,
            indicator.target_year,
        ]
        for indicator in indicators
    ]
    for title, columns, rows in (
        (ACTIONS_SHEET, ACTION_COLUMNS, action_rows),
        (INDICATORS_SHEET, INDICATOR_COLUMNS, indicator_rows),
    ):
        _write_data_sheet(workbook.create_sheet(title), columns, rows, lists, right_to_left)
    _write_lists(workbook.create_sheet(LISTS_SHEET), lists)
    return workbook, {ACTIONS_SHEET: len(action_rows), INDICATORS_SHEET: len(indicator_rows)}


def _lists() -> dict[str, list]:
    """The values the drop-downs offer, by list name."""
    return {
        "status": list(StrategyAction.Status.values),
        "kind": list(Indicator.Kind.values),
        "dimension": dimension_codes_ordered(),
        "organisation": list(Organisation.objects.order_by("slug").values_list("slug", flat=True)),
        "strategy": list(Strategy.objects.order_by("code").values_list("code", flat=True)),
        "pillar": sorted(set(Pillar.objects.values_list("code", flat=True))),
        "sdg": list(SdgIndicator.objects.order_by("code").values_list("code", flat=True)),
        "objective": list(Objective.objects.order_by("number").values_list("number", flat=True)),
    }


def _write_data_sheet(sheet, columns, rows, lists, right_to_left: bool) -> None:
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = right_to_left
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=index)
        set_cell(header, column.key)
        header.font = HEADER_FONT
        note = str(column.description)
        if column.required:
            note = _("%(description)s Required.") % {"description": note}
        header.comment = Comment(note, _("GCM Progress Portal"), width=300, height=120)
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices and lists[column.choices]:
            _add_drop_down(sheet, column, letter, lists)
    for row_number, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index)
            set_cell(cell, value)
            if column.text:
                cell.number_format = "@"


def _add_drop_down(sheet, column: ImportColumn, letter: str, lists) -> None:
    names = list(lists)
    list_letter = get_column_letter(names.index(column.choices) + 1)
    count = len(lists[column.choices])
    validation = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${count + 1}",
        allow_blank=True,
    )
    if column.key == "disaggregations":
        # Several dimensions may share a cell: offer the list, accept combinations.
        validation.showErrorMessage = False
    else:
        validation.showErrorMessage = True
        validation.errorTitle = column.key
        validation.error = _("Choose a value from the list.")
    validation.showInputMessage = True
    validation.promptTitle = column.key[:32]
    validation.prompt = str(column.description)[:255]
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{MAX_DATA_ROWS + 1}")


def _write_lists(sheet, lists: dict[str, list]) -> None:
    """The values of the drop-downs, one list per column; hidden, since it is not edited."""
    for index, (name, values) in enumerate(lists.items(), start=1):
        header = sheet.cell(row=1, column=index)
        set_cell(header, name)
        header.font = HEADER_FONT
        for row_number, value in enumerate(values, start=2):
            set_cell(sheet.cell(row=row_number, column=index), value)
    sheet.sheet_state = "hidden"


def _write_instructions(sheet, right_to_left: bool) -> None:
    """What to do, in English and in Arabic, then every column explained in both."""
    sheet.sheet_view.rightToLeft = right_to_left
    for letter, width in zip("ABCDE", (18, 24, 10, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def both(text) -> tuple[str, str]:
        with translation.override("en"):
            english = str(text)
        with translation.override("ar"):
            arabic = str(text)
        return english, arabic

    title_en, title_ar = both(
        gettext_lazy("GCM Progress Portal: import of strategy actions and indicators")
    )
    rows = [["", "", "", title_en, title_ar]]
    for text in GENERAL_INSTRUCTIONS:
        rows.append(["", "", "", *both(text)])
    rows.append([])
    sheet_en, sheet_ar = both(gettext_lazy("Sheet"))
    column_en, column_ar = both(gettext_lazy("Column"))
    required_en, required_ar = both(gettext_lazy("Required"))
    rows.append(
        [
            "sheet",
            "column",
            "required",
            f"{sheet_en} / {column_en} / {required_en}",
            f"{sheet_ar} / {column_ar} / {required_ar}",
        ]
    )
    header_row = len(rows)
    yes_en, yes_ar = both(gettext_lazy("yes"))
    for sheet_name, columns in SHEET_COLUMNS.items():
        for column in columns:
            rows.append(
                [
                    sheet_name,
                    column.key,
                    f"{yes_en} / {yes_ar}" if column.required else "",
                    *both(column.description),
                ]
            )
    for row_number, values in enumerate(rows, start=1):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index)
            set_cell(cell, value)
            cell.alignment = wrap
            if row_number in (1, header_row):
                cell.font = HEADER_FONT
