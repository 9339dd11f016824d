"""An editor adds a correction in the admin and readers see it on the story, dated;
bylines lead to author pages; a live blog reads newest first (phone and desktop)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORRECTION = "An earlier version said the bridge was 400m long. It is 40m."


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def assert_no_sideways_scroll(page, width):
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"


def test_a_correction_added_in_the_admin_shows_on_the_article(
    page_root, home_page, section, live_server, new_page, screenshot, make_article
):
    from tests.factories import make_person

    ensure_newsroom()
    make_staff(roles.EDITOR, "eddie")
    ann = make_person(
        name="Ann Lee",
        role="Transport correspondent",
        bio="Ann covers roads, rail and the river crossings.",
        x_url="https://x.com/annlee",
        bluesky_url="https://bsky.app/profile/annlee.example",
    )
    story = make_article(
        "New bridge opens to traffic",
        standfirst="The crossing took three years to build.",
        paragraphs=["The bridge opened at dawn.", "Cyclists were first across."],
        authors=[ann],
    )
    make_article("Ferry timetable changes", authors=[ann])
    base = live_server.url

    editor = new_page(width=1280, height=1000)
    log_in(editor, base, "eddie")
    editor.goto(f"{base}/admin/pages/{story.pk}/edit/")
    editor.get_by_role("button", name="Add Correction or update").click()
    editor.locator("#id_corrections-0-text").fill(CORRECTION)
    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with editor.expect_navigation():
        editor.locator("button[name='action-publish']").click()
    # Leave the editor so its session pings stop before the test reads the database.
    editor.goto("about:blank")

    for width in (375, 1280):
        reader = new_page(width=width, height=900)
        reader.goto(base + story.url)
        aside = reader.locator("aside.corrections")
        assert aside.locator("li").count() == 1
        assert CORRECTION in aside.inner_text()
        assert "Correction" in aside.inner_text()
        assert aside.locator("time").get_attribute("datetime")
        assert "Updated" in reader.locator(".article__dates").inner_text()
        assert_no_sideways_scroll(reader, width)
        screenshot(reader, f"article-correction-{width}")

        reader.get_by_role("link", name="Ann Lee").click()
        reader.wait_for_url(base + "/authors/ann-lee/")
        assert reader.locator("h1").inner_text() == "Ann Lee"
        stories = reader.locator(".story-list").inner_text()
        assert "New bridge opens to traffic" in stories
        assert "Ferry timetable changes" in stories
        assert_no_sideways_scroll(reader, width)
        screenshot(reader, f"author-page-{width}")


def test_a_live_blog_shows_newest_entries_first_with_key_events(
    page_root, home_page, section, live_server, new_page, screenshot
):
    from masthead.liveblog.models import LiveBlogEntry, LiveBlogPage

    start = timezone.now() - timedelta(hours=4)
    blog = LiveBlogPage(
        title="Storm Ciara: live updates",
        slug="storm-live",
        standfirst="Gales and flooding across the coast.",
    )
    texts = [
        ("Amber warning issued", "Forecasters expect gusts of 80mph.", False),
        ("Trains cancelled", "All coastal services are suspended.", True),
        ("", "Readers send pictures of waves over the sea wall.", False),
        ("Bridge closed", "The new bridge is shut to all traffic.", True),
    ]
    blog.entries = [
        LiveBlogEntry(
            posted_at=start + timedelta(hours=n),
            headline=headline,
            body=f"<p>{body}</p>",
            is_key_event=key,
        )
        for n, (headline, body, key) in enumerate(texts)
    ]
    section.add_child(instance=blog)
    blog.save_revision().publish()

    for width in (375, 1280):
        reader = new_page(width=width, height=900)
        reader.goto(live_server.url + blog.url)
        headlines = reader.locator(".liveblog-entry__headline").all_inner_texts()
        assert headlines == [
            "Bridge closed",
            "Trains cancelled",
            "Amber warning issued",
        ]
        key_events = reader.locator(".key-events a").all_inner_texts()
        assert key_events == ["Bridge closed", "Trains cancelled"]
        reader.locator(".key-events a").first.click()
        assert reader.evaluate("location.hash").startswith("#entry-")
        assert_no_sideways_scroll(reader, width)
        screenshot(reader, f"liveblog-{width}")
