"""How the report writes numbers, dates, date ranges, strategy-action order and chapter text."""

import datetime

import pytest

from reporting import report_text
from reporting.pdf.context import code_order
from reporting.pdf.formats import format_date, format_date_range, format_number

D = datetime.date


@pytest.mark.parametrize(
    "value, english, arabic",
    [
        ("4400", "4,400", "4٬400"),
        ("4,400", "4,400", "4٬400"),
        ("1234567", "1,234,567", "1٬234٬567"),
        ("6.8", "6.8", "6٫8"),
        ("-12500.25", "-12,500.25", "-12٬500٫25"),
        ("940", "940", "940"),
        (38400, "38,400", "38٬400"),
        # Not a plain number: printed as typed.
        ("007", "007", "007"),
        ("about 400", "about 400", "about 400"),
        ("yes", "yes", "yes"),
        ("-.5", "-.5", "-.5"),
    ],
)
def test_numbers_are_grouped_in_the_editions_language(value, english, arabic):
    assert format_number(value, "en") == english
    assert format_number(value, "ar") == arabic


@pytest.mark.parametrize(
    "start, end, english, arabic",
    [
        (D(2024, 7, 3), D(2024, 7, 4), "3–4 July 2024", "3–4 تموز 2024"),
        (D(2024, 7, 3), D(2024, 7, 3), "3 July 2024", "3 تموز 2024"),
        (D(2024, 7, 3), None, "3 July 2024", "3 تموز 2024"),
        (
            D(2026, 4, 30),
            D(2026, 5, 2),
            "30 April – 2 May 2026",
            "30 نيسان – 2 أيار 2026",
        ),
        (
            D(2025, 12, 28),
            D(2026, 1, 2),
            "28 December 2025 – 2 January 2026",
            "28 كانون الأول 2025 – 2 كانون الثاني 2026",
        ),
    ],
)
def test_date_ranges_name_the_month_and_year_once(start, end, english, arabic):
    assert format_date_range(start, end, "en") == english
    assert format_date_range(start, end, "ar") == arabic


def test_times_are_dated_in_baghdad():
    # 22:30 UTC on 31 January is already 1 February in Baghdad (UTC+3).
    late = datetime.datetime(2024, 1, 31, 22, 30, tzinfo=datetime.UTC)
    assert format_date(late, "en") == "1 February 2024"
    assert format_date(late, "ar") == "1 شباط 2024"


def test_strategy_actions_sort_by_the_numbers_in_their_codes():
    codes = ["1.10", "B.2", "1.2", "2.1", "B.10", "1.1"]
    assert sorted(codes, key=code_order) == ["1.1", "1.2", "1.10", "2.1", "B.2", "B.10"]


def test_chapter_text_makes_paragraphs_lists_and_numbered_citations():
    text = report_text.parse(
        "Referrals rose [cite:12] and\nshelters opened [cite:7].\n\n"
        "- Ninewa [cite:12]\n- Basra\n\nClosing words."
    )
    assert [block.kind for block in text.blocks] == ["paragraph", "list", "paragraph"]
    assert text.cited == [12, 7]
    first = text.blocks[0].items[0]
    assert [segment.note for segment in first if segment.note] == [1, 2]
    assert first[0].text == "Referrals rose "
    assert [segment.note for segment in text.blocks[1].items[0] if segment.note] == [1]
    assert report_text.cited_submissions("[cite:3] x [cite:3] [cite:4]") == [3, 4]


def test_arabic_month_names_are_iraqi_unless_the_setting_says_egyptian(settings):
    july = D(2024, 7, 3)
    assert format_date(july, "ar") == "3 تموز 2024"
    settings.ARABIC_MONTH_NAMES = "egyptian"
    assert format_date(july, "ar") == "3 يوليو 2024"
    assert format_date_range(D(2024, 7, 3), D(2024, 7, 4), "ar") == "3–4 يوليو 2024"
    assert format_date(july, "en") == "3 July 2024"


def test_pages_write_dates_as_the_reports_do():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load portal %}{{ when|day }} · {{ moment|day_time }}")
    moment = datetime.datetime(2024, 1, 31, 22, 30, tzinfo=datetime.UTC)
    with translation.override("ar"):
        text = template.render(Context({"when": D(2024, 7, 3), "moment": moment}))
    assert text == "3 تموز 2024 · 1 شباط 2024 01:30"
