"""Which deadline reminder is due on a day (reminders_due): 14 and 3 days before the
deadline, and once it has passed; only for an open cycle with a deadline. Pure: the cycle is
never saved."""

import datetime

import pytest

from reporting.models import ReviewCycle
from reporting.services.coordination import REMINDER_DAYS_BEFORE, reminders_due

OPEN, PLANNED, CLOSED = ReviewCycle.State.OPEN, ReviewCycle.State.PLANNED, ReviewCycle.State.CLOSED
DEADLINE = datetime.date(2028, 3, 31)


def due(state, deadline, today) -> str | None:
    cycle = ReviewCycle(code="arab-regional-2028", state=state, submission_deadline=deadline)
    return reminders_due(cycle=cycle, today=today)


def when(days_before: int) -> str:
    if days_before == 0:
        return "on the day"
    days = abs(days_before)
    count = f"{days} day" if days == 1 else f"{days} days"
    return f"{count} before" if days_before > 0 else f"{count} late"


# Days before the deadline (negative: after it), and the milestone due that day.
DAYS_CASES = [
    (60, None),
    (15, None),
    (14, "due-in-14"),
    (13, "due-in-14"),
    (4, "due-in-14"),
    (3, "due-in-3"),
    (2, "due-in-3"),
    (1, "due-in-3"),
    (0, "due-in-3"),
    (-1, "overdue"),
    (-90, "overdue"),
]


@pytest.mark.parametrize(
    ("days_before", "milestone"),
    DAYS_CASES,
    ids=[when(days) for days, _milestone in DAYS_CASES],
)
def test_the_milestone_due_in_an_open_cycle(days_before, milestone):
    today = DEADLINE - datetime.timedelta(days=days_before)
    assert due(OPEN, DEADLINE, today) == milestone


@pytest.mark.parametrize(
    ("state", "deadline", "today"),
    [
        (PLANNED, DEADLINE, DEADLINE - datetime.timedelta(days=3)),
        (PLANNED, DEADLINE, DEADLINE + datetime.timedelta(days=1)),
        (CLOSED, DEADLINE, DEADLINE - datetime.timedelta(days=14)),
        (CLOSED, DEADLINE, DEADLINE + datetime.timedelta(days=30)),
        (OPEN, None, DEADLINE),
        (PLANNED, None, DEADLINE),
    ],
    ids=[
        "planned, 3 days before",
        "planned, late",
        "closed, 14 days before",
        "closed, late",
        "open, no deadline",
        "planned, no deadline",
    ],
)
def test_no_reminder_unless_the_cycle_is_open_with_a_deadline(state, deadline, today):
    assert due(state, deadline, today) is None


@pytest.mark.parametrize(
    ("today", "milestone"),
    [
        (datetime.date(2028, 2, 15), None),
        (datetime.date(2028, 2, 16), "due-in-14"),
        (datetime.date(2028, 2, 27), "due-in-3"),
        (datetime.date(2028, 3, 2), "overdue"),
    ],
    ids=["15 days before", "14 days before", "3 days before", "the day after"],
)
def test_days_are_counted_across_the_29th_of_february(today, milestone):
    assert due(OPEN, datetime.date(2028, 3, 1), today) == milestone


def test_the_milestones_are_14_and_3_days():
    assert sorted(REMINDER_DAYS_BEFORE) == [3, 14]
