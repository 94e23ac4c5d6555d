"""Turn a frozen revision into what the review and reading pages show."""

from dataclasses import dataclass, field

from gcm_portal.bilingual import pick
from reporting import diff, policy_domains
from reporting.models import Submission
from reporting.snapshot import NARRATIVE_FIELDS, Labels, Snapshot


@dataclass
class NarrativeView:
    name: str
    label: str
    text: str
    change: diff.FieldChange | None
    threads: list = field(default_factory=list)  # reviewer comments at this field


@dataclass
class IndicatorValueView:
    code: str
    name: str
    value: str
    unit: str
    reference_date: str
    source: str
    breakdown: list[tuple[str, str]]
    # Against the round before: "added", "changed" or "", and what it read then.
    status: str = ""
    changed_parts: tuple[str, ...] = ()
    before: dict | None = None


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
    threads_by_field: dict = field(default_factory=dict)
    # What the round before had and this one does not, or the other way round.
    added_gcm_actions: list[str] = field(default_factory=list)
    removed_gcm_actions: list[tuple[str, str]] = field(default_factory=list)
    added_strategy_actions: list[str] = field(default_factory=list)
    removed_strategy_actions: list[str] = field(default_factory=list)
    removed_indicators: list[IndicatorValueView] = field(default_factory=list)
    removed_evidence: list[dict] = field(default_factory=list)
    compared: bool = False
    policy_domains: list["PolicyDomainView"] = field(default_factory=list)  # SDG 10.7.2


def revision_view(
    snapshot: Snapshot,
    previous: Snapshot | None = None,
    threads=(),
    show_changes: bool = False,
) -> RevisionView:
    """What the pages show of a revision; with `show_changes`, marked against `previous` in
    every part (narratives, lists, indicator values, evidence), with the review conversation
    (`threads`) at the fields it is about."""
    threads_by_field: dict[str, list] = {}
    for thread in threads:
        threads_by_field.setdefault(thread.field, []).append(thread)
    previous = previous if show_changes else None
    changes = diff.revision_changes(previous, snapshot) if previous else {}
    labels = Labels.load([snapshot, previous] if previous else [snapshot])
    added, removed = diff.list_changes(previous, snapshot, "principles")
    added_gcm, removed_gcm = diff.list_changes(previous, snapshot, "gcm_actions")
    added_linked, removed_linked = diff.list_changes(previous, snapshot, "linked_strategy_actions")
    reading_changes, dropped = diff.reading_changes(previous, snapshot)
    evidence_before = previous.evidence_ids if previous else set()
    statuses = dict(Submission.ImplementationStatus.choices)

    def reading_view(reading, change: diff.ReadingChange | None = None) -> IndicatorValueView:
        before = change.before if change else None
        return IndicatorValueView(
            code=reading.code,
            name=labels.indicator_name(reading),
            value=reading.value,
            unit=reading.unit,
            reference_date=reading.reference_date,
            source=reading.source,
            breakdown=labels.breakdown(reading),
            status=change.status if change else "",
            changed_parts=change.changed_parts if change else (),
            before=(
                {
                    "value": before.value,
                    "unit": before.unit,
                    "reference_date": before.reference_date,
                    "source": before.source,
                    "breakdown": labels.breakdown(before),
                }
                if before is not None
                else None
            ),
        )

    return RevisionView(
        language=snapshot.language,
        status=str(statuses.get(snapshot.implementation_status, "")),
        narrative=[
            NarrativeView(
                name=narrative.name,
                label=str(narrative.label),
                text=snapshot.narrative(narrative.name),
                change=changes.get(narrative.name),
                threads=threads_by_field.get(narrative.name, []),
            )
            for narrative in NARRATIVE_FIELDS
        ],
        principles=[labels.principle(letter) for letter in snapshot.principles],
        gcm_actions=[(action.code, labels.gcm_action(action)) for action in snapshot.gcm_actions],
        linked_strategy_actions=[action.code for action in snapshot.linked_strategy_actions],
        indicator_values=[
            reading_view(reading, reading_changes.get(reading.code))
            for reading in snapshot.indicator_values
        ],
        evidence=[
            {
                "id": item.id,
                "name": item.name,
                "sha256": item.sha256,
                "size": item.size,
                "added": previous is not None and item.id not in evidence_before,
            }
            for item in snapshot.evidence
        ],
        added_principles=[labels.principle(letter) for letter in added],
        removed_principles=[labels.principle(letter) for letter in removed],
        threads_by_field=threads_by_field,
        added_gcm_actions=added_gcm,
        removed_gcm_actions=[
            (action.code, labels.gcm_action(action))
            for action in (previous.gcm_actions if previous else ())
            if action.code in removed_gcm
        ],
        added_strategy_actions=added_linked,
        removed_strategy_actions=removed_linked,
        removed_indicators=[reading_view(reading) for reading in dropped],
        removed_evidence=[
            {"name": item.name, "size": item.size}
            for item in (previous.evidence if previous else ())
            if item.id not in snapshot.evidence_ids
        ],
        compared=previous is not None,
        policy_domains=policy_domain_views(snapshot, previous),
    )


@dataclass
class PolicyAnswerView:
    code: str
    text: str
    answer: str  # the answer's label, "—" when unanswered
    before: str | None = None  # the answer's label the round before, when it changed


@dataclass
class PolicyDomainView:
    number: int
    title: str
    score: object  # policy_domains.DomainScore
    answers: list[PolicyAnswerView]
    note: str
    note_before: str | None = None
    changed: bool = False


def _answer_label(answer: str) -> str:
    return str(policy_domains.ANSWERS.get(answer, "—"))


def policy_domain_views(snapshot: Snapshot, previous: Snapshot | None) -> list[PolicyDomainView]:
    """The 10.7.2 questionnaire of a revision, marked against `previous` when given."""
    changes = diff.policy_changes(previous, snapshot)
    views = []
    for domain in snapshot.policy_domains:
        change = changes.get(domain.number)
        before = change.answers_before if change else {}
        views.append(
            PolicyDomainView(
                number=domain.number,
                title=domain.title,
                score=domain.score,
                answers=[
                    PolicyAnswerView(
                        code=item.code,
                        text=pick(item.text_en, item.text_ar),
                        answer=_answer_label(item.answer),
                        before=_answer_label(before[item.code]) if item.code in before else None,
                    )
                    for item in domain.answers
                ],
                note=domain.note,
                note_before=change.note_before if change else None,
                changed=bool(change and change.changed),
            )
        )
    return views
