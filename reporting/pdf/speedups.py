"""A narrow fix, applied at start-up, for a cost in the PDF writer that grows with the square
of the page count.

WeasyPrint's PDF tagging and its links read `pydyf.PDF.page_references` once per tagged
element or link; upstream, that property builds a new tuple of every page's reference on each
read, so a report of n pages with m tagged elements spends O(m·n) there (a quarter of a
1,300-page compile). The replacement keeps the tuple while the page list has not grown and
returns the same bytes, so the PDF is unchanged.

The fix replaces exactly the upstream code whose source hash is UPSTREAM_SHA256: when pydyf
changes it, `apply()` raises at start-up instead of silently patching something else. Check
the new upstream code, then update the hash (or drop this module if upstream fixed it).
"""

import hashlib
import inspect
import textwrap

import pydyf

UPSTREAM_SHA256 = "3175bae9885c04002ce255130a135c27ba05233eab15fa2eb9b6caaea0e45865"
_CACHE = "_portal_page_references"
# The property replaced, kept for the test that compares the two outputs.
upstream: property | None = None


class UpstreamChanged(RuntimeError):
    """The code the fix replaces is not the code it was written for."""


def page_references(self) -> tuple[bytes, ...]:
    """The same tuple upstream builds, built again only when the page list has changed."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get(_CACHE)
    if cached is not None and cached[0] is kids and cached[1] == len(kids):
        return cached[2]
    references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
    self.__dict__[_CACHE] = (kids, len(kids), references)
    return references


def upstream_digest(function) -> str:
    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()


def apply() -> None:
    """Install the fix once; refuse to when the upstream code is not the expected one."""
    current = pydyf.PDF.__dict__.get("page_references")
    if isinstance(current, property) and current.fget is page_references:
        return
    if not isinstance(current, property) or upstream_digest(current.fget) != UPSTREAM_SHA256:
        raise UpstreamChanged(
            f"pydyf {pydyf.__version__}: PDF.page_references is not the code "
            "reporting/pdf/speedups.py replaces; check it and update UPSTREAM_SHA256."
        )
    global upstream
    upstream = current
    pydyf.PDF.page_references = property(page_references)
