"""Writes of the catalogue reported against: the national strategy's actions and indicators,
the official Arabic text of the GCM's titles, and the official texts of its lettered actions.

The spreadsheet import is the strategy's writer today (reporting.spreadsheets.importing checks
a file, then applies its plan through these); the admin writes the rest.
"""

import csv
import io

from django.db import transaction
from django.utils.translation import gettext as _

from objectives.models import (
    Action,
    ArabicTextStatus,
    Indicator,
    Objective,
    Principle,
    StakeholderType,
    StrategyAction,
    number_and_note,
)


@transaction.atomic
def strategy_action_save(
    *,
    action_id: int | None,
    code: str,
    values: dict,
    supporting_organisation_ids: list[int],
    objective_ids: list[int],
) -> StrategyAction:
    """Create the strategy action (no id) or replace its fields, supporters and objectives."""
    if action_id:
        action = StrategyAction.objects.get(pk=action_id)
        for name, value in values.items():
            setattr(action, name, value)
        action.save()
    else:
        action = StrategyAction.objects.create(code=code, **values)
    action.supporting_organisations.set(supporting_organisation_ids)
    action.objectives.set(objective_ids)
    return action


@transaction.atomic
def indicator_save(*, indicator_id: int | None, code: str, values: dict) -> None:
    """Create the indicator (no id) or replace its fields. `objective_id` and
    `sdg_indicator_id` (one each, as a spreadsheet row names them) replace its objectives and
    SDG indicators; a baseline or target given as text is split into its number and note."""
    values = dict(values)
    links = {
        name: values.pop(name) for name in ("objective_id", "sdg_indicator_id") if name in values
    }
    for name in ("baseline", "target"):
        if isinstance(values.get(name), str):
            values[name], values[f"{name}_note"] = number_and_note(
                values.get("kind", ""), values[name]
            )
    if indicator_id:
        Indicator.objects.filter(pk=indicator_id).update(**values)
        indicator = Indicator.objects.get(pk=indicator_id)
    else:
        indicator = Indicator.objects.create(code=code, **values)
    if "objective_id" in links:
        indicator.objectives.set([links["objective_id"]] if links["objective_id"] else [])
    if "sdg_indicator_id" in links:
        indicator.sdg_indicators.set(
            [links["sdg_indicator_id"]] if links["sdg_indicator_id"] else []
        )


class OfficialTextRefused(ValueError):
    """The file of official Arabic titles cannot be loaded: one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def official_arabic_load(data: dict) -> dict[str, int]:
    """Load official Arabic titles from a file in the format of objectives/data/
    gcm_framework_ar.json ("objectives": {number: {"title_ar", "short_label_ar"}},
    "guiding_principles": {letter: {"title_ar"}}, "stakeholder_types_para_44": {code: title}),
    marking each one loaded official. A file may hold some sections or some entries only; any
    unknown key or empty title refuses the whole file. Returns how many of each were loaded."""
    if not isinstance(data, dict):
        raise OfficialTextRefused(["The file is not a JSON object."])
    problems: list[str] = []
    known = {"note", "objectives", "guiding_principles", "stakeholder_types_para_44"}
    problems += [f"Unknown section {name!r}." for name in sorted(set(data) - known)]
    objectives = {str(o.number): o for o in Objective.objects.all()}
    principles = {p.letter: p for p in Principle.objects.all()}
    types = {t.code: t for t in StakeholderType.objects.all()}
    updates = []

    def title(value, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: the Arabic title is empty.")
            return ""
        return value.strip()

    for number, entry in (data.get("objectives") or {}).items():
        objective = objectives.get(str(number))
        if objective is None or not isinstance(entry, dict):
            problems.append(f"Objective {number!r} is not one of the 23 objectives.")
            continue
        objective.title_ar = title(entry.get("title_ar"), f"Objective {number}")
        if "short_label_ar" in entry:
            objective.short_label_ar = title(entry["short_label_ar"], f"Objective {number}")
        updates.append(objective)
    for letter, entry in (data.get("guiding_principles") or {}).items():
        principle = principles.get(letter)
        if principle is None or not isinstance(entry, dict):
            problems.append(f"Guiding principle {letter!r} is not one of the 10 principles.")
            continue
        principle.title_ar = title(entry.get("title_ar"), f"Guiding principle {letter}")
        updates.append(principle)
    for code, value in (data.get("stakeholder_types_para_44") or {}).items():
        kind = types.get(code)
        if kind is None:
            problems.append(f"Stakeholder type {code!r} is not in GCM paragraph 44.")
            continue
        kind.title_ar = title(value, f"Stakeholder type {code}")
        updates.append(kind)
    if problems:
        raise OfficialTextRefused(problems)
    with transaction.atomic():
        for item in updates:
            item.arabic_status = ArabicTextStatus.OFFICIAL
            item.save()
    counts = {"objectives": 0, "guiding principles": 0, "stakeholder types": 0}
    for item in updates:
        counts[
            {Objective: "objectives", Principle: "guiding principles"}.get(
                type(item), "stakeholder types"
            )
        ] += 1
    return counts


ACTION_TEXT_COLUMNS = ["number", "letter", "text_en", "text_ar"]
ACTION_TEXT_MAX_CHARS = 5000


class ActionTextsRefused(ValueError):
    """The file of GCM action texts cannot be loaded: one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def action_texts_read(content: bytes) -> list[dict]:
    """The rows of a UTF-8 CSV file with the columns number, letter, text_en, text_ar."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ActionTextsRefused([_("The file is not UTF-8 text.")]) from error
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ACTION_TEXT_COLUMNS:
        raise ActionTextsRefused(
            [
                _("The first line must name the columns %(columns)s.")
                % {"columns": ", ".join(ACTION_TEXT_COLUMNS)}
            ]
        )
    try:
        return list(reader)
    except csv.Error as error:
        message = _("The file is not valid CSV: %(error)s") % {"error": error}
        raise ActionTextsRefused([message]) from error


def action_texts_load(rows: list[dict]) -> int:
    """Load the official English and Arabic texts of the GCM's lettered actions (A/RES/73/195,
    paragraphs 17-39), all or nothing. An empty Arabic text leaves the Arabic as it is. Returns
    how many actions were loaded."""
    actions = {
        (str(a.objective.number), a.letter): a for a in Action.objects.select_related("objective")
    }
    problems, seen, updates = [], set(), []
    for line, row in enumerate(rows, start=2):
        key = ((row.get("number") or "").strip(), (row.get("letter") or "").strip().lower())
        action = actions.get(key)
        where = {"line": line, "code": f"{key[0]}({key[1]})"}
        if action is None:
            problems.append(_("Line %(line)d: %(code)s is not a GCM action.") % where)
            continue
        if key in seen:
            problems.append(_("Line %(line)d: %(code)s is in the file twice.") % where)
            continue
        seen.add(key)
        text_en = (row.get("text_en") or "").strip()
        text_ar = (row.get("text_ar") or "").strip()
        if not text_en:
            problems.append(_("Line %(line)d: the English text of %(code)s is empty.") % where)
        if max(len(text_en), len(text_ar)) > ACTION_TEXT_MAX_CHARS:
            problems.append(
                _("Line %(line)d: a text of %(code)s is longer than %(limit)d characters.")
                % {**where, "limit": ACTION_TEXT_MAX_CHARS}
            )
        action.text_en = text_en
        if text_ar:
            action.text_ar = text_ar
        updates.append(action)
    if not rows:
        problems.append(_("The file holds no action."))
    if problems:
        raise ActionTextsRefused(problems)
    with transaction.atomic():
        for action in updates:
            action.save(update_fields=["text_en", "text_ar"])
    return len(updates)
