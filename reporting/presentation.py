"""Turn a frozen revision into what the review and reading pages show."""

from dataclasses import dataclass, field

from reporting import diff
from reporting.models import Submission
from reporting.snapshot import NARRATIVE_FIELDS, Labels, Snapshot


@dataclass
class NarrativeView:
    name: str
    label: str
    text: str
    change: diff.FieldChange | None
    comments: list = field(default_factory=list)
    earlier_comments: list = field(default_factory=list)  # on the previous round


@dataclass
class IndicatorValueView:
    code: str
    name: str
    value: str
    unit: str
    reference_date: str
    source: str
    breakdown: list[tuple[str, str]]


@dataclass
class RevisionView:
    language: str
    status: str
    narrative: list[NarrativeView]
    principles: list[str]
    gcm_actions: list[tuple[str, str]]  # (code, official text or its objective)
    linked_strategy_actions: list[str]
    indicator_values: list[IndicatorValueView]
    evidence: list[dict]
    added_principles: list[str]
    removed_principles: list[str]
    comments_by_field: dict
    earlier_by_field: dict = field(default_factory=dict)  # the previous round's comments


def revision_view(
    snapshot: Snapshot,
    previous: Snapshot | None = None,
    comments=(),
    show_changes: bool = False,
    earlier_comments=(),
) -> RevisionView:
    comments_by_field: dict[str, list] = {}
    for comment in comments:
        comments_by_field.setdefault(comment.field, []).append(comment)
    earlier_by_field: dict[str, list] = {}
    for comment in earlier_comments:
        earlier_by_field.setdefault(comment.field, []).append(comment)
    changes = diff.revision_changes(previous, snapshot) if show_changes else {}
    labels = Labels.load([snapshot])
    added, removed = diff.list_changes(previous, snapshot, "principles")
    statuses = dict(Submission.ImplementationStatus.choices)
    return RevisionView(
        language=snapshot.language,
        status=str(statuses.get(snapshot.implementation_status, "")),
        narrative=[
            NarrativeView(
                name=narrative.name,
                label=str(narrative.label),
                text=snapshot.narrative(narrative.name),
                change=changes.get(narrative.name),
                comments=comments_by_field.get(narrative.name, []),
                earlier_comments=earlier_by_field.get(narrative.name, []),
            )
            for narrative in NARRATIVE_FIELDS
        ],
        principles=[labels.principle(letter) for letter in snapshot.principles],
        gcm_actions=[(action.code, labels.gcm_action(action)) for action in snapshot.gcm_actions],
        linked_strategy_actions=[action.code for action in snapshot.linked_strategy_actions],
        indicator_values=[
            IndicatorValueView(
                code=reading.code,
                name=labels.indicator_name(reading),
                value=reading.value,
                unit=reading.unit,
                reference_date=reading.reference_date,
                source=reading.source,
                breakdown=labels.breakdown(reading),
            )
            for reading in snapshot.indicator_values
        ],
        evidence=[
            {"id": item.id, "name": item.name, "sha256": item.sha256, "size": item.size}
            for item in snapshot.evidence
        ],
        added_principles=[labels.principle(letter) for letter in added],
        removed_principles=[labels.principle(letter) for letter in removed],
        comments_by_field=comments_by_field,
        earlier_by_field=earlier_by_field,
    )
