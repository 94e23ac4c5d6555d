"""What changed between two revisions, word by word, for the review screen."""

import difflib
import re
from dataclasses import dataclass

from reporting.snapshot import NARRATIVE_FIELD_NAMES, Snapshot

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class FieldChange:
    name: str
    changed: bool
    segments: list[Segment]


def text_segments(before: str, after: str) -> list[Segment]:
    """Split the new text into unchanged, added and removed runs of words."""
    old, new = TOKEN.findall(before or ""), TOKEN.findall(after or "")
    segments = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(new[b1:b2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", "".join(old[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", "".join(new[b1:b2])))
    return segments


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
