"""Each API list makes a fixed number of queries, however much data there is.

The world and its tenfold growth are those of the pages' test
(tests/functional/test_query_counts.py): every list is measured on both, and the count
must be the same.
"""

import pytest
from django.urls import reverse

from gcm_portal.accounts.models import User
from reporting.models import ReportEdition
from tests.api.conftest import api_client
from tests.functional.test_query_counts import SCALE, scale_up
from tests.functional.test_query_counts import world as world

pytestmark = pytest.mark.django_db

# Every call first finds its token with its user.
TOKEN = 1


def _main(world) -> list:
    return [world["main"].pk]


def _cycle(world) -> list:
    return [world["cycle"].code]


# url name, who, url arguments, queries beyond TOKEN
LISTS = [
    # the count; the page
    ("api:objective-list", "alice", None, 2 + 1),  # + the objectives' actions
    ("api:principle-list", "alice", None, 2),
    # + their SDG indicators; their objectives (prefetched)
    ("api:indicator-list", "alice", None, 2 + 2),
    # + supporting organisations; objectives (prefetched)
    ("api:strategy-action-list", "alice", None, 2 + 2),
    ("api:cycle-list", "alice", None, 2),
    # her roles; the count; the page
    ("api:organisation-list", "alice", None, 1 + 2),
    ("api:organisation-list", "rita", None, 1 + 2),
    # her roles (which submissions she sees); the count; the page, with cycles,
    # organisations and subjects
    ("api:submission-list", "alice", None, 1 + 2),
    ("api:submission-list", "rita", None, 1 + 2),
    ("api:submission-list", "victor", None, 1 + 2),
    # roles; the submission; the count; the page (with authors and revisions)
    ("api:submission-comments", "alice", _main, 1 + 1 + 2),
    ("api:submission-comments", "rita", _main, 1 + 1 + 2),
    # roles; the submission; its events with actors and revisions (a list: no count query)
    ("api:submission-events", "rita", _main, 1 + 1 + 1),
    # roles; the submission; its indicator values with indicators (a list: no count query)
    ("api:submission-indicator-values", "alice", _main, 1 + 1 + 1),
    # roles; the submission; the count; the page (with uploaders)
    ("api:submission-evidence", "alice", _main, 1 + 1 + 2),
    # the cycle; roles; the count; the page (with cycles and requesters)
    ("api:cycle-editions", "cora", _cycle, 1 + 1 + 2),
    ("api:cycle-editions", "victor", _cycle, 1 + 1 + 2),
]
DETAILS = [
    # memberships with organisations
    ("api:me", "alice", None, 1),
    # roles; the submission with cycle, organisation and subject; its revisions; who
    # submitted the latest
    ("api:submission-detail", "rita", _main, 1 + 1 + 1 + 1),
    # roles; the submission; the draft: principles, GCM actions, strategy actions,
    # indicator values with indicators; who saved it last
    ("api:submission-draft", "alice", _main, 1 + 1 + 5),
]


def _editions(world, count: int) -> None:
    ReportEdition.objects.bulk_create(
        ReportEdition(
            cycle=world["cycle"],
            kind="regional",
            language="en",
            mode=ReportEdition.Mode.FINAL if n % 2 else ReportEdition.Mode.PREVIEW,
            requested_by=User.objects.get(username="cora"),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("scale", [1, SCALE])
@pytest.mark.parametrize(("name", "who", "arguments", "queries"), LISTS + DETAILS)
def test_queries(world, django_assert_num_queries, name, who, arguments, queries, scale):
    _editions(world, 3)
    if scale > 1:
        scale_up(world, scale)
        _editions(world, 3 * (scale - 1))
    client = api_client(User.objects.get(username=who))
    url = reverse(name, args=arguments(world) if arguments else [])
    with django_assert_num_queries(TOKEN + queries):
        response = client.get(url)
        assert response.status_code == 200, response.content
    if (name, who, arguments, queries) in LISTS:
        assert response.json()["count"] > 0
