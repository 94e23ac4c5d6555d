"""A viewer of the Ministry of Planning finds an approved contribution in the library by a word
of it, reads it and prints it; in English and Arabic, at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.builders import approve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHELTERS = "Two shelters for trafficking survivors opened in Basra and Erbil in 2023."
ARABIC = "افتُتحت وحدة لحماية الناجين من الاتجار بالبشر في نينوى عام 2023."


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_a_viewer_finds_reads_and_prints_an_approved_contribution(
    new_page, check, open_cycle, alice, bob, rita, victor, moi, momd, width
):
    approve(bob, rita, open_cycle, moi, 10, progress=SHELTERS)
    approve(alice, rita, open_cycle, momd, 7, progress=ARABIC, language="ar")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    login(page, "victor")
    page.get_by_role("link", name="Library").click()
    expect(page.locator("h1")).to_have_text("Library of approved contributions")
    page.fill("#id_text", "shelters Basra")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".library-result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Ministry of Interior")
    assert fits_the_screen(page)
    check(page, f"{width}-en-found")
    results.first.locator("a").click()
    expect(page.locator(".revision-text").first).to_have_text(SHELTERS)
    assert fits_the_screen(page)
    # The print view leaves out the menus and buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".revision-text").first).to_be_visible()
    page.emulate_media(media="screen")

    # In Arabic: an Arabic word finds the Arabic text, which reads right to left.
    page.locator("button[name=language]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto("/library/?text=" + "نينوى")
    expect(results).to_have_count(1)
    expect(results.first.locator(".library-result__excerpt")).to_have_attribute("dir", "rtl")
    assert fits_the_screen(page)
    check(page, f"{width}-ar-found")
