"""A live blog is found on the front page and its section, and a reader on it
sees a new entry without reloading: the page polls, offers "1 new update", and
inserts it at the top when asked (phone and desktop)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_finds_the_live_blog_and_sees_a_new_entry_without_reloading(
    page_root, home_page, section, live_server, new_page, screenshot
):
    from masthead.liveblog.services import add_live_blog_entry, create_live_blog

    ann = make_person("Ann Lee", role="Weather correspondent")
    blog = create_live_blog(
        section=section,
        headline="Storm Ciara: live updates",
        standfirst="Gales and flooding across the coast.",
        authors=[ann],
    )
    start = timezone.now() - timedelta(hours=2)
    for n, (headline, body) in enumerate(
        [
            ("Amber warning issued", "Forecasters expect gusts of 80mph."),
            ("Trains cancelled", "All coastal services are suspended."),
        ]
    ):
        add_live_blog_entry(
            blog=blog,
            headline=headline,
            body=f"<p>{body}</p>",
            author=ann,
            posted_at=start + timedelta(hours=n),
        )

    for width in (375, 1280):
        reader = new_page(width=width, height=900)
        reader.goto(live_server.url + "/")
        assert reader.get_by_role("link", name="Storm Ciara: live updates").count()
        reader.goto(live_server.url + section.url)
        reader.get_by_role("link", name="Storm Ciara: live updates").first.click()
        reader.wait_for_url(live_server.url + blog.url)
        assert reader.locator(".article__byline").inner_text().startswith("By Ann Lee")
        button = reader.locator("[data-liveblog-show]")
        assert button.is_hidden()
        before = reader.locator(".liveblog-entry__headline").all_inner_texts()

        # Published the way the admin publishes: a new revision of the blog.
        add_live_blog_entry(
            blog=blog,
            headline=f"Bridge closed ({width})",
            body="<p>The new bridge is shut to all traffic.</p>",
            author=ann,
        )
        # Coming back to the tab polls at once (otherwise every 20 s).
        reader.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        button.wait_for(state="visible", timeout=10_000)
        assert button.inner_text() == "1 new update"
        # Nothing moved under the reader until they ask.
        assert reader.locator(".liveblog-entry__headline").all_inner_texts() == before
        screenshot(reader, f"liveblog-new-update-{width}", full_page=False)

        button.click()
        headlines = reader.locator(".liveblog-entry__headline").all_inner_texts()
        assert headlines[0] == f"Bridge closed ({width})"
        assert button.is_hidden()
        first = reader.locator(".liveblog-entry").first
        assert "By Ann Lee" in first.inner_text()
        overflow = reader.evaluate(
            "document.scrollingElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        screenshot(reader, f"liveblog-live-{width}")
