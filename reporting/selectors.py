"""Reads about review cycles."""

from django.db.models import QuerySet

from reporting.models import ReviewCycle


def cycle_list() -> QuerySet[ReviewCycle]:
    return ReviewCycle.objects.order_by("year", "kind")


def cycle_get_open() -> ReviewCycle | None:
    """Return the cycle now open for submissions (the earliest, if several are)."""
    return ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN).order_by("year").first()
