"""How the Word copy splits text into runs of one direction, and what XML cannot hold. Pure."""

import pytest

from reporting.pdf.wordml import clean, direction_runs, first_strong


@pytest.mark.parametrize(
    ("text", "base", "runs"),
    [
        ("Objective 10: Prevent", "ltr", [("Objective 10: Prevent", False)]),
        ("الهدف 10: منع", "rtl", [("الهدف 10: منع", True)]),
        # Neutrals between letters of one direction take it; between two directions, the base.
        (
            "وزارة الداخلية (MoI) تعمل",
            "rtl",
            [("وزارة الداخلية (", True), ("MoI", False), (") تعمل", True)],
        ),
        (
            "Ministry of Interior وزارة الداخلية.",
            "ltr",
            [("Ministry of Interior ", False), ("وزارة الداخلية", True), (".", False)],
        ),
        # Text without letters takes the base direction.
        ("4٬400", "rtl", [("4٬400", True)]),
        ("", "ltr", []),
    ],
)
def test_runs_of_one_direction(text, base, runs):
    assert direction_runs(text, base) == runs
    assert "".join(chunk for chunk, _rtl in runs) == text


def test_the_first_letter_decides_an_isolated_text():
    assert first_strong("(MoI) وزارة") == "ltr"
    assert first_strong("12 وزارة") == "rtl"
    assert first_strong("12,000 (2021)") is None


def test_what_xml_cannot_hold_is_left_out():
    assert clean("one\x0btwo\r\nthree\x0cfour\u2028five") == "one\ntwo\nthree\nfour\nfive"
    assert clean("a\x00b\x1bc\x7fd\ufffe") == "abcd"
    assert clean("tab\tand <w:t>markup</w:t> & bidi \u202e stay") == (
        "tab\tand <w:t>markup</w:t> & bidi \u202e stay"
    )
