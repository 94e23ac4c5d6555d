"""What a revision contains (reporting/snapshot.py): reading every version, writing the
current one, the narrative fields' limits and what must be filled in, and the labels readers
show. Pure: no database; catalogue entries are plain objects."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reporting.snapshot import (
    CHARACTERS_PER_WORD,
    COMMENTABLE_FIELDS,
    FIELD_LABELS,
    NARRATIVE_FIELD_NAMES,
    NARRATIVE_FIELDS,
    NARRATIVES,
    OBJECTIVE,
    SECTION,
    STRATEGY_ACTION,
    VERSION,
    BreakdownRow,
    EvidenceFile,
    IndicatorReading,
    Labels,
    Reference,
    Snapshot,
    Subject,
    completeness_errors,
    count_words,
    length_errors,
    load,
    max_chars,
    too_long,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EMPTY_NARRATIVES = dict.fromkeys(NARRATIVE_FIELD_NAMES, "")


def version_1() -> dict:
    """A revision as version 1 wrote it: no "version" key, codes without names."""
    return json.loads((FIXTURES / "revision_content_v1.json").read_text(encoding="utf-8"))


def version_2() -> dict:
    """A revision as version 2 writes it: names, units, baselines and targets as at submit."""
    return {
        "version": 2,
        "language": "ar",
        "implementation_status": "completed",
        "progress": "أنشئت مسارات الإحالة في نينوى والبصرة.",
        "challenges": "Staff turnover.",
        "good_practices": "",
        "partnerships": "",
        "next_steps": "Extend the pathways to Erbil.",
        "subject": {
            "kind": "strategy_action",
            "code": "2.1",
            "title_en": "Set up referral pathways",
            "title_ar": "إنشاء مسارات الإحالة",
            "lead_en": "Ministry of Interior",
            "lead_ar": "وزارة الداخلية",
            "objectives": [7, 10],
        },
        "principles": ["a", "d"],
        "gcm_actions": [{"id": 91, "code": "10(a)"}],
        "linked_strategy_actions": [
            {"id": 5, "code": "2.1", "title_en": "Set up referral pathways", "title_ar": ""}
        ],
        "indicator_values": [
            {
                "indicator_id": 3,
                "code": "IND-03",
                "value": "212",
                "unit": "",
                "reference_date": "2027-12-31",
                "source": "Ministry records",
                "breakdown": [
                    {"dimension": "sex", "category": "female", "value": "120"},
                    {"dimension": "sex", "category": "male", "value": 92},
                ],
                "name_en": "Victims referred",
                "name_ar": "الضحايا المحالون",
                "kind": "number",
                "default_unit_en": "persons",
                "default_unit_ar": "شخص",
                "sdg_code": "",
                "baseline": "140",
                "baseline_year": 2020,
                "target": "400",
                "target_year": 2025,
            }
        ],
        "evidence": [{"id": 8, "name": "referral-sop.pdf", "sha256": "ab12", "size": 2048}],
    }


# --- reading every version ------------------------------------------------------------------


def test_version_1_has_codes_and_no_names():
    snapshot = load(version_1())
    assert (snapshot.version, snapshot.language, snapshot.implementation_status) == (
        1,
        "en",
        "in_progress",
    )
    assert snapshot.subject is None
    assert snapshot.narrative("progress").startswith("V1-PROGRESS ")
    assert snapshot.narrative("next_steps").startswith("V1-NEXT-STEPS ")
    assert snapshot.principles == ("a", "c")
    assert snapshot.gcm_actions == (Reference(1, "10(a)"),)
    assert snapshot.linked_strategy_actions == (Reference(1, "1.1", None, None),)
    (reading,) = snapshot.indicator_values
    assert (reading.indicator_id, reading.code, reading.value, reading.source) == (
        1,
        "Q-10-1",
        "4400",
        "MoMD case records",
    )
    assert reading.breakdown == (BreakdownRow("sex", "female", "2300"),)
    # What version 1 did not record stays unknown (None), not empty: readers look it up.
    assert reading.name_en is None and reading.default_unit_en is None
    assert reading.baseline is None and reading.target_year is None
    assert snapshot.evidence == (EvidenceFile(1, "referral-sop.pdf", "0f", 12),)
    assert snapshot.evidence_ids == {1}


def test_version_2_keeps_what_the_catalogue_said_at_submit():
    snapshot = load(version_2())
    assert (snapshot.version, snapshot.language, snapshot.implementation_status) == (
        2,
        "ar",
        "completed",
    )
    assert snapshot.subject == Subject(
        STRATEGY_ACTION,
        "2.1",
        "Set up referral pathways",
        "إنشاء مسارات الإحالة",
        "Ministry of Interior",
        "وزارة الداخلية",
        (7, 10),
    )
    assert snapshot.narratives == {
        **EMPTY_NARRATIVES,
        "progress": "أنشئت مسارات الإحالة في نينوى والبصرة.",
        "challenges": "Staff turnover.",
        "next_steps": "Extend the pathways to Erbil.",
    }
    assert snapshot.linked_strategy_actions == (
        Reference(5, "2.1", "Set up referral pathways", ""),
    )
    (reading,) = snapshot.indicator_values
    assert reading == IndicatorReading(
        indicator_id=3,
        code="IND-03",
        value="212",
        unit="",
        reference_date="2027-12-31",
        source="Ministry records",
        # Breakdown values are text, whatever JSON held.
        breakdown=(BreakdownRow("sex", "female", "120"), BreakdownRow("sex", "male", "92")),
        name_en="Victims referred",
        name_ar="الضحايا المحالون",
        kind="number",
        default_unit_en="persons",
        default_unit_ar="شخص",
        sdg_code="",
        baseline="140",
        baseline_year=2020,
        target="400",
        target_year=2025,
    )


SNAPSHOTS = {
    "version 1": lambda: load(version_1()),
    "version 2": lambda: load(version_2()),
    "nothing filled in": lambda: load({}),
    "an objective, built in code": lambda: Snapshot(
        version=VERSION,
        language="en",
        implementation_status="in_progress",
        narratives={**EMPTY_NARRATIVES, "progress": "Line one.\n\n  Line two."},
        subject=Subject(OBJECTIVE, "10", "Trafficking", "الاتجار", objectives=(10,)),
        indicator_values=(
            IndicatorReading(3, "IND-03", "12.5", "%", "", "", sdg_code="10.7.2", kind="percent"),
        ),
    ),
    "version 3: a value's period, the indicator's direction and framework": lambda: Snapshot(
        version=3,
        language="en",
        implementation_status="in_progress",
        narratives=EMPTY_NARRATIVES,
        indicator_values=(
            IndicatorReading(
                3,
                "IND-03",
                "212",
                "",
                "",
                "",
                kind="number",
                baseline="140",
                baseline_year=2020,
                direction="lower",
                framework="mgi",
                period_start="2023-01-01",
                period_end="2023-12-31",
            ),
            IndicatorReading(4, "IND-04", "no", "", "", "", kind="yes_no", period_year=2024),
        ),
    ),
}


@pytest.mark.parametrize("make", list(SNAPSHOTS.values()), ids=list(SNAPSHOTS))
def test_what_is_written_reads_back_the_same(make):
    snapshot = make()
    written = json.loads(json.dumps(snapshot.to_json()))
    assert load(written) == snapshot


def test_the_current_version_is_written_with_every_narrative_field():
    written = load(version_2()).to_json()
    assert written["version"] == 2 and VERSION == 3
    assert set(NARRATIVE_FIELD_NAMES) <= set(written)
    # Unknown facts are left out rather than written as null.
    assert "title_en" not in load(version_1()).to_json()["linked_strategy_actions"][0]


@pytest.mark.parametrize("version", [4, 99], ids=["4", "99"])
def test_a_version_newer_than_this_code_is_refused(version):
    with pytest.raises(ValueError, match=f"version {version} is newer than {VERSION}"):
        load({"version": version})


@pytest.mark.parametrize("version", [1, 2], ids=["1", "2"])
def test_every_version_up_to_the_current_one_is_read(version):
    assert load({"version": version}).version == version


MISSING_KEY_CASES = {
    "no keys at all": ({}, {}),
    "null narratives and status": ({"progress": None, "implementation_status": None}, {}),
    "evidence without checksum and size": (
        {"evidence": [{"id": 4, "name": "a.pdf"}]},
        {"evidence": (EvidenceFile(4, "a.pdf", "", 0),)},
    ),
    "a reading with only its indicator": (
        {"indicator_values": [{"indicator_id": 2, "code": "IND-02", "value": None}]},
        {"indicator_values": (IndicatorReading(2, "IND-02", "", "", "", ""),)},
    ),
    "a breakdown row without a value": (
        {
            "indicator_values": [
                {
                    "indicator_id": 2,
                    "code": "IND-02",
                    "breakdown": [{"dimension": "sex", "category": "male"}],
                }
            ]
        },
        {
            "indicator_values": (
                IndicatorReading(2, "IND-02", "", "", "", "", (BreakdownRow("sex", "male", ""),)),
            )
        },
    ),
    "a subject without objectives": (
        {"version": 2, "subject": {"kind": "section", "code": "intro"}},
        {"version": 2, "subject": Subject(SECTION, "intro")},
    ),
}


@pytest.mark.parametrize(
    ("content", "expected"), list(MISSING_KEY_CASES.values()), ids=list(MISSING_KEY_CASES)
)
def test_missing_keys_take_their_defaults(content, expected):
    defaults = Snapshot(
        version=1, language="en", implementation_status="", narratives=EMPTY_NARRATIVES
    )
    assert load(content) == Snapshot(**{**defaults.__dict__, **expected})


def test_a_narrative_the_snapshot_lacks_reads_as_empty():
    snapshot = Snapshot(version=2, language="en", implementation_status="", narratives={})
    assert snapshot.narrative("progress") == ""


# --- the narrative fields -------------------------------------------------------------------


def test_narrative_field_names_are_unique():
    assert len(set(NARRATIVE_FIELD_NAMES)) == len(NARRATIVE_FIELDS) == len(NARRATIVES)
    assert [narrative.name for narrative in NARRATIVE_FIELDS] == NARRATIVE_FIELD_NAMES


@pytest.mark.parametrize("narrative", NARRATIVE_FIELDS, ids=NARRATIVE_FIELD_NAMES)
def test_each_narrative_field_is_declared_whole(narrative):
    assert narrative.char_limit == narrative.word_limit * CHARACTERS_PER_WORD
    assert narrative.word_limit > 0
    assert str(narrative.label) and str(narrative.help_text)
    assert set(narrative.required_for) <= {OBJECTIVE, STRATEGY_ACTION, SECTION}
    # A reviewer can comment on it, under its own label.
    assert narrative.name in COMMENTABLE_FIELDS
    assert FIELD_LABELS[narrative.name] == narrative.label


def test_progress_is_the_one_narrative_every_subject_needs():
    required = {n.name: set(n.required_for) for n in NARRATIVE_FIELDS if n.required_for}
    assert required == {"progress": {OBJECTIVE, STRATEGY_ACTION, SECTION}}


def test_the_whole_submission_is_the_first_thing_one_can_comment_on():
    assert COMMENTABLE_FIELDS[0] == ""
    assert len(COMMENTABLE_FIELDS) == len(set(COMMENTABLE_FIELDS))


# --- words and characters -------------------------------------------------------------------

ARABIC = "أنشئت مسارات الإحالة في نينوى والبصرة."


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        (None, 0),
        ("   \n\t ", 0),
        ("Referral", 1),
        ("Referral pathways were set up.", 5),
        ("  two   words  ", 2),
        ("one\ntwo\n\nthree\r\nfour", 4),
        ("tabs\tbetween\twords", 3),
        ("a\u00a0no-break\u00a0space", 3),
        (ARABIC, 6),
        ("نعم، لا؛ ربما", 3),
        ("التقرير report 2027 العربية\n\nEnglish", 5),
        ("2,300 persons (12.5%)", 3),
    ],
    ids=[
        "empty",
        "None",
        "only white space",
        "one word",
        "an English sentence",
        "several spaces",
        "new lines",
        "tabs",
        "no-break spaces",
        "an Arabic sentence",
        "Arabic punctuation stays with its word",
        "Arabic and English mixed",
        "numbers and signs",
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_too_long_says_the_limit_and_the_count():
    assert too_long(6000, 6001) == "Keep this under 6000 characters; it has 6001."


def test_the_form_validator_says_the_same_as_the_services():
    with pytest.raises(ValidationError) as refused:
        max_chars(10)("x" * 11)
    assert refused.value.messages == [too_long(10, 11)]
    max_chars(10)("x" * 10)


def words(count: int) -> str:
    return " ".join(["word"] * count)


LENGTH_CASES = {
    "words at the limit": (lambda n: words(n.word_limit), None),
    "words one over": (
        lambda n: words(n.word_limit + 1),
        lambda n: f"Keep this under {n.word_limit} words; it has {n.word_limit + 1}.",
    ),
    "characters at the limit": (lambda n: "x" * n.char_limit, None),
    "characters one over": (
        lambda n: "x" * (n.char_limit + 1),
        lambda n: too_long(n.char_limit, n.char_limit + 1),
    ),
    "spaces count as characters": (
        lambda n: " " * n.char_limit + "x",
        lambda n: too_long(n.char_limit, n.char_limit + 1),
    ),
    "too many words of too many characters: the words are named": (
        lambda n: words(n.word_limit + 1).replace("word", "x" * CHARACTERS_PER_WORD),
        lambda n: f"Keep this under {n.word_limit} words; it has {n.word_limit + 1}.",
    ),
    "Arabic at the limit": (lambda n: " ".join(["الإحالة"] * n.word_limit), None),
}
LENGTH_PARAMS = [
    pytest.param(narrative, text, message, id=f"{narrative.name}, {case}")
    for narrative in NARRATIVE_FIELDS
    for case, (text, message) in LENGTH_CASES.items()
]


@pytest.mark.parametrize(("narrative", "text", "message"), LENGTH_PARAMS)
def test_length_errors_per_field(narrative, text, message):
    others = dict.fromkeys(NARRATIVE_FIELD_NAMES, "Within every limit.")
    errors = length_errors({**others, narrative.name: text(narrative)})
    if message is None:
        assert errors == {}
    else:
        assert errors == {narrative.name: message(narrative)}


def test_length_errors_name_every_field_over_its_limit():
    too_many = {n.name: words(n.word_limit + 1) for n in NARRATIVE_FIELDS}
    assert set(length_errors(too_many)) == set(NARRATIVE_FIELD_NAMES)


@pytest.mark.parametrize(
    "narratives",
    [{}, dict.fromkeys(NARRATIVE_FIELD_NAMES), {"not a field": words(10_000)}],
    ids=["none given", "all None", "an unknown field"],
)
def test_missing_or_unknown_narratives_are_not_too_long(narratives):
    assert length_errors(narratives) == {}


def test_length_errors_are_in_the_active_language():
    progress = NARRATIVES["progress"]
    with translation.override("ar"):
        errors = length_errors({"progress": words(progress.word_limit + 1)})
    assert errors["progress"] == "يجب ألا يتجاوز النص 1500 كلمة؛ عدد كلماته الآن 1501."


# --- what must be filled in -----------------------------------------------------------------

FILL_IN = "Fill this in before submitting."
CHOOSE_STATUS = "Choose the implementation status."
COMPLETENESS_CASES = [
    # subject kind, progress, implementation status, the errors
    ("objective", "Done.", "in_progress", {}),
    ("objective", "", "in_progress", {"progress": FILL_IN}),
    ("objective", "  \n ", "in_progress", {"progress": FILL_IN}),
    ("objective", "Done.", "", {"implementation_status": CHOOSE_STATUS}),
    ("objective", "", "", {"progress": FILL_IN, "implementation_status": CHOOSE_STATUS}),
    ("strategy_action", "Done.", "completed", {}),
    ("strategy_action", "", "completed", {"progress": FILL_IN}),
    ("strategy_action", "Done.", "", {"implementation_status": CHOOSE_STATUS}),
    ("section", "Done.", "", {}),
    ("section", "", "", {"progress": FILL_IN}),
    ("section", "\t", "in_progress", {"progress": FILL_IN}),
]


@pytest.mark.parametrize(
    ("kind", "progress", "status", "expected"),
    COMPLETENESS_CASES,
    ids=[
        f"{kind}, {'progress' if progress.strip() else 'no progress'}, {status or 'no status'}"
        for kind, progress, status, _expected in COMPLETENESS_CASES
    ],
)
def test_completeness_errors_per_subject_kind(kind, progress, status, expected):
    snapshot = Snapshot(
        version=VERSION,
        language="en",
        implementation_status=status,
        narratives={**EMPTY_NARRATIVES, "progress": progress},
    )
    assert completeness_errors(subject_kind=kind, snapshot=snapshot) == expected


def test_optional_narratives_may_stay_empty():
    snapshot = Snapshot(
        version=VERSION,
        language="en",
        implementation_status="in_progress",
        narratives={"progress": "Done."},
    )
    assert completeness_errors(subject_kind=OBJECTIVE, snapshot=snapshot) == {}


# --- the labels readers show ----------------------------------------------------------------

V1_READING = IndicatorReading(7, "IND-07", "3100", "", "2027-12-31", "Records")
V2_READING = IndicatorReading(
    7,
    "IND-07",
    "3100",
    "",
    "2027-12-31",
    "Records",
    name_en="Households supported",
    name_ar="الأسر المدعومة",
    default_unit_en="households",
    default_unit_ar="أسرة",
    sdg_code="10.7.2",
    baseline="3000",
    baseline_year=2021,
    target="15000",
    target_year=2025,
)
TODAYS_INDICATOR = SimpleNamespace(
    name="Households supported (today)",
    unit="households (today)",
    sdg_codes="10.c.1",
    baseline_display="2500",
    baseline_year=2019,
    target_display="",
    target_year=None,
)
LABELS = Labels(
    principles={"a": "People-centred", "c": "Rule of law"},
    indicators={7: TODAYS_INDICATOR},
    strategy_actions={5: SimpleNamespace(title="Referral pathways (today)")},
)


def in_language(language: str, read):
    with translation.override(language):
        return read()


@pytest.mark.parametrize(
    ("letter", "label"),
    [("a", "People-centred"), ("c", "Rule of law"), ("z", "z")],
    ids=["a", "c", "unknown: the letter"],
)
def test_principle_titles(letter, label):
    assert LABELS.principle(letter) == label


def test_empty_labels_fall_back_to_codes_and_blanks():
    labels = Labels()
    assert labels.principle("b") == "b"
    assert labels.indicator_name(V1_READING) == ""
    assert labels.indicator_unit(V1_READING) == ""
    assert labels.strategy_action_title(Reference(5, "2.1")) == ""


@pytest.mark.parametrize(
    ("language", "reference", "title"),
    [
        ("en", Reference(5, "2.1", "Referral pathways", "مسارات الإحالة"), "Referral pathways"),
        ("ar", Reference(5, "2.1", "Referral pathways", "مسارات الإحالة"), "مسارات الإحالة"),
        ("ar", Reference(5, "2.1", "Referral pathways", None), "Referral pathways"),
        ("ar", Reference(5, "2.1", "Referral pathways", ""), "Referral pathways"),
        ("en", Reference(5, "2.1"), "Referral pathways (today)"),
        ("en", Reference(6, "2.2"), ""),
    ],
    ids=[
        "as at submit, English",
        "as at submit, Arabic",
        "no Arabic title: English",
        "empty Arabic title: English",
        "version 1: today's title",
        "version 1, no longer in the catalogue",
    ],
)
def test_strategy_action_titles(language, reference, title):
    assert in_language(language, lambda: LABELS.strategy_action_title(reference)) == title


@pytest.mark.parametrize(
    ("language", "reading", "name"),
    [
        ("en", V2_READING, "Households supported"),
        ("ar", V2_READING, "الأسر المدعومة"),
        ("en", V1_READING, "Households supported (today)"),
        ("en", IndicatorReading(8, "IND-08", "", "", "", ""), ""),
    ],
    ids=["as at submit", "as at submit, Arabic", "version 1: today's", "version 1, gone"],
)
def test_indicator_names(language, reading, name):
    assert in_language(language, lambda: LABELS.indicator_name(reading)) == name


@pytest.mark.parametrize(
    ("language", "reading", "unit"),
    [
        ("en", V2_READING, "households"),
        ("ar", V2_READING, "أسرة"),
        ("ar", IndicatorReading(7, "IND-07", "1", "families", "", ""), "families"),
        ("en", V1_READING, "households (today)"),
        ("en", IndicatorReading(7, "IND-07", "1", "", "", "", default_unit_en=""), ""),
        ("en", IndicatorReading(8, "IND-08", "1", "", "", ""), ""),
    ],
    ids=[
        "the indicator's, as at submit",
        "the indicator's, Arabic",
        "the unit given with the value comes first",
        "version 1: today's",
        "no unit at submit: not today's",
        "version 1, gone",
    ],
)
def test_indicator_units(language, reading, unit):
    assert in_language(language, lambda: LABELS.indicator_unit(reading)) == unit


NO_FACTS = {
    "sdg_code": "",
    "baseline": "",
    "baseline_year": None,
    "target": "",
    "target_year": None,
}


@pytest.mark.parametrize(
    ("reading", "facts"),
    [
        (
            V2_READING,
            {
                "sdg_code": "10.7.2",
                "baseline": "3000",
                "baseline_year": 2021,
                "target": "15000",
                "target_year": 2025,
            },
        ),
        (
            IndicatorReading(7, "IND-07", "1", "", "", "", name_en="Households", sdg_code=None),
            NO_FACTS,
        ),
        (
            V1_READING,
            {
                "sdg_code": "10.c.1",
                "baseline": "2500",
                "baseline_year": 2019,
                "target": "",
                "target_year": None,
            },
        ),
        (IndicatorReading(8, "IND-08", "1", "", "", ""), NO_FACTS),
    ],
    ids=["as at submit", "as at submit, none known", "version 1: today's", "version 1, gone"],
)
def test_indicator_facts(reading, facts):
    assert LABELS.indicator_facts(reading) == facts


def test_version_1_facts_without_an_sdg_indicator():
    labels = Labels(indicators={7: SimpleNamespace(**{**vars(TODAYS_INDICATOR), "sdg_codes": ""})})
    assert labels.indicator_facts(V1_READING)["sdg_code"] == ""


@pytest.mark.parametrize(
    ("language", "rows", "shown"),
    [
        ("en", [], []),
        (
            "en",
            [BreakdownRow("sex", "female", "120"), BreakdownRow("sex", "male", "92")],
            [("Female", "120"), ("Male", "92")],
        ),
        (
            "ar",
            [BreakdownRow("sex", "female", "120"), BreakdownRow("sex", "male", "92")],
            [("إناث", "120"), ("ذكور", "92")],
        ),
        (
            "en",
            [BreakdownRow("age_group", "60+", "4"), BreakdownRow("governorate", "ninewa", "9")],
            [("60 years and over", "4"), ("Ninewa", "9")],
        ),
        ("en", [BreakdownRow("sex", "unknown", "1")], [("unknown", "1")]),
        ("en", [BreakdownRow("religion", "any", "1")], [("any", "1")]),
    ],
    ids=[
        "no breakdown",
        "sex",
        "sex, Arabic",
        "age group and governorate",
        "an unknown category: as written",
        "an unknown dimension: as written",
    ],
)
@pytest.mark.django_db  # the dimensions and categories are data (objectives migration 0006)
def test_breakdown_labels(language, rows, shown):
    reading = IndicatorReading(7, "IND-07", "212", "", "", "", breakdown=tuple(rows))
    assert in_language(language, lambda: Labels().breakdown(reading)) == shown


OBJECTIVE_SUBMISSION = SimpleNamespace(
    objective_id=10, subject=SimpleNamespace(number=10, title="Trafficking (today)")
)
ACTION_SUBMISSION = SimpleNamespace(
    objective_id=None, subject=SimpleNamespace(code="2.1", title="Referral pathways (today)")
)
SUBJECT_AT_SUBMIT = Subject(STRATEGY_ACTION, "2.1", "Referral pathways", "مسارات الإحالة")


@pytest.mark.parametrize(
    ("language", "subject", "submission", "shown"),
    [
        ("en", SUBJECT_AT_SUBMIT, ACTION_SUBMISSION, ("2.1", "Referral pathways")),
        ("ar", SUBJECT_AT_SUBMIT, ACTION_SUBMISSION, ("2.1", "مسارات الإحالة")),
        ("ar", Subject(SECTION, "intro", "Introduction"), None, ("intro", "Introduction")),
        ("en", None, OBJECTIVE_SUBMISSION, ("10", "Trafficking (today)")),
        ("en", None, ACTION_SUBMISSION, ("2.1", "Referral pathways (today)")),
    ],
    ids=[
        "as at submit",
        "as at submit, Arabic",
        "no Arabic title: English",
        "version 1, an objective: today's",
        "version 1, a strategy action: today's",
    ],
)
def test_subject_code_and_title(language, subject, submission, shown):
    snapshot = Snapshot(
        version=2 if subject else 1,
        language=language,
        implementation_status="",
        narratives={},
        subject=subject,
    )
    assert in_language(language, lambda: Labels.subject(snapshot, submission)) == shown
