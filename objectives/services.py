"""Writes of the catalogue reported against: the national strategy's actions and indicators.

The spreadsheet import is their writer today (reporting.spreadsheets.importing checks a file,
then applies its plan through these); the admin writes the rest.
"""

from django.db import transaction

from objectives.models import Indicator, StrategyAction


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
