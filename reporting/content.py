"""What a submission says: its fields, their limits, and the frozen form of a revision."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OBJECTIVE, STRATEGY_ACTION, SECTION = "objective", "strategy_action", "section"


@dataclass(frozen=True)
class NarrativeField:
    name: str
    word_limit: int
    required_for: tuple[str, ...]
    help_text: object


NARRATIVE_FIELDS = [
    NarrativeField(
        "progress",
        1500,
        (OBJECTIVE, STRATEGY_ACTION, SECTION),
        _("What has been done since the last review: laws, policies, programmes, results."),
    ),
    NarrativeField(
        "challenges", 800, (), _("What slowed progress, and what would help overcome it.")
    ),
    NarrativeField(
        "good_practices", 800, (), _("Practices that worked and could be shared or scaled up.")
    ),
    NarrativeField(
        "partnerships",
        600,
        (),
        _("Who you worked with: ministries, civil society, UN agencies, the private sector."),
    ),
    NarrativeField("next_steps", 600, (), _("What is planned until the next review.")),
]
NARRATIVE_FIELD_NAMES = [field.name for field in NARRATIVE_FIELDS]
# Fields a reviewer can comment on, besides the narrative ones.
OTHER_COMMENTABLE_FIELDS = [
    "implementation_status",
    "principles",
    "gcm_actions",
    "linked_strategy_actions",
    "indicator_values",
    "evidence",
]
COMMENTABLE_FIELDS = ["", *NARRATIVE_FIELD_NAMES, *OTHER_COMMENTABLE_FIELDS]

WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


def word_limit_errors(values: dict) -> dict[str, str]:
    """Return {field: message} for narrative fields over their word limit."""
    errors = {}
    for field in NARRATIVE_FIELDS:
        words = count_words(values.get(field.name, ""))
        if words > field.word_limit:
            errors[field.name] = str(
                _("Keep this under %(limit)d words; it has %(count)d.")
                % {"limit": field.word_limit, "count": words}
            )
    return errors


def completeness_errors(*, subject_kind: str, values: dict) -> dict[str, str]:
    """Return {field: message} for what must be filled in before submitting."""
    errors = {}
    for field in NARRATIVE_FIELDS:
        if subject_kind in field.required_for and not (values.get(field.name) or "").strip():
            errors[field.name] = str(_("Fill this in before submitting."))
    if subject_kind != SECTION and not values.get("implementation_status"):
        errors["implementation_status"] = str(_("Choose the implementation status."))
    return errors
