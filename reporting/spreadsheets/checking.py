"""Checking an import file's rows against the portal's data: every problem by sheet, row and
column, in the active language, or the plan of what a commit would create and change."""

import datetime
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Organisation
from objectives.disaggregation import dimension_codes_ordered
from objectives.models import (
    Indicator,
    Objective,
    Pillar,
    SdgIndicator,
    Strategy,
    StrategyAction,
    number_and_note,
    validate_indicator_value,
)
from reporting.spreadsheets.reading import Problem, cell_text, read_workbook
from reporting.spreadsheets.template import ACTIONS_SHEET, INDICATORS_SHEET, SHEET_COLUMNS

# Problems and changes kept in a transfer's summary; the counts are always complete.
MAX_LISTED = 1000
FIRST_YEAR, LAST_YEAR = 1900, 2100
SEPARATORS = re.compile(r"[,;،\s]+")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ActionPlan:
    row: int
    strategy: str
    code: str
    existing_id: int | None
    values: dict
    supporting: list[int]
    objectives: list[int]
    change: str = "create"  # create, update or unchanged
    columns: list[str] = field(default_factory=list)  # the columns whose value changes


@dataclass
class IndicatorPlan:
    row: int
    code: str
    existing_id: int | None
    values: dict
    # (strategy code, action code) of the action it measures, or None.
    action: tuple[str, str] | None
    change: str = "create"
    columns: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a file would do: its problems, or its plan."""

    problems: list[Problem] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    indicators: list[IndicatorPlan] = field(default_factory=list)
    rows: int = 0

    def counts(self) -> dict:
        counts = {}
        for sheet, plans in ((ACTIONS_SHEET, self.actions), (INDICATORS_SHEET, self.indicators)):
            counts[sheet] = {"create": 0, "update": 0, "unchanged": 0}
            for plan in plans:
                counts[sheet][plan.change] += 1
        return counts

    def changes(self) -> list[dict]:
        return [
            {
                "sheet": sheet,
                "row": plan.row,
                "code": plan.code,
                "change": plan.change,
                "columns": plan.columns,
            }
            for sheet, plans in (
                (ACTIONS_SHEET, self.actions),
                (INDICATORS_SHEET, self.indicators),
            )
            for plan in plans
            if plan.change != "unchanged"
        ]

    def digest(self) -> str:
        """A fingerprint of exactly what a commit would write."""
        planned = [
            asdict(plan)
            for plan in [*self.actions, *self.indicators]
            if plan.change != "unchanged"
        ]
        text = json.dumps(planned, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def summary(self) -> dict:
        changes = self.changes()
        return {
            "problem_count": len(self.problems),
            "problems": [problem_dict(p) for p in self.problems[:MAX_LISTED]],
            "counts": self.counts(),
            "change_count": len(changes),
            "changes": changes[:MAX_LISTED],
            "plan_digest": "" if self.problems else self.digest(),
        }


def problem_dict(problem: Problem) -> dict:
    return {**asdict(problem), "text": str(problem)}


def check_file(data: bytes) -> Outcome:
    """Read and check a file's bytes against the portal's data as it is now."""
    sheets, problems = read_workbook(data)
    unreadable = {problem.sheet for problem in problems}
    # A file that cannot be read at all, or whose actions (which indicators may name) cannot,
    # stops here; an unreadable Indicators sheet still lets the actions be checked.
    if "" in unreadable or ACTIONS_SHEET in unreadable:
        return Outcome(problems=problems)
    outcome = Outcome(problems=problems, rows=sum(len(rows) for rows in sheets.values()))
    if not outcome.rows and not problems:
        outcome.problems.append(
            Problem(
                message=_(
                    "The file holds no strategy actions and no indicators: fill in at least "
                    "one row."
                )
            )
        )
        return outcome
    _Checker(outcome).run(sheets)
    return outcome


# --- the rows -------------------------------------------------------------------------------


def _or(values) -> str:
    values = [str(v) for v in values]
    if len(values) == 1:
        return values[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(values[:-1]), "last": values[-1]}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class _Catalogue:
    """The portal's data the rows are checked against, read once per check."""

    def __init__(self):
        self.strategies = set(Strategy.objects.values_list("code", flat=True))
        self.pillars = {
            (strategy, code): pk
            for pk, strategy, code in Pillar.objects.values_list("pk", "strategy__code", "code")
        }
        self.organisations = dict(Organisation.objects.values_list("slug", "pk"))
        self.objectives = dict(Objective.objects.values_list("number", "pk"))
        self.sdgs = dict(SdgIndicator.objects.values_list("code", "pk"))
        self.actions = {
            action.pk: action
            for action in StrategyAction.objects.select_related(
                "pillar__strategy"
            ).prefetch_related("supporting_organisations", "objectives")
        }
        self.actions_by_key = defaultdict(list)
        for action in self.actions.values():
            self.actions_by_key[(action.pillar.strategy.code, action.code)].append(action)
        self.indicators = {
            i.code: i for i in Indicator.objects.prefetch_related("objectives", "sdg_indicators")
        }
        self.dimensions = dimension_codes_ordered()


class _Checker:
    """Checks every row of both sheets, reporting each problem, and plans the changes."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        self.catalogue = _Catalogue()

    def run(self, sheets: dict[str, list[tuple[int, dict]]]) -> None:
        # Indicators may name an action of the file even where that action's row has a
        # problem: the problem is reported once, on its own row.
        self.file_actions = {
            (cell_text(cells["strategy_code"]), cell_text(cells["action_code"]))
            for _number, cells in sheets.get(ACTIONS_SHEET, [])
        }
        seen = {}
        for number, cells in sheets.get(ACTIONS_SHEET, []):
            plan = self._action(number, {k: cell_text(v) for k, v in cells.items()}, cells)
            if plan is None:
                continue
            key = (plan.strategy, plan.code)
            if key in seen:
                self._report(
                    ACTIONS_SHEET,
                    number,
                    "action_code",
                    _("This action is already in row %(row)d.") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            self.outcome.actions.append(plan)
        references = self._action_references()
        seen = {}
        for number, cells in sheets.get(INDICATORS_SHEET, []):
            text = {k: cell_text(v) for k, v in cells.items()}
            plan = self._indicator(number, text, references)
            if plan is None:
                continue
            if plan.code in seen:
                self._report(
                    INDICATORS_SHEET,
                    number,
                    "code",
                    _("This indicator is already in row %(row)d.") % {"row": seen[plan.code]},
                )
                continue
            seen[plan.code] = number
            self.outcome.indicators.append(plan)
        # One cell may repeat a mistake (two unknown objectives): it is reported once.
        self.outcome.problems = sorted(
            dict.fromkeys(self.outcome.problems),
            key=lambda p: (p.sheet != ACTIONS_SHEET, p.row or 0, _column_order(p)),
        )

    def _report(self, sheet: str, row: int, column: str, message: str) -> None:
        self.outcome.problems.append(Problem(sheet, row, column, message))

    # --- the cells --------------------------------------------------------------------------

    def _text(self, sheet, row, column, value, *, model, field_name, required=False) -> str:
        if required and not value:
            self._report(sheet, row, column, _("Fill this in."))
        limit = _max_length(model, field_name)
        if len(value) > limit:
            self._report(
                sheet,
                row,
                column,
                _("Write at most %(limit)d characters; this has %(count)d.")
                % {"limit": limit, "count": len(value)},
            )
        return value

    def _code(self, sheet, row, column, value, *, model, field_name) -> str:
        self._text(sheet, row, column, value, model=model, field_name=field_name, required=True)
        if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
            self._report(sheet, row, column, _("A code cannot contain spaces."))
        return value

    def _date(self, sheet, row, column, raw, text) -> datetime.date | None:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if not text:
            return None
        if DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        self._report(
            sheet, row, column, _("Write the date as YYYY-MM-DD, for example 2025-12-31.")
        )
        return None

    def _year(self, sheet, row, column, text) -> int | None:
        if not text:
            return None
        try:
            year = int(text)
        except ValueError:
            year = None
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            self._report(
                sheet,
                row,
                column,
                _("Write a year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
            return None
        return year

    def _objective(self, sheet, row, column, text) -> int | None:
        try:
            return self.catalogue.objectives[int(text)]
        except (KeyError, ValueError):
            self._report(
                sheet,
                row,
                column,
                _("Write a GCM objective number from %(first)d to %(last)d.")
                % {"first": 1, "last": len(self.catalogue.objectives)},
            )
            return None

    def _list(self, text: str) -> list[str]:
        return [item for item in SEPARATORS.split(text) if item]

    def _choice(self, sheet, row, column, text, choices, default="") -> str:
        value = text.lower() or default
        if value not in choices:
            self._report(sheet, row, column, _("Choose %(choices)s.") % {"choices": _or(choices)})
        return value

    # --- strategy actions -------------------------------------------------------------------

    def _action(self, row: int, text: dict, raw: dict) -> ActionPlan | None:
        sheet = ACTIONS_SHEET
        catalogue = self.catalogue
        before = len(self.outcome.problems)
        strategy = self._code(
            sheet, row, "strategy_code", text["strategy_code"], model=Strategy, field_name="code"
        )
        if strategy and strategy not in catalogue.strategies:
            self._report(
                sheet,
                row,
                "strategy_code",
                _("There is no strategy «%(code)s». The strategies are: %(codes)s.")
                % {"code": strategy, "codes": ", ".join(sorted(catalogue.strategies)) or "-"},
            )
        pillar_code = self._code(
            sheet, row, "pillar_code", text["pillar_code"], model=Pillar, field_name="code"
        )
        pillar_id = catalogue.pillars.get((strategy, pillar_code))
        if strategy in catalogue.strategies and pillar_code and pillar_id is None:
            self._report(
                sheet,
                row,
                "pillar_code",
                _("Strategy «%(strategy)s» has no pillar «%(code)s».")
                % {"strategy": strategy, "code": pillar_code},
            )
        code = self._code(
            sheet, row, "action_code", text["action_code"], model=StrategyAction, field_name="code"
        )
        values = {
            "pillar_id": pillar_id,
            "title_en": self._text(
                sheet,
                row,
                "title_en",
                text["title_en"],
                model=StrategyAction,
                field_name="title_en",
                required=True,
            ),
            "title_ar": self._text(
                sheet,
                row,
                "title_ar",
                text["title_ar"],
                model=StrategyAction,
                field_name="title_ar",
            ),
            "lead_organisation_id": self._organisation(
                row, "lead_organisation", text["lead_organisation"], required=True
            ),
            "starts_on": self._date(sheet, row, "starts_on", raw["starts_on"], text["starts_on"]),
            "ends_on": self._date(sheet, row, "ends_on", raw["ends_on"], text["ends_on"]),
            "status": self._choice(
                sheet,
                row,
                "status",
                text["status"],
                StrategyAction.Status.values,
                default=StrategyAction.Status.NOT_STARTED,
            ),
        }
        if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
            self._report(sheet, row, "ends_on", _("The end date is before the start date."))
        supporting = sorted(
            {
                pk
                for slug in self._list(text["supporting_organisations"])
                if (pk := self._organisation(row, "supporting_organisations", slug))
            }
        )
        objectives = sorted(
            {
                pk
                for number in self._list(text["objectives"])
                if (pk := self._objective(sheet, row, "objectives", number))
            }
        )
        existing = self._existing_action(row, strategy, pillar_code, code)
        if len(self.outcome.problems) > before:
            return None
        plan = ActionPlan(row, strategy, code, None, values, supporting, objectives)
        if existing is not None:
            plan.existing_id = existing.pk
            plan.columns = _action_changes(existing, plan)
            plan.change = "update" if plan.columns else "unchanged"
        return plan

    def _organisation(self, row, column, slug, *, required=False) -> int | None:
        slug = slug.lower()
        if not slug:
            if required:
                self._report(ACTIONS_SHEET, row, column, _("Fill this in."))
            return None
        pk = self.catalogue.organisations.get(slug)
        if pk is None:
            self._report(
                ACTIONS_SHEET,
                row,
                column,
                _("There is no organisation with the short name «%(slug)s».") % {"slug": slug},
            )
        return pk

    def _existing_action(self, row, strategy, pillar_code, code) -> StrategyAction | None:
        found = self.catalogue.actions_by_key.get((strategy, code), [])
        if len(found) > 1:
            # Two pillars of one strategy may use the same code: the pillar tells them apart.
            found = [a for a in found if a.pillar.code == pillar_code]
            if len(found) != 1:
                self._report(
                    ACTIONS_SHEET,
                    row,
                    "action_code",
                    _(
                        "Strategy «%(strategy)s» has several actions «%(code)s»; change this "
                        "one in the administration instead."
                    )
                    % {"strategy": strategy, "code": code},
                )
                return None
        return found[0] if found else None

    # --- indicators -------------------------------------------------------------------------

    def _action_references(self) -> dict[str, list[tuple[str, str]]]:
        """Action code -> the (strategy, code) pairs it could mean, in the portal or the file."""
        references = defaultdict(set)
        for strategy, code in self.catalogue.actions_by_key:
            references[code].add((strategy, code))
        for strategy, code in self.file_actions:
            references[code].add((strategy, code))
        return {code: sorted(pairs) for code, pairs in references.items()}

    def _indicator(self, row: int, text: dict, references) -> IndicatorPlan | None:
        sheet = INDICATORS_SHEET
        before = len(self.outcome.problems)
        code = self._code(sheet, row, "code", text["code"], model=Indicator, field_name="code")
        kind = self._choice(sheet, row, "kind", text["kind"], Indicator.Kind.values)
        values = {
            name: self._text(
                sheet,
                row,
                name,
                text[name],
                model=Indicator,
                # A baseline or target is read as text first: as long as its note may be.
                field_name={"baseline": "baseline_note", "target": "target_note"}.get(name, name),
                required=name == "name_en",
            )
            for name in ("name_en", "name_ar", "unit_en", "unit_ar", "baseline", "target")
        }
        values["kind"] = kind
        for name in ("baseline", "target"):
            if kind in Indicator.Kind.values:
                message = validate_indicator_value(kind, values[name])
                if message:
                    self._report(sheet, row, name, message)
                values[name], values[f"{name}_note"] = number_and_note(kind, values[name])
        values["baseline_year"] = self._year(sheet, row, "baseline_year", text["baseline_year"])
        values["target_year"] = self._year(sheet, row, "target_year", text["target_year"])
        values["sdg_indicator_id"] = None
        if text["sdg_code"]:
            values["sdg_indicator_id"] = self.catalogue.sdgs.get(text["sdg_code"])
            if values["sdg_indicator_id"] is None:
                self._report(
                    sheet,
                    row,
                    "sdg_code",
                    _("There is no SDG indicator «%(code)s».") % {"code": text["sdg_code"]},
                )
        values["objective_id"] = (
            self._objective(sheet, row, "objective", text["objective"])
            if text["objective"]
            else None
        )
        dimensions = []
        for dimension in self._list(text["disaggregations"].lower()):
            if dimension not in self.catalogue.dimensions:
                self._report(
                    sheet,
                    row,
                    "disaggregations",
                    _("Use any of %(choices)s, separated by commas.")
                    % {"choices": ", ".join(self.catalogue.dimensions)},
                )
                break
            if dimension not in dimensions:
                dimensions.append(dimension)
        values["disaggregations"] = dimensions
        action = self._action_reference(row, text["strategy_action"], references)
        if len(self.outcome.problems) > before:
            return None
        plan = IndicatorPlan(row, code, None, values, action)
        existing = self.catalogue.indicators.get(code)
        if existing is not None:
            plan.existing_id = existing.pk
            plan.columns = self._indicator_changes(existing, plan)
            plan.change = "update" if plan.columns else "unchanged"
        return plan

    def _action_reference(self, row, text: str, references) -> tuple[str, str] | None:
        if not text:
            return None
        if ":" in text:
            strategy, _colon, code = text.partition(":")
            found = [(strategy.strip(), code.strip())]
            if found[0] not in references.get(found[0][1], []):
                found = []
        else:
            found = references.get(text, [])
        if len(found) == 1 and len(self.catalogue.actions_by_key.get(found[0], [])) > 1:
            message = _(
                "Strategy «%(strategy)s» has several actions «%(code)s»; link this indicator "
                "in the administration instead."
            ) % {"strategy": found[0][0], "code": found[0][1]}
        elif len(found) == 1:
            return found[0]
        elif not found:
            message = _(
                "There is no strategy action «%(code)s», in the portal or in the sheet "
                "«%(sheet)s»."
            ) % {"code": text, "sheet": ACTIONS_SHEET}
        else:
            message = _(
                "Several strategies have an action «%(code)s»: write strategy_code:action_code, "
                "for example %(example)s."
            ) % {"code": text, "example": ":".join(found[0])}
        self._report(INDICATORS_SHEET, row, "strategy_action", message)
        return None

    def _indicator_changes(self, existing: Indicator, plan: IndicatorPlan) -> list[str]:
        columns = list(
            dict.fromkeys(
                column
                for column, name in INDICATOR_FIELDS
                if getattr(existing, name) != plan.values[name]
            )
        )
        current = None
        if existing.strategy_action_id:
            action = self.catalogue.actions[existing.strategy_action_id]
            current = (action.pillar.strategy.code, action.code)
        if current != plan.action:
            columns.append("strategy_action")
        return columns


# column, field of Indicator
INDICATOR_FIELDS = [
    ("name_en", "name_en"),
    ("name_ar", "name_ar"),
    ("unit_en", "unit_en"),
    ("unit_ar", "unit_ar"),
    ("kind", "kind"),
    ("sdg_code", "sdg_indicator_id"),
    ("objective", "objective_id"),
    ("disaggregations", "disaggregations"),
    ("baseline", "baseline"),
    ("baseline", "baseline_note"),
    ("baseline_year", "baseline_year"),
    ("target", "target"),
    ("target", "target_note"),
    ("target_year", "target_year"),
]
# column, field of StrategyAction
ACTION_FIELDS = [
    ("pillar_code", "pillar_id"),
    ("title_en", "title_en"),
    ("title_ar", "title_ar"),
    ("lead_organisation", "lead_organisation_id"),
    ("starts_on", "starts_on"),
    ("ends_on", "ends_on"),
    ("status", "status"),
]


def _action_changes(existing: StrategyAction, plan: ActionPlan) -> list[str]:
    columns = [
        column for column, name in ACTION_FIELDS if getattr(existing, name) != plan.values[name]
    ]
    if sorted(o.pk for o in existing.supporting_organisations.all()) != plan.supporting:
        columns.append("supporting_organisations")
    if sorted(o.pk for o in existing.objectives.all()) != plan.objectives:
        columns.append("objectives")
    return columns


def _column_order(problem: Problem) -> int:
    keys = [c.key for c in SHEET_COLUMNS.get(problem.sheet, [])]
    return keys.index(problem.column) if problem.column in keys else -1
