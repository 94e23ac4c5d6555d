"""The library of approved content, for every member: browse, search, read, print."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gcm_portal.bilingual import pick
from objectives.models import StrategyAction
from reporting import access, presentation, snapshot
from reporting.forms import LibraryForm
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import library as library_selectors

PAGE_SIZE = 20
EXCERPT_CHARS = 280


@login_required
def library(request: HttpRequest) -> HttpResponse:
    if not access.may_read_library(user=request.user):
        raise Http404
    form = LibraryForm(
        request.GET or None,
        cycles=list(coordination_selectors.cycle_list()),
        # (code, title) pairs, not objects: a strategy has hundreds of actions.
        strategy_actions=[
            (code, pick(title_en, title_ar))
            for code, title_en, title_ar in StrategyAction.objects.order_by("code").values_list(
                "code", "title_en", "title_ar"
            )
        ],
    )
    chosen = {}
    if form.is_bound:
        form.is_valid()  # a filter that is not valid is said next to it and left out
        chosen = form.cleaned_data
    filters = library_selectors.LibraryFilters(
        cycle=chosen.get("cycle", ""),
        objective=chosen["objective"].number if chosen.get("objective") else None,
        strategy_action=chosen.get("strategy_action", ""),
        organisation=chosen["organisation"].pk if chosen.get("organisation") else None,
        kind=chosen.get("kind", ""),
        text=chosen.get("text", ""),
    )
    page = Paginator(
        library_selectors.library_search(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/library.html",
        {
            "form": form,
            "page": page,
            "results": [(revision, _excerpt(revision)) for revision in page],
            "query": query.urlencode(),
            # Only PostgreSQL ranks matches; the simple search elsewhere lists newest first.
            "searched": bool(filters.text) and connection.vendor == "postgresql",
            "filtered": any(
                (
                    filters.cycle,
                    filters.objective,
                    filters.strategy_action,
                    filters.organisation,
                    filters.kind,
                )
            ),
        },
        status=400 if form.errors else 200,
    )


def _excerpt(revision) -> str:
    frozen = snapshot.load(revision.content)
    text = next(
        (
            frozen.narrative(name)
            for name in snapshot.NARRATIVE_FIELD_NAMES
            if frozen.narrative(name).strip()
        ),
        "",
    )
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


@login_required
def library_entry(request: HttpRequest, revision_id: int) -> HttpResponse:
    """One approved contribution, as approved, ready to print for a ministry's sign-off."""
    revision = library_selectors.library_revision_get(user=request.user, revision_id=revision_id)
    return render(
        request,
        "reporting/library_entry.html",
        {
            "revision": revision,
            "submission": revision.submission,
            "view": presentation.revision_view(snapshot.load(revision.content)),
        },
    )
