"""A reader pastes a whole page, or only symbols, into search: a normal page says
what was searched (issue 15)."""

import pytest

from masthead.demo.builders import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_pasted_page_and_a_line_of_symbols_get_a_plain_answer(
    page_root, live_server, new_page, screenshot
):
    load_demo()
    page = new_page(width=375, height=900)

    words = "Putin Helsinki " + "summit press conference " * 600  # ~14,000 chars
    page.goto(f"{live_server.url}/search/?q={words.replace(' ', '+')}")
    note = page.locator(".search-page__note")
    assert "only its first 12 words" in note.inner_text()
    assert page.locator("#search-q").input_value().startswith("Putin Helsinki")
    # Named by the words searched, not by 200 characters of them.
    named = page.locator(".search-page__count, .search-page__none strong").first
    assert named.inner_text().endswith("summit press conference summit …")
    screenshot(page, "search-long-query-375")

    page.goto(live_server.url + "/search/?q=%26+%7C+%21+%28+%29+%3A+*+%27+%22")
    none = page.locator(".search-page__none")
    assert "type words to search" in none.inner_text()
    screenshot(page, "search-symbols-only-375")
