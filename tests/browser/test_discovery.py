"""A reader goes home → search → the reference article → one of its tag pages."""

import pytest

from masthead.demo.builders import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_searches_reads_the_story_and_follows_a_topic(
    page_root, live_server, new_page, screenshot, width
):
    load_demo()
    page = new_page(width=width, height=900)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Search", exact=True).click()
    assert page.locator("h1").inner_text() == "Search"
    page.get_by_label("Search stories").fill("Putin Helsinki")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".search-result").first
    assert first.locator("h2").inner_text() == HEADLINE
    assert first.locator("mark").count() >= 1
    screenshot(page, f"discovery-search-{width}")

    # Misspelled: corrected, with a way back to the exact words.
    page.get_by_label("Search stories").fill("Puttin Helsinky")
    page.get_by_role("button", name="Search").click()
    correction = page.locator(".search-page__correction")
    assert correction.inner_text().startswith("Showing results for Putin Helsinki.")
    assert first.locator("h2").inner_text() == HEADLINE
    screenshot(page, f"discovery-search-corrected-{width}")
    correction.get_by_role("link", name="Search instead for Puttin Helsinky").click()
    assert "No results" in page.locator(".search-page__none").inner_text()
    page.go_back()

    first.get_by_role("link", name=HEADLINE).click()
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator('meta[property="og:image"]').count() == 1
    page.locator(".tag-list").get_by_role(
        "link", name="Russia"
    ).scroll_into_view_if_needed()
    screenshot(page, f"discovery-article-{width}")

    page.locator(".tag-list").get_by_role("link", name="Russia").click()
    assert page.locator("h1").inner_text() == "Russia"
    assert page.get_by_role("link", name=HEADLINE).count() >= 1
    screenshot(page, f"discovery-tag-{width}")

    page.goto(live_server.url + "/tags/russia/?page=abc")
    assert "can't find that page" in page.locator("h1").inner_text()
