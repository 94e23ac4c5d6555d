"""What a submission says: its fields, their limits, and the frozen form of a revision."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OBJECTIVE, STRATEGY_ACTION, SECTION = "objective", "strategy_action", "section"


# Every free-text field has a size in characters as well as words: a single 2 MB "word"
# passes any word limit. Ten characters per allowed word is well above what Arabic or English
# prose needs (about six), so the character cap only ever stops what is not prose.
CHARACTERS_PER_WORD = 10
COMMENT_MAX_CHARS = 10_000
REASON_MAX_CHARS = 5_000


@dataclass(frozen=True)
class NarrativeField:
    name: str
    word_limit: int
    required_for: tuple[str, ...]
    help_text: object

    @property
    def char_limit(self) -> int:
        return self.word_limit * CHARACTERS_PER_WORD


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
NARRATIVES = {field.name: field for field in NARRATIVE_FIELDS}
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


def length_errors(values: dict) -> dict[str, str]:
    """Return {field: message} for narrative fields over their word or character limit."""
    errors = {}
    for field in NARRATIVE_FIELDS:
        text = values.get(field.name) or ""
        words = count_words(text)
        if words > field.word_limit:
            errors[field.name] = str(
                _("Keep this under %(limit)d words; it has %(count)d.")
                % {"limit": field.word_limit, "count": words}
            )
        elif len(text) > field.char_limit:
            errors[field.name] = too_long(field.char_limit, len(text))
    return errors


def too_long(limit: int, count: int) -> str:
    return str(
        _("Keep this under %(limit)d characters; it has %(count)d.")
        % {"limit": limit, "count": count}
    )


def completeness_errors(*, subject_kind: str, values: dict) -> dict[str, str]:
    """Return {field: message} for what must be filled in before submitting."""
    errors = {}
    for field in NARRATIVE_FIELDS:
        if subject_kind in field.required_for and not (values.get(field.name) or "").strip():
            errors[field.name] = str(_("Fill this in before submitting."))
    if subject_kind != SECTION and not values.get("implementation_status"):
        errors["implementation_status"] = str(_("Choose the implementation status."))
    return errors
