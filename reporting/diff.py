"""What changed between two revisions, word by word, for the review screen."""

import difflib
import re
from dataclasses import dataclass

from reporting import content

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


def revision_changes(previous: dict | None, current: dict) -> dict[str, FieldChange]:
    """Return per narrative field the segments of the current text against the previous one."""
    changes = {}
    for name in content.NARRATIVE_FIELD_NAMES:
        now = current.get(name, "")
        if previous is None:
            changes[name] = FieldChange(name, False, [Segment("same", now)])
            continue
        before = previous.get(name, "")
        changes[name] = FieldChange(name, before != now, text_segments(before, now))
    return changes


def list_changes(previous: dict | None, current: dict, key: str) -> tuple[list, list]:
    """Return (added, removed) items of a list field between two revisions."""
    if previous is None:
        return [], []

    def codes(snapshot):
        items = snapshot.get(key, [])
        return [i["code"] if isinstance(i, dict) else i for i in items]

    before, after = codes(previous), codes(current)
    return [c for c in after if c not in before], [c for c in before if c not in after]
