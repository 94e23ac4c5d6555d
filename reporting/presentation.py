"""Turn a frozen revision into what the review and reading pages show."""

from dataclasses import dataclass, field

from objectives.disaggregation import category_label
from objectives.models import Indicator, Principle
from reporting import content, diff
from reporting.forms import FIELD_LABELS
from reporting.models import Submission


@dataclass
class NarrativeView:
    name: str
    label: str
    text: str
    change: diff.FieldChange | None
    comments: list = field(default_factory=list)


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
    gcm_actions: list[str]
    linked_strategy_actions: list[str]
    indicator_values: list[IndicatorValueView]
    evidence: list[dict]
    added_principles: list[str]
    removed_principles: list[str]
    comments_by_field: dict


def revision_view(
    snapshot: dict, previous: dict | None = None, comments=(), show_changes: bool = False
) -> RevisionView:
    comments_by_field: dict[str, list] = {}
    for comment in comments:
        comments_by_field.setdefault(comment.field, []).append(comment)
    changes = diff.revision_changes(previous, snapshot) if show_changes else {}
    principles = {p.letter: p.title for p in Principle.objects.all()}
    indicator_ids = [v["indicator_id"] for v in snapshot.get("indicator_values", [])]
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids)}
    added, removed = diff.list_changes(previous, snapshot, "principles")
    statuses = dict(Submission.ImplementationStatus.choices)
    return RevisionView(
        language=snapshot.get("language", "en"),
        status=str(statuses.get(snapshot.get("implementation_status", ""), "")),
        narrative=[
            NarrativeView(
                name=name,
                label=str(FIELD_LABELS[name]),
                text=snapshot.get(name, ""),
                change=changes.get(name),
                comments=comments_by_field.get(name, []),
            )
            for name in content.NARRATIVE_FIELD_NAMES
        ],
        principles=[principles.get(letter, letter) for letter in snapshot.get("principles", [])],
        gcm_actions=[a["code"] for a in snapshot.get("gcm_actions", [])],
        linked_strategy_actions=[a["code"] for a in snapshot.get("linked_strategy_actions", [])],
        indicator_values=[
            IndicatorValueView(
                code=v["code"],
                name=indicators[v["indicator_id"]].name if v["indicator_id"] in indicators else "",
                value=v["value"],
                unit=v["unit"],
                reference_date=v["reference_date"],
                source=v["source"],
                breakdown=[
                    (category_label(row["dimension"], row["category"]), row["value"])
                    for row in v["breakdown"]
                ],
            )
            for v in snapshot.get("indicator_values", [])
        ],
        evidence=snapshot.get("evidence", []),
        added_principles=[principles.get(x, x) for x in added],
        removed_principles=[principles.get(x, x) for x in removed],
        comments_by_field=comments_by_field,
    )
