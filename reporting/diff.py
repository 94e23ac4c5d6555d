"""What changed between two revisions, for the review screen: narratives by sentence and
word, lists item by item, indicator values field by field."""

import difflib
import re
from dataclasses import dataclass

from reporting.snapshot import NARRATIVE_FIELD_NAMES, IndicatorReading, Snapshot

# Sentences end at . ! ? or the Arabic question mark, or at a line break.
SENTENCE = re.compile(r"[^.!?؟\n]*(?:[.!?؟]+[\"'”»)]*|\n+|$)[^\S\n]*")
# Words, runs of punctuation and runs of space, so "short;" and "short" share their word.
TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
# Below this share of words in common, a changed sentence reads better shown whole, removed
# then added, than as a patchwork of words.
REWRITTEN_BELOW = 0.5
# An unchanged run this short between two changes is shown inside the change.
TRIVIAL_RUN = 3


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class FieldChange:
    name: str
    changed: bool
    segments: list[Segment]


def sentences(text: str) -> list[str]:
    return [piece for piece in SENTENCE.findall(text or "") if piece]


def text_segments(before: str, after: str) -> list[Segment]:
    """The new text as unchanged, added and removed runs: sentences first, then, inside a
    sentence that was edited rather than rewritten, words."""
    old, new = sentences(before), sentences(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(new[b1:b2])))
        elif op == "delete":
            segments.append(Segment("removed", "".join(old[a1:a2])))
        elif op == "insert":
            segments.append(Segment("added", "".join(new[b1:b2])))
        elif a2 - a1 == b2 - b1:
            for was, now in zip(old[a1:a2], new[b1:b2], strict=True):
                segments.extend(_sentence_segments(was, now))
        else:
            segments.extend(_sentence_segments("".join(old[a1:a2]), "".join(new[b1:b2])))
    return _merged(segments)


def _sentence_segments(before: str, after: str) -> list[Segment]:
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < REWRITTEN_BELOW:
        return [Segment("removed", before), Segment("added", after)]
    # [kind, old text, new text], with short unchanged runs between changes folded in.
    runs: list[list] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        kind = "same" if op == "equal" else "changed"
        text_old, text_new = "".join(old[a1:a2]), "".join(new[b1:b2])
        if runs and runs[-1][0] == kind == "changed":
            runs[-1][1] += text_old
            runs[-1][2] += text_new
        else:
            runs.append([kind, text_old, text_new])
    folded: list[list] = []
    for index, run in enumerate(runs):
        after_change = bool(folded) and folded[-1][0] == "changed"
        before_change = index < len(runs) - 1 and runs[index + 1][0] == "changed"
        trivial = run[0] == "same" and len(run[2].strip()) <= TRIVIAL_RUN
        if after_change and (run[0] == "changed" or (trivial and before_change)):
            folded[-1][1] += run[1]
            folded[-1][2] += run[2]
        else:
            folded.append(list(run))
    segments = []
    for kind, text_old, text_new in folded:
        if kind == "same":
            segments.append(Segment("same", text_new))
            continue
        if text_old:
            segments.append(Segment("removed", text_old))
        if text_new:
            segments.append(Segment("added", text_new))
    return segments


def _merged(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def revision_changes(previous: Snapshot | None, current: Snapshot) -> dict[str, FieldChange]:
    """Return per narrative field the segments of the current text against the previous one."""
    changes = {}
    for name in NARRATIVE_FIELD_NAMES:
        now = current.narrative(name)
        if previous is None:
            changes[name] = FieldChange(name, False, [Segment("same", now)])
            continue
        before = previous.narrative(name)
        changes[name] = FieldChange(name, before != now, text_segments(before, now))
    return changes


def list_changes(previous: Snapshot | None, current: Snapshot, key: str) -> tuple[list, list]:
    """Return (added, removed) items of a list part of the snapshot (principles, GCM actions,
    linked strategy actions, evidence) between two revisions: codes, letters or names."""
    if previous is None:
        return [], []

    def codes(snapshot: Snapshot) -> list:
        items = getattr(snapshot, key)
        return [getattr(i, "code", None) or getattr(i, "name", i) for i in items]

    before, after = codes(previous), codes(current)
    return [c for c in after if c not in before], [c for c in before if c not in after]


@dataclass
class ReadingChange:
    """How one indicator value differs from the round before: "added", "changed" or ""; the
    earlier reading when there was one."""

    status: str
    before: IndicatorReading | None
    changed_parts: tuple[str, ...] = ()  # of "value", "unit", "reference_date", "source", ...


READING_PARTS = ("value", "unit", "reference_date", "source", "breakdown")


def reading_changes(
    previous: Snapshot | None, current: Snapshot
) -> tuple[dict[str, ReadingChange], list[IndicatorReading]]:
    """Per indicator code of the current revision, what changed; and the readings the
    previous revision had that this one dropped."""
    if previous is None:
        return {}, []
    before = {reading.code: reading for reading in previous.indicator_values}
    now = {reading.code for reading in current.indicator_values}
    changes = {}
    for reading in current.indicator_values:
        earlier = before.get(reading.code)
        if earlier is None:
            changes[reading.code] = ReadingChange("added", None, READING_PARTS)
            continue
        parts = tuple(p for p in READING_PARTS if getattr(earlier, p) != getattr(reading, p))
        changes[reading.code] = ReadingChange("changed" if parts else "", earlier, parts)
    dropped = [reading for code, reading in before.items() if code not in now]
    return changes, dropped


@dataclass(frozen=True)
class PolicyChange:
    """How one SDG 10.7.2 domain differs from the round before: the sub-categories whose
    answer changed {code: answer then}, and the note then when it changed (else None)."""

    answers_before: dict
    note_before: str | None

    @property
    def changed(self) -> bool:
        return bool(self.answers_before) or self.note_before is not None


def policy_changes(previous: Snapshot | None, current: Snapshot) -> dict[int, PolicyChange]:
    """Per domain number of the current revision, what changed in its 10.7.2 answers."""
    if previous is None:
        return {}
    before = {domain.number: domain for domain in previous.policy_domains}
    changes = {}
    for domain in current.policy_domains:
        earlier = before.get(domain.number)
        answers_before = {
            item.code: earlier.answer(item.code) if earlier else ""
            for item in domain.answers
            if (earlier.answer(item.code) if earlier else "") != item.answer
        }
        earlier_note = earlier.note if earlier else ""
        changes[domain.number] = PolicyChange(
            answers_before, earlier_note if earlier_note != domain.note else None
        )
    return changes
