"""Sentences as the unit of translation: split, put back together, compared."""

import pytest

from reporting.segments import citations, fingerprint, join, split, translated_fields


def texts(text: str) -> list[str]:
    return [segment.text for segment in split(text)]


def test_sentences_end_at_full_stops_and_keep_paragraphs_and_lists():
    text = (
        "Referrals rose to 4,400 in 2023 [cite:12]. Shelters opened in Basra.\n\n"
        "- Ninewa: 1,200 people\n- Anbar: 800 people\n\nWhat comes next? More teams."
    )
    assert texts(text) == [
        "Referrals rose to 4,400 in 2023 [cite:12].",
        "Shelters opened in Basra.",
        "- Ninewa: 1,200 people",
        "- Anbar: 800 people",
        "What comes next?",
        "More teams.",
    ]
    assert [segment.after for segment in split(text)] == [" ", "\n\n", "\n", "\n\n", " ", ""]
    assert join(texts(text), [segment.after for segment in split(text)]) == text


@pytest.mark.parametrize(
    "text",
    [
        "Costs fell to 6.8 % of the amount sent, e.g. on the Gulf corridor.",
        "Law No. 28 of 2012 applies.",
        "They met on 3 July 2024 (see Art. 5).",
    ],
)
def test_abbreviations_and_decimals_do_not_end_a_sentence(text):
    assert texts(text) == [text]


def test_arabic_sentences_end_at_arabic_and_latin_marks():
    text = "ارتفعت الإحالات إلى 4400 حالة. ما الخطوة التالية؟ فرق متنقلة جديدة."
    assert texts(text) == [
        "ارتفعت الإحالات إلى 4400 حالة.",
        "ما الخطوة التالية؟",
        "فرق متنقلة جديدة.",
    ]


def test_the_memory_compares_sentences_without_spacing_or_direction_marks():
    assert fingerprint("Shelters  opened\u200f in Basra. ") == fingerprint(
        "Shelters opened in Basra."
    )
    assert fingerprint("Shelters opened in Basra.") != fingerprint("Shelters opened in Erbil.")


def test_citations_a_translation_must_keep():
    assert citations("Rose [cite:3] and [cite:12].") == ["[cite:12]", "[cite:3]"]
    assert citations("No citation.") == []


def test_an_empty_text_has_no_sentences():
    assert split("") == [] and split("  \n ") == []
    assert join([], []) == ""


def test_a_citation_after_the_full_stop_stays_with_its_sentence():
    text = "Referrals rose. [cite:12] Shelters opened. [cite:3] [cite:4]"
    assert texts(text) == ["Referrals rose. [cite:12]", "Shelters opened. [cite:3] [cite:4]"]
    assert texts("Rose [cite:5]. Fell.") == ["Rose [cite:5].", "Fell."]


def test_a_translation_reads_back_field_by_field_with_the_sources_spacing():
    rows = [
        {"source": "One.", "after": " ", "target": "واحد."},
        {"source": "Two.", "after": "\n\n", "target": "اثنان."},
        {"source": "Three.", "after": "", "target": "ثلاثة."},
    ]
    assert translated_fields({"progress": rows, "challenges": []}) == {
        "progress": "واحد. اثنان.\n\nثلاثة.",
        "challenges": "",
    }
