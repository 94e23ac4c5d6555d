"""Writes of the catalogue reported against: the national strategy's actions and indicators,
and the official Arabic text of the GCM's titles.

The spreadsheet import is the strategy's writer today (reporting.spreadsheets.importing checks
a file, then applies its plan through these); the admin writes the rest.
"""

from django.db import transaction

from objectives.models import (
    ArabicTextStatus,
    Indicator,
    Objective,
    Principle,
    StakeholderType,
    StrategyAction,
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


def indicator_save(*, indicator_id: int | None, code: str, values: dict) -> None:
    """Create the indicator (no id) or replace its fields."""
    if indicator_id:
        Indicator.objects.filter(pk=indicator_id).update(**values)
    else:
        Indicator.objects.create(code=code, **values)


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
