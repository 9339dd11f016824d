"""Readers' page views counted on the server (cache hits too) and the "Most read"
list they make, in Chromium against the real ASGI application (issue 19)."""

from __future__ import annotations

import pytest

from masthead.readership import counting, flushing, services
from masthead.readership.models import PageViewCount

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]

# Headless Chromium says "HeadlessChrome", which is (rightly) not counted.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def test_views_are_counted_and_make_the_most_read_list(
    asgi_server, make_article, new_page, screenshot
):
    counting.forget_everything()
    hot = make_article("Harbour plan agreed", paragraphs=("The council votes.",))
    other = make_article("Bridge reopens", paragraphs=("Traffic resumed.",))

    reader = new_page(user_agent=READER_AGENT)
    for _ in range(3):
        reader.goto(asgi_server.url + hot.url)  # a render, then cache hits
    reader.goto(asgi_server.url + other.url, referer="https://t.co/x")
    new_page().goto(asgi_server.url + hot.url)  # headless: a bot, not counted
    flushing.flush_now()  # what the flusher thread has not written yet

    rows = PageViewCount.objects.values_list("path", "referrer_host", "views")
    assert sorted(rows) == [(other.url, "t.co", 1), (hot.url, "", 3)]

    services.refresh_most_read()
    page = new_page(user_agent=READER_AGENT, width=1100, height=800)
    page.goto(asgi_server.url + other.url)
    aside = page.locator("aside.most-read")
    aside.scroll_into_view_if_needed()
    items = aside.get_by_role("listitem")
    items.first.wait_for()
    assert items.all_inner_texts() == ["Harbour plan agreed", "Bridge reopens"]
    screenshot(page, "most-read-list")

    page.get_by_role("link", name="What we count when you read").click()
    assert page.get_by_role("heading", name="What we count when you read").is_visible()
    screenshot(page, "what-we-count", full_page=False)
