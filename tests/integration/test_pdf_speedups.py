"""The start-up fix for the PDF writer's quadratic page lookups (reporting/pdf/speedups.py):
same bytes as upstream, and a loud refusal when upstream changes."""

import pydyf
import pytest

from reporting.pdf import speedups
from reporting.pdf.render import render_pdf

# Enough pages, headings, lists, tables and links for the tags and links to look pages up.
HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sample</title>
<meta name="dcterms.created" content="2026-01-01T00:00:00Z">
<meta name="dcterms.modified" content="2026-01-01T00:00:00Z">
<style>section { break-after: page; }</style></head><body>
<nav><ol>{contents}</ol></nav>{sections}</body></html>"""


def sample() -> str:
    contents = "".join(f'<li><a href="#s{n}">Part {n}</a></li>' for n in range(40))
    sections = "".join(
        f'<section id="s{n}"><h2>Part {n}</h2><p>Text of part {n}.</p>'
        f"<table><tr><th scope='col'>A</th></tr><tr><td>{n}</td></tr></table>"
        f'<ul><li>one</li><li>two</li></ul><p><a href="#s0">Back</a></p></section>'
        for n in range(40)
    )
    return HTML.replace("{contents}", contents).replace("{sections}", sections)


def test_the_fix_is_installed_and_writes_the_same_bytes():
    assert pydyf.PDF.__dict__["page_references"].fget is speedups.page_references
    fixed = render_pdf(sample())
    try:
        pydyf.PDF.page_references = speedups.upstream
        original = render_pdf(sample())
    finally:
        pydyf.PDF.page_references = property(speedups.page_references)
    assert fixed.page_count == original.page_count >= 40
    assert fixed.pdf == original.pdf


def test_the_cached_references_follow_added_pages():
    document = pydyf.PDF()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = document.page_references
    assert document.page_references is first  # kept while nothing changed
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(document.page_references) == 4 == len(first) + 1


def test_a_changed_upstream_is_refused_at_start_up(monkeypatch):
    def page_references(self):
        return ()

    monkeypatch.setattr(pydyf.PDF, "page_references", property(page_references))
    with pytest.raises(speedups.UpstreamChanged, match="update UPSTREAM_SHA256"):
        speedups.apply()
