"""The table machinery of the access tests (pages: tests/functional/test_permissions.py; the
API: tests/api/test_access.py): rows of who gets what, grouped into one case per key, each
checked to name every persona once; and each persona's attempt made on the same data."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# In a row, "anyone else": every signed-in persona not named in another row of the same key.
ELSE = "anyone else"


@dataclass(frozen=True)
class Case:
    """One key (url, method or action, owner, state) and what each persona gets:
    {who: (status, changed)}."""

    url: str
    method: str
    owner: str
    state: str
    expected: dict[str, tuple]

    def __str__(self) -> str:
        return "-".join(p for p in (self.url, self.method, self.owner, self.state) if p)


def expand(
    rows: list[tuple],
    *,
    key_size: int,
    signed_in: list[str],
    anonymous: Callable[..., tuple] | None = None,
) -> list[Case]:
    """Group rows (key..., who, status, changed) per key; check each key names every signed-in
    persona exactly once; add what `anonymous(*key)` says a visitor gets, if given."""
    expected = defaultdict(dict)
    for row in rows:
        key, (who, status, changed) = row[:key_size], row[key_size:]
        named = set(signed_in) - set(expected[key]) if who == ELSE else set(who.split())
        assert not named & set(expected[key]), f"{key}: {named & set(expected[key])} twice"
        expected[key].update(dict.fromkeys(named, (status, changed)))
    people = [*signed_in, "anonymous"] if anonymous else list(signed_in)
    cases = []
    for key, decided in expected.items():
        assert set(decided) == set(signed_in), f"{key}: {set(signed_in) - set(decided)} open"
        if anonymous:
            decided = {**decided, "anonymous": anonymous(*key)}
        cases.append(Case(*(*key, "", "")[:4], {p: decided[p] for p in people}))
    return cases


class _Undo(Exception):
    pass


def each_persona(people: list[str], attempt: Callable[[str], tuple]) -> dict[str, tuple]:
    """Return {who: attempt(who)}, each attempt made on the same data and then rolled back."""
    outcomes = {}
    for who in people:
        try:
            with transaction.atomic():
                outcomes[who] = attempt(who)
                raise _Undo
        except _Undo:
            pass
    return outcomes


# --- every URL of the project ------------------------------------------------------------


def project_urls(resolver=None, namespace: str = "", params: tuple = ()):
    """Yield (name, parameter names) for every named URL, walking included resolvers."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = (*params, *_parameters(pattern))
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from project_urls(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, found


def _parameters(pattern) -> tuple:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.pattern.regex.groupindex)


SAMPLE_ARGUMENTS = {
    "cycle_code": "arab-regional-2028",
    "app_label": "reporting",
    "content_type_id": 1,
    "object_id": 1,
}


def sample_url(name: str, parameters: tuple) -> str:
    return reverse(name, kwargs={p: SAMPLE_ARGUMENTS.get(p, 1) for p in parameters})
