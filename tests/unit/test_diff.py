"""What changed between two revisions, for the review screen (reporting/diff.py). Pure: the
revisions are snapshots built in memory."""

import pytest

from reporting.diff import FieldChange, Segment, list_changes, revision_changes, text_segments
from reporting.snapshot import NARRATIVE_FIELD_NAMES, EvidenceFile, Reference, Snapshot

SEGMENT_CASES = {
    "both empty": ("", "", []),
    "the same text": (
        "Referral pathways.",
        "Referral pathways.",
        [("same", "Referral pathways.")],
    ),
    "words added at the end": (
        "Referral pathways",
        "Referral pathways in Basra",
        [("same", "Referral pathways"), ("added", " in Basra")],
    ),
    "words added at the start": (
        "pathways were set up.",
        "Referral pathways were set up.",
        [("added", "Referral "), ("same", "pathways were set up.")],
    ),
    "a word removed": (
        "one two three",
        "one three",
        [("same", "one "), ("removed", "two "), ("same", "three")],
    ),
    "a word replaced": (
        "set up in Ninewa now",
        "set up in Basra now",
        [
            ("same", "set up in "),
            ("removed", "Ninewa"),
            ("added", "Basra"),
            ("same", " now"),
        ],
    ),
    "everything new": ("", "New text.", [("added", "New text.")]),
    "everything removed": ("Old text.", "", [("removed", "Old text.")]),
    "None before": (None, "x", [("added", "x")]),
    "None after": ("x", None, [("removed", "x")]),
    "white space kept": (
        "Line one.\n\n  Line two.",
        "Line one.\n\n  Line two.\tMore",
        [("same", "Line one.\n\n  Line two."), ("added", "\tMore")],
    ),
    "only the spacing changed": (
        "a\n\nb  c",
        "a\nb  c",
        [("same", "a"), ("removed", "\n\n"), ("added", "\n"), ("same", "b  c")],
    ),
    "words edited in one sentence read as one change, not letter soup": (
        "Staff numbers remain short; staff turnover is high. We trained 40 officers.",
        "Staff numbers remain short by about 20 posts. We trained 40 officers.",
        [
            ("same", "Staff numbers remain short"),
            ("removed", "; staff turnover is high"),
            ("added", " by about 20 posts"),
            ("same", ". We trained 40 officers."),
        ],
    ),
    "a sentence rewritten is shown whole, removed then added": (
        "Centres opened. The budget was cut by half in 2023.",
        "Centres opened. Funding now comes from the governorates.",
        [
            ("same", "Centres opened. "),
            ("removed", "The budget was cut by half in 2023."),
            ("added", "Funding now comes from the governorates."),
        ],
    ),
    "a sentence removed between two kept": (
        "One. Two. Three.",
        "One. Three.",
        [("same", "One. "), ("removed", "Two. "), ("same", "Three.")],
    ),
    "Arabic sentences, a number changed": (
        "تم تدريب 40 موظفا. الموارد قليلة.",
        "تم تدريب 55 موظفا في 2023. الموارد قليلة.",
        [
            ("same", "تم تدريب "),
            ("removed", "40"),
            ("added", "55"),
            ("same", " موظفا"),
            ("added", " في 2023"),
            ("same", ". الموارد قليلة."),
        ],
    ),
    "Arabic, a governorate replaced": (
        "أنشئت مسارات الإحالة في نينوى",
        "أنشئت مسارات الإحالة في البصرة",
        [("same", "أنشئت مسارات الإحالة في "), ("removed", "نينوى"), ("added", "البصرة")],
    ),
    "Arabic and English mixed": (
        "تم إنشاء مسارات مع IOM",
        "تم إنشاء مسارات مع IOM و UNHCR",
        [("same", "تم إنشاء مسارات مع IOM"), ("added", " و UNHCR")],
    ),
}


@pytest.mark.parametrize(
    ("before", "after", "expected"), list(SEGMENT_CASES.values()), ids=list(SEGMENT_CASES)
)
def test_text_segments(before, after, expected):
    assert text_segments(before, after) == [Segment(kind, text) for kind, text in expected]


@pytest.mark.parametrize(
    ("before", "after"),
    [(before, after) for before, after, _expected in SEGMENT_CASES.values()],
    ids=list(SEGMENT_CASES),
)
def test_the_segments_spell_out_both_texts_exactly(before, after):
    """Nothing is lost or added: not a space, not a new line."""
    segments = text_segments(before, after)
    assert "".join(s.text for s in segments if s.kind != "added") == (before or "")
    assert "".join(s.text for s in segments if s.kind != "removed") == (after or "")


def snapshot(**narratives) -> Snapshot:
    return Snapshot(version=2, language="en", implementation_status="", narratives=narratives)


def test_the_first_revision_shows_every_field_unchanged():
    first = snapshot(progress="Pathways set up.", challenges="Turnover.")
    changes = revision_changes(None, first)
    assert list(changes) == NARRATIVE_FIELD_NAMES
    assert changes["progress"] == FieldChange(
        "progress", False, [Segment("same", "Pathways set up.")]
    )
    assert changes["challenges"] == FieldChange(
        "challenges", False, [Segment("same", "Turnover.")]
    )
    assert changes["next_steps"] == FieldChange("next_steps", False, [Segment("same", "")])


def test_a_later_revision_shows_which_fields_changed_and_how():
    previous = snapshot(progress="Pathways set up in Ninewa.", challenges="Turnover.")
    current = snapshot(
        progress="Pathways set up in Ninewa and Basra.",
        challenges="Turnover.",
        next_steps="Extend to Erbil.",
    )
    changes = revision_changes(previous, current)
    assert list(changes) == NARRATIVE_FIELD_NAMES
    assert {name: change.changed for name, change in changes.items()} == {
        "progress": True,
        "challenges": False,
        "good_practices": False,
        "partnerships": False,
        "next_steps": True,
    }
    assert changes["progress"].segments == [
        Segment("same", "Pathways set up in Ninewa"),
        Segment("added", " and Basra"),
        Segment("same", "."),
    ]
    assert changes["challenges"].segments == [Segment("same", "Turnover.")]
    assert changes["next_steps"].segments == [Segment("added", "Extend to Erbil.")]
    assert changes["partnerships"].segments == []


def test_a_change_of_spacing_alone_is_a_change():
    changes = revision_changes(snapshot(progress="a b"), snapshot(progress="a  b"))
    assert changes["progress"].changed is True


def with_lists(**parts) -> Snapshot:
    return Snapshot(version=2, language="en", implementation_status="", narratives={}, **parts)


LIST_CASES = {
    "principles": (
        "principles",
        with_lists(principles=("a", "c", "e")),
        with_lists(principles=("c", "d", "e", "f")),
        (["d", "f"], ["a"]),
    ),
    "principles unchanged": (
        "principles",
        with_lists(principles=("a", "c")),
        with_lists(principles=("a", "c")),
        ([], []),
    ),
    "GCM actions, by code": (
        "gcm_actions",
        with_lists(gcm_actions=(Reference(1, "10(a)"), Reference(2, "10(b)"))),
        with_lists(gcm_actions=(Reference(2, "10(b)"), Reference(3, "7(c)"))),
        (["7(c)"], ["10(a)"]),
    ),
    "linked strategy actions, by code": (
        "linked_strategy_actions",
        with_lists(linked_strategy_actions=(Reference(5, "2.1", "Referral", ""),)),
        with_lists(
            linked_strategy_actions=(
                Reference(5, "2.1", "Referral, retitled", ""),
                Reference(6, "2.3"),
            )
        ),
        (["2.3"], []),
    ),
    "linked strategy actions, all removed": (
        "linked_strategy_actions",
        with_lists(linked_strategy_actions=(Reference(5, "2.1"), Reference(6, "2.3"))),
        with_lists(),
        ([], ["2.1", "2.3"]),
    ),
    "evidence, by name": (
        "evidence",
        with_lists(evidence=(EvidenceFile(1, "sop.pdf", "ab", 10),)),
        with_lists(
            evidence=(EvidenceFile(1, "sop.pdf", "ab", 10), EvidenceFile(2, "سجل.pdf", "cd", 20))
        ),
        (["سجل.pdf"], []),
    ),
}


@pytest.mark.parametrize(
    ("key", "previous", "current", "expected"), list(LIST_CASES.values()), ids=list(LIST_CASES)
)
def test_list_changes(key, previous, current, expected):
    assert list_changes(previous, current, key) == expected


@pytest.mark.parametrize("key", ["principles", "gcm_actions", "linked_strategy_actions"])
def test_the_first_revision_adds_and_removes_nothing(key):
    current = with_lists(principles=("a",), gcm_actions=(Reference(1, "10(a)"),))
    assert list_changes(None, current, key) == ([], [])


def test_indicator_values_are_compared_field_by_field():
    from reporting.diff import reading_changes
    from reporting.snapshot import BreakdownRow, IndicatorReading

    def reading(code, value, **parts):
        fields = {"unit": "", "reference_date": "", "source": "", **parts}
        return IndicatorReading(indicator_id=1, code=code, value=value, **fields)

    before = Snapshot(
        version=2,
        language="en",
        implementation_status="",
        narratives={},
        indicator_values=(reading("A", "300"), reading("B", "5"), reading("C", "1")),
    )
    after = Snapshot(
        version=2,
        language="en",
        implementation_status="",
        narratives={},
        indicator_values=(
            reading("A", "320", breakdown=(BreakdownRow("sex", "female", "200"),)),
            reading("B", "5"),
            reading("D", "9"),
        ),
    )
    changes, dropped = reading_changes(before, after)
    assert changes["A"].status == "changed"
    assert changes["A"].changed_parts == ("value", "breakdown")
    assert changes["A"].before.value == "300"
    assert changes["B"].status == "" and changes["B"].changed_parts == ()
    assert changes["D"].status == "added" and changes["D"].before is None
    assert [r.code for r in dropped] == ["C"]
    assert reading_changes(None, after) == ({}, [])
