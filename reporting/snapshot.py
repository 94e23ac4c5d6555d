"""What a submission says, and the one definition of what a revision contains.

A revision is frozen at submit as JSON (`Revision.content`). This module owns its shape and
version, reads every version ever written, writes the current one, loads the display labels a
reader needs, and declares the narrative fields: their names, labels, help, word and
character limits. The form, the API, the review pages, the diff, the compiled report and the
spreadsheet export all take the fields and the content from here; adding a narrative field is
one entry in NARRATIVE_FIELDS, a migration (the draft's column) and its translations.

Versions:
- 1 (no "version" key): codes only for linked actions and indicators. Readers take names,
  units, baselines and targets from today's catalogue.
- 2: a "version" key; the subject, linked strategy actions and indicator values carry the
  names, units, baselines and targets as they stood at submit, so a report compiled from the
  revision states what was approved, whatever the catalogue says since.
- 3: indicator values also carry the period they are for (a year, or start and end dates),
  and the indicator's direction and framework as at submit. Baselines and targets stay text
  ("12000", or a note such as "no"): the catalogue's numbers as plain digits, so readers of
  every version parse them the same way (objectives.models.number_and_note).

Narrative texts sit at the top level under their field names in both, as in the draft API.

Optional in version 2 (older revisions simply lack it): "policy_domains", the SDG 10.7.2
questionnaire of its report section (reporting/policy_domains.py): per domain its number and
titles, each sub-category's code, texts and answer, and the note, as they stood at submit.
Written only when the submission has answers, so no other revision's content changes.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from gcm_portal.bilingual import pick
from objectives.disaggregation import Breakdowns
from reporting.policy_domains import asks_policy_domains, domain_score

VERSION = 3
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
    label: object
    word_limit: int
    required_for: tuple[str, ...]
    help_text: object

    @property
    def char_limit(self) -> int:
        return self.word_limit * CHARACTERS_PER_WORD


NARRATIVE_FIELDS = [
    NarrativeField(
        "progress",
        _("Progress made"),
        1500,
        (OBJECTIVE, STRATEGY_ACTION, SECTION),
        _("What has been done since the last review: laws, policies, programmes, results."),
    ),
    NarrativeField(
        "challenges",
        _("Challenges"),
        800,
        (),
        _("What slowed progress, and what would help overcome it."),
    ),
    NarrativeField(
        "good_practices",
        _("Good practices and lessons learned"),
        800,
        (),
        _("Practices that worked and could be shared or scaled up."),
    ),
    NarrativeField(
        "partnerships",
        _("Partnerships and whole-of-society engagement"),
        600,
        (),
        _("Who you worked with: ministries, civil society, UN agencies, the private sector."),
    ),
    NarrativeField(
        "next_steps", _("Next steps"), 600, (), _("What is planned until the next review.")
    ),
]
NARRATIVE_FIELD_NAMES = [narrative.name for narrative in NARRATIVE_FIELDS]
NARRATIVES = {narrative.name: narrative for narrative in NARRATIVE_FIELDS}

# Every part of a submission a reviewer can comment on ("" is the whole submission), with the
# label the pages show.
FIELD_LABELS = {
    "": _("The whole submission"),
    **{narrative.name: narrative.label for narrative in NARRATIVE_FIELDS},
    "implementation_status": _("Implementation status"),
    "principles": _("Guiding principles applied"),
    "gcm_actions": _("GCM actions addressed"),
    "linked_strategy_actions": _("Linked strategy actions"),
    "indicator_values": _("Indicator values"),
    "evidence": _("Evidence"),
}
COMMENTABLE_FIELDS = list(FIELD_LABELS)

WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


def too_long(limit: int, count: int) -> str:
    return str(
        _("Keep this under %(limit)d characters; it has %(count)d.")
        % {"limit": limit, "count": count}
    )


def max_chars(limit: int) -> MaxLengthValidator:
    """A form validator with the same words as the services' refusal."""
    return MaxLengthValidator(
        limit, message=_("Keep this under %(limit_value)d characters; it has %(show_value)d.")
    )


def length_errors(narratives: dict) -> dict[str, str]:
    """Return {field: message} for narrative fields over their word or character limit."""
    errors = {}
    for narrative in NARRATIVE_FIELDS:
        text = narratives.get(narrative.name) or ""
        words = count_words(text)
        if words > narrative.word_limit:
            errors[narrative.name] = str(
                _("Keep this under %(limit)d words; it has %(count)d.")
                % {"limit": narrative.word_limit, "count": words}
            )
        elif len(text) > narrative.char_limit:
            errors[narrative.name] = too_long(narrative.char_limit, len(text))
    return errors


def completeness_errors(*, subject_kind: str, snapshot: "Snapshot") -> dict[str, str]:
    """Return {field: message} for what must be filled in before submitting."""
    errors = {}
    for narrative in NARRATIVE_FIELDS:
        if (
            subject_kind in narrative.required_for
            and not snapshot.narrative(narrative.name).strip()
        ):
            errors[narrative.name] = str(_("Fill this in before submitting."))
    if subject_kind != SECTION and not snapshot.implementation_status:
        errors["implementation_status"] = str(_("Choose the implementation status."))
    errors.update(policy_completeness_errors(snapshot.policy_domains))
    return errors


def policy_field_name(code: str) -> str:
    """The form's and the errors' name of a 10.7.2 sub-category's answer ("policy_1_1")."""
    return "policy_" + code.replace(".", "_")


def policy_completeness_errors(domains: Iterable["PolicyDomainReading"]) -> dict[str, str]:
    """Every sub-category of the 10.7.2 questionnaire needs an answer ("not known" is one):
    one message per domain, at its first unanswered sub-category."""
    errors = {}
    for domain in domains:
        missing = [item for item in domain.answers if not item.answer]
        if missing:
            errors[policy_field_name(missing[0].code)] = str(
                _(
                    "Answer every sub-category of domain %(number)d before submitting "
                    "(%(answered)d of %(total)d answered); choose “Not known” where you "
                    "cannot say."
                )
                % {
                    "number": domain.number,
                    "answered": len(domain.answers) - len(missing),
                    "total": len(domain.answers),
                }
            )
    return errors


# --- the frozen content -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A GCM action or a strategy action the submission names; names as at submit (v2)."""

    id: int
    code: str
    title_en: str | None = None
    title_ar: str | None = None


@dataclass(frozen=True)
class BreakdownRow:
    dimension: str
    category: str
    value: str


@dataclass(frozen=True)
class IndicatorReading:
    """One indicator value as reported. The catalogue's facts (name, default unit, SDG code,
    baseline, target) as they stood at submit; None where the revision predates version 2."""

    indicator_id: int
    code: str
    value: str
    unit: str
    reference_date: str
    source: str
    breakdown: tuple[BreakdownRow, ...] = ()
    name_en: str | None = None
    name_ar: str | None = None
    kind: str | None = None
    default_unit_en: str | None = None
    default_unit_ar: str | None = None
    sdg_code: str | None = None
    baseline: str | None = None
    baseline_year: int | None = None
    target: str | None = None
    target_year: int | None = None
    # version 3
    direction: str | None = None
    framework: str | None = None
    period_year: int | None = None
    period_start: str | None = None  # ISO date
    period_end: str | None = None


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Subject:
    """What the submission reports on, as it stood at submit (v2): kind and code always;
    titles, a strategy action's lead and objectives when known."""

    kind: str
    code: str
    title_en: str = ""
    title_ar: str = ""
    lead_en: str = ""
    lead_ar: str = ""
    objectives: tuple[int, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    version: int
    language: str
    implementation_status: str
    narratives: dict[str, str]
    principles: tuple[str, ...] = ()
    gcm_actions: tuple[Reference, ...] = ()
    linked_strategy_actions: tuple[Reference, ...] = ()
    indicator_values: tuple[IndicatorReading, ...] = ()
    evidence: tuple[EvidenceFile, ...] = ()
    subject: Subject | None = None  # None before version 2
    policy_domains: tuple["PolicyDomainReading", ...] = ()  # SDG 10.7.2 questionnaire

    def narrative(self, name: str) -> str:
        return self.narratives.get(name, "")

    @property
    def evidence_ids(self) -> set[int]:
        return {item.id for item in self.evidence}

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "language": self.language,
            "implementation_status": self.implementation_status,
            **{name: self.narrative(name) for name in NARRATIVE_FIELD_NAMES},
            "subject": _plain(self.subject) if self.subject else None,
            "principles": list(self.principles),
            "gcm_actions": [_plain(item) for item in self.gcm_actions],
            "linked_strategy_actions": [_plain(item) for item in self.linked_strategy_actions],
            "indicator_values": [_plain(item) for item in self.indicator_values],
            "evidence": [_plain(item) for item in self.evidence],
            **(
                {"policy_domains": [_plain(item) for item in self.policy_domains]}
                if self.policy_domains
                else {}
            ),
        }


def _plain(item) -> dict:
    """A frozen dataclass as JSON, leaving out what is None (unknown)."""
    values = {}
    for name in item.__dataclass_fields__:
        value = getattr(item, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            value = [_plain(row) if hasattr(row, "__dataclass_fields__") else row for row in value]
        values[name] = value
    return values


def load(content: dict) -> Snapshot:
    """Read a revision's content, whatever version wrote it."""
    version = content.get("version", 1)
    if version > VERSION:
        raise ValueError(f"revision content version {version} is newer than {VERSION}")
    narratives = {name: content.get(name, "") or "" for name in NARRATIVE_FIELD_NAMES}
    subject = content.get("subject")
    return Snapshot(
        version=version,
        language=content.get("language", "en"),
        implementation_status=content.get("implementation_status", "") or "",
        narratives=narratives,
        principles=tuple(content.get("principles", [])),
        gcm_actions=tuple(_reference(item) for item in content.get("gcm_actions", [])),
        linked_strategy_actions=tuple(
            _reference(item) for item in content.get("linked_strategy_actions", [])
        ),
        indicator_values=tuple(_reading(item) for item in content.get("indicator_values", [])),
        evidence=tuple(
            EvidenceFile(item["id"], item["name"], item.get("sha256", ""), item.get("size", 0))
            for item in content.get("evidence", [])
        ),
        subject=Subject(**{**subject, "objectives": tuple(subject.get("objectives", ()))})
        if subject
        else None,
        policy_domains=tuple(_policy_domain(item) for item in content.get("policy_domains", [])),
    )


def _reference(item: dict) -> Reference:
    return Reference(
        id=item["id"],
        code=item["code"],
        title_en=item.get("title_en"),
        title_ar=item.get("title_ar"),
    )


def _reading(item: dict) -> IndicatorReading:
    known = {name: item.get(name) for name in IndicatorReading.__dataclass_fields__}
    known["breakdown"] = tuple(
        BreakdownRow(row["dimension"], row["category"], str(row.get("value", "")))
        for row in item.get("breakdown", [])
    )
    for name in ("value", "unit", "reference_date", "source"):
        known[name] = known[name] or ""
    return IndicatorReading(**known)


def snapshot_of(submission) -> Snapshot:
    """Freeze the submission's working draft as the current version."""
    values = (
        submission.indicator_values.select_related("indicator")
        .prefetch_related("indicator__sdg_indicators")
        .order_by("indicator__code")
    )
    return Snapshot(
        version=VERSION,
        language=submission.language,
        implementation_status=submission.implementation_status,
        narratives={name: getattr(submission, name) for name in NARRATIVE_FIELD_NAMES},
        subject=_subject_of(submission),
        principles=tuple(sorted(submission.principles.values_list("letter", flat=True))),
        gcm_actions=tuple(
            Reference(action.pk, f"{action.objective.number}({action.letter})")
            for action in submission.gcm_actions.select_related("objective").order_by(
                "objective__number", "letter"
            )
        ),
        linked_strategy_actions=tuple(
            Reference(action.pk, action.code, action.title_en, action.title_ar)
            for action in submission.linked_strategy_actions.order_by("code")
        ),
        indicator_values=tuple(_reading_of(value) for value in values),
        evidence=tuple(
            EvidenceFile(item.pk, item.original_name, item.sha256, item.size)
            for item in submission.evidence.filter(removed_at__isnull=True)
        ),
        policy_domains=_policy_domains_of(submission),
    )


def _subject_of(submission) -> Subject:
    if submission.objective_id:
        objective = submission.objective
        return Subject(
            OBJECTIVE,
            str(objective.number),
            objective.title_en,
            objective.title_ar,
            objectives=(objective.number,),
        )
    if submission.strategy_action_id:
        action = submission.strategy_action
        lead = action.lead_organisation
        return Subject(
            STRATEGY_ACTION,
            action.code,
            action.title_en,
            action.title_ar,
            lead.name_en,
            lead.name_ar,
            tuple(sorted(action.objectives.values_list("number", flat=True))),
        )
    section = submission.section
    return Subject(SECTION, section.code, section.title_en, section.title_ar)


def _reading_of(value) -> IndicatorReading:
    indicator = value.indicator
    return IndicatorReading(
        indicator_id=indicator.pk,
        code=indicator.code,
        value=value.value,
        unit=value.unit,
        reference_date=value.reference_date.isoformat() if value.reference_date else "",
        source=value.source,
        breakdown=tuple(
            BreakdownRow(row["dimension"], row["category"], str(row["value"]))
            for row in value.breakdown
        ),
        name_en=indicator.name_en,
        name_ar=indicator.name_ar,
        kind=indicator.kind,
        default_unit_en=indicator.unit_en,
        default_unit_ar=indicator.unit_ar,
        sdg_code=indicator.sdg_codes,
        baseline=indicator.baseline_display,
        baseline_year=indicator.baseline_year,
        target=indicator.target_display,
        target_year=indicator.target_year,
        direction=indicator.direction,
        framework=indicator.framework,
        period_year=value.period_year,
        period_start=value.period_start.isoformat() if value.period_start else None,
        period_end=value.period_end.isoformat() if value.period_end else None,
    )


# --- the SDG 10.7.2 questionnaire (reporting/policy_domains.py) ------------------------------


@dataclass(frozen=True)
class PolicyAnswer:
    """A sub-category of a 10.7.2 policy domain, its texts as at submit, and its answer."""

    code: str
    text_en: str
    text_ar: str
    answer: str  # "yes", "no", "not_known", or "" when left unanswered


@dataclass(frozen=True)
class PolicyDomainReading:
    number: int
    title_en: str
    title_ar: str
    answers: tuple[PolicyAnswer, ...] = ()
    note: str = ""

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def score(self):
        return domain_score([item.answer for item in self.answers], total=len(self.answers) or 5)

    def answer(self, code: str) -> str:
        return next((item.answer for item in self.answers if item.code == code), "")


def _policy_domain(item: dict) -> PolicyDomainReading:
    return PolicyDomainReading(
        number=item["number"],
        title_en=item.get("title_en", ""),
        title_ar=item.get("title_ar", ""),
        answers=tuple(
            PolicyAnswer(
                row["code"], row.get("text_en", ""), row.get("text_ar", ""), row.get("answer", "")
            )
            for row in item.get("answers", [])
        ),
        note=item.get("note", ""),
    )


def _policy_domains_of(submission) -> tuple[PolicyDomainReading, ...]:
    """Every domain with the draft's answers, when the submission asks the questionnaire."""
    if submission.subject_kind != SECTION or not asks_policy_domains(submission):
        return ()
    from objectives.models import PolicyDomain

    saved = {row.domain_id: row for row in submission.policy_answers.all()}
    readings = []
    for domain in PolicyDomain.objects.prefetch_related("subcategories"):
        row = saved.get(domain.pk)
        answers = row.answers if row else {}
        readings.append(
            PolicyDomainReading(
                number=domain.number,
                title_en=domain.title_en,
                title_ar=domain.title_ar,
                answers=tuple(
                    PolicyAnswer(sub.code, sub.title_en, sub.title_ar, answers.get(sub.code, ""))
                    for sub in domain.subcategories.all()
                ),
                note=row.note if row else "",
            )
        )
    return tuple(readings)


# --- what readers show ------------------------------------------------------------------------


@dataclass
class Labels:
    """The display labels for a set of snapshots, in the active language: principle titles,
    and what older revisions do not carry (indicator names, units, baselines, targets,
    strategy action titles) from today's catalogue. Load once per page or report:
    `Labels.load(snapshots)` makes at most three queries."""

    principles: dict[str, str] = field(default_factory=dict)
    indicators: dict[int, object] = field(default_factory=dict)
    strategy_actions: dict[int, object] = field(default_factory=dict)
    gcm_actions: dict[int, object] = field(default_factory=dict)  # for their official text
    breakdowns: Breakdowns | None = None  # loaded at the first breakdown shown

    @classmethod
    def load(cls, snapshots: Iterable[Snapshot]) -> "Labels":
        from objectives.models import Action, Indicator, Principle, StrategyAction

        snapshots = list(snapshots)
        old_indicators = {
            reading.indicator_id
            for snapshot in snapshots
            for reading in snapshot.indicator_values
            if reading.name_en is None
        }
        old_actions = {
            reference.id
            for snapshot in snapshots
            for reference in snapshot.linked_strategy_actions
            if reference.title_en is None
        }
        labels = cls(principles={p.letter: p.title for p in Principle.objects.all()})
        if old_indicators:
            labels.indicators = {
                i.pk: i
                for i in Indicator.objects.filter(pk__in=old_indicators).prefetch_related(
                    "sdg_indicators"
                )
            }
        if old_actions:
            labels.strategy_actions = {
                a.pk: a for a in StrategyAction.objects.filter(pk__in=old_actions)
            }
        gcm_actions = {r.id for snapshot in snapshots for r in snapshot.gcm_actions}
        if gcm_actions:
            labels.gcm_actions = {
                a.pk: a
                for a in Action.objects.filter(pk__in=gcm_actions).select_related("objective")
            }
        return labels

    @classmethod
    def load_all(cls) -> "Labels":
        """Labels for any revision at all, for readers that stream many (three queries)."""
        from objectives.models import Indicator, Principle, StrategyAction

        return cls(
            principles={p.letter: p.title for p in Principle.objects.all()},
            indicators={i.pk: i for i in Indicator.objects.prefetch_related("sdg_indicators")},
            strategy_actions={a.pk: a for a in StrategyAction.objects.all()},
        )

    def principle(self, letter: str) -> str:
        return self.principles.get(letter, letter)

    def gcm_action(self, reference: Reference) -> str:
        """A GCM action's official text, or its objective until the text is loaded."""
        action = self.gcm_actions.get(reference.id)
        return action.described if action else ""

    @staticmethod
    def subject(snapshot: Snapshot, submission) -> tuple[str, str]:
        """The subject's code and title as at submit; today's for revisions before version 2."""
        if snapshot.subject is not None:
            return snapshot.subject.code, pick(
                snapshot.subject.title_en, snapshot.subject.title_ar
            )
        subject = submission.subject
        if submission.objective_id:
            return str(subject.number), subject.title
        return subject.code, subject.title

    def strategy_action_title(self, reference: Reference) -> str:
        if reference.title_en is not None:
            return pick(reference.title_en, reference.title_ar or "")
        action = self.strategy_actions.get(reference.id)
        return action.title if action else ""

    def _catalogue(self, reading: IndicatorReading):
        return self.indicators.get(reading.indicator_id)

    def indicator_name(self, reading: IndicatorReading) -> str:
        if reading.name_en is not None:
            return pick(reading.name_en, reading.name_ar or "")
        indicator = self._catalogue(reading)
        return indicator.name if indicator else ""

    def indicator_unit(self, reading: IndicatorReading) -> str:
        """The unit given with the value, or else the indicator's."""
        if reading.unit:
            return reading.unit
        if reading.default_unit_en is not None:
            return pick(reading.default_unit_en, reading.default_unit_ar or "")
        indicator = self._catalogue(reading)
        return indicator.unit if indicator else ""

    def indicator_facts(self, reading: IndicatorReading) -> dict:
        """SDG code, baseline and target (with years) as at submit, or today's for old ones."""
        if reading.name_en is not None:
            source = reading
            sdg_code = reading.sdg_code or ""
        else:
            source = self._catalogue(reading)
            if source is None:
                return {
                    "sdg_code": "",
                    "baseline": "",
                    "baseline_year": None,
                    "target": "",
                    "target_year": None,
                }
            sdg_code = source.sdg_codes
            return {
                "sdg_code": sdg_code,
                "baseline": source.baseline_display,
                "baseline_year": source.baseline_year,
                "target": source.target_display,
                "target_year": source.target_year,
            }
        return {
            "sdg_code": sdg_code,
            "baseline": source.baseline or "",
            "baseline_year": source.baseline_year,
            "target": source.target or "",
            "target_year": source.target_year,
        }

    def indicator_direction(self, reading: IndicatorReading) -> str:
        """The direction as at submit (version 3), or today's for older revisions."""
        if reading.direction is not None:
            return reading.direction
        indicator = self._catalogue(reading)
        if indicator is None:
            from objectives.models import Indicator

            indicator = Indicator.objects.filter(pk=reading.indicator_id).first()
        return indicator.direction if indicator else "higher"

    def breakdown(self, reading: IndicatorReading) -> list[tuple[str, str]]:
        if not reading.breakdown:
            return []
        if self.breakdowns is None:
            self.breakdowns = Breakdowns()
        return [
            (self.breakdowns.category_label(row.dimension, row.category), row.value)
            for row in reading.breakdown
        ]
