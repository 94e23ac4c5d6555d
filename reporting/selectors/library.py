"""The library: every member browses and searches the approved content.

It lists the latest approved revision of each submission (what the reports print), filtered
by cycle, objective, strategy action, organisation and kind of organisation, and searched in
the revisions' text (reporting/library.py): PostgreSQL full-text search in English and Arabic
(stemmed, ranked), a plain "contains every word" search on SQLite.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from gcm_portal.accounts.models import Organisation, User
from reporting import access, library
from reporting.models import Revision

# As the review queue reads them.
KINDS = {
    "government": Q(submission__organisation__kind__in=Organisation.GOVERNMENT_KINDS),
    "cso": Q(submission__organisation__kind=Organisation.Kind.CSO),
}


@dataclass(frozen=True)
class LibraryFilters:
    cycle: str = ""  # a cycle's code
    objective: int | None = None
    strategy_action: str = ""  # an action's code
    organisation: int | None = None
    kind: str = ""  # a key of KINDS
    text: str = ""


def approved_revisions() -> QuerySet[Revision]:
    """The latest approved revision of each submission."""
    newer = Revision.objects.filter(
        submission=OuterRef("submission"), approved_at__isnull=False, number__gt=OuterRef("number")
    )
    return Revision.objects.filter(approved_at__isnull=False).exclude(Exists(newer))


def library_search(*, user: User, filters: LibraryFilters) -> QuerySet[Revision]:
    """The approved revisions the filters select, best match first when text is searched,
    newest approval first otherwise."""
    if not access.may_read_library(user=user):
        return Revision.objects.none()
    revisions = approved_revisions().select_related(
        "submission__cycle",
        "submission__organisation",
        "submission__objective",
        "submission__strategy_action",
        "submission__section",
    )
    if filters.cycle:
        revisions = revisions.filter(submission__cycle__code=filters.cycle)
    if filters.objective:
        revisions = revisions.filter(submission__objective__number=filters.objective)
    if filters.strategy_action:
        revisions = revisions.filter(submission__strategy_action__code=filters.strategy_action)
    if filters.organisation:
        revisions = revisions.filter(submission__organisation_id=filters.organisation)
    if filters.kind in KINDS:
        revisions = revisions.filter(KINDS[filters.kind])
    text = library.normalise(filters.text)
    if not text:
        return revisions.order_by("-approved_at", "-pk")
    if connection.vendor == "postgresql":
        vector = SearchVector("search_text", config="english") + SearchVector(
            "search_text", config="arabic"
        )
        query = SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
            text, config="arabic", search_type="websearch"
        )
        return (
            revisions.annotate(found=vector, rank=SearchRank(vector, query))
            .filter(found=query)
            .order_by("-rank", "-approved_at", "-pk")
        )
    for word in text.split():
        revisions = revisions.filter(search_text__icontains=word.strip('"'))
    return revisions.order_by("-approved_at", "-pk")


def library_revision_get(*, user: User, revision_id: int) -> Revision:
    """An approved revision, to anyone who may read the library; Http404 otherwise (and for a
    revision a later approval replaced: the library shows what the reports print)."""
    if not access.may_read_library(user=user):
        raise Http404
    revision = (
        approved_revisions()
        .select_related(
            "submission__cycle",
            "submission__organisation",
            "submission__objective",
            "submission__strategy_action",
            "submission__section",
        )
        .filter(pk=revision_id)
        .first()
    )
    if revision is None:
        raise Http404
    return revision
