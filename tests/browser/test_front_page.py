"""Readers see the front page the editors curated (an older picked lead, then the
latest list) on a phone and a desktop; a wrong address and a fault show friendly
404 and 500 pages."""

import pytest
from wagtail.models import Locale

from masthead.articles.models import ArticlePage
from masthead.demo.builders import load_demo
from masthead.home.models import FrontPageStory, HomePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def assert_no_sideways_scroll(page, width):
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"


BRIEFS = [
    "Tram line closed overnight for track repairs",
    "Storm warning lifted for the coast",
    "Museum extends opening hours for the summer",
    "Second-hand bookshop wins city heritage award",
    "Harbour ferry timetable changes from Monday",
    "Schools report record turnout for science fair",
    "New cycle lane opens on the river embankment",
    "Market traders vote to keep Sunday opening",
]


def add_briefs():
    """Short stories from the last hours, so the latest list has something to list."""
    from datetime import timedelta

    from django.utils import timezone

    from masthead.articles.blocks import paragraph_from_text
    from masthead.articles.services import create_article
    from masthead.sections.models import SectionPage

    sections = list(SectionPage.objects.live().order_by("path"))
    now = timezone.now()
    for n, headline in enumerate(BRIEFS):
        create_article(
            section=sections[n % len(sections)],
            headline=headline,
            body=[("paragraph", paragraph_from_text(f"{headline}. More soon."))],
            publish=True,
            first_published_at=now - timedelta(minutes=20 * (n + 1)),
        )


def pick_oldest_story_as_lead():
    """Publish the front page with the oldest demo story as its lead (through the
    real publish path, so the page cache is purged on commit)."""
    # The English front page and stories (the demo has an Arabic one, issue 20).
    default = Locale.get_default()
    stories = ArticlePage.objects.published().filter(locale=default).newest_first()
    newest, oldest = stories.first(), stories.last()
    home = HomePage.objects.get(locale=default)
    home.picks = [FrontPageStory(story=oldest)]
    home.save_revision().publish()
    return newest, oldest


@pytest.mark.parametrize("width", [375, 1280])
def test_the_curated_front_page_leads_with_the_picked_story(
    page_root, live_server, new_page, screenshot, width
):
    load_demo()
    add_briefs()
    newest, oldest = pick_oldest_story_as_lead()
    assert newest.pk != oldest.pk
    page = new_page(width=width, height=900)

    page.goto(live_server.url + "/")
    lead = page.locator(".front-top__lead .card__headline")
    assert lead.inner_text() == oldest.title
    top = page.locator(".front-top__list .card__headline").all_inner_texts()
    assert top[0] == newest.title  # the empty places fill with the newest
    latest = page.get_by_role("region", name="Latest")
    assert latest.is_visible()
    items = latest.locator(".latest__item")
    assert items.count() == 8
    shown_above = {oldest.title, *top}
    for index in range(items.count()):
        item = items.nth(index)
        assert item.locator("a").inner_text() not in shown_above
        assert item.locator("time").get_attribute("datetime")
    assert_no_sideways_scroll(page, width)
    screenshot(page, f"front-page-{width}")

    latest.scroll_into_view_if_needed()
    screenshot(page, f"front-page-latest-{width}", full_page=False)

    dark = new_page(width=width, height=900, color_scheme="dark")
    dark.goto(live_server.url + "/")
    dark.get_by_role("region", name="Latest").scroll_into_view_if_needed()
    screenshot(dark, f"front-page-latest-{width}-dark", full_page=False)

    lead.get_by_role("link").click()
    assert page.locator("h1").inner_text() == oldest.title


def test_a_wrong_address_and_a_fault_show_friendly_pages_on_a_phone(
    page_root, live_server, new_page, screenshot, monkeypatch
):
    load_demo()
    lost = new_page(width=375, height=800)
    response = lost.goto(live_server.url + "/world/no-such-story/")
    assert response.status == 404
    assert lost.locator("h1").inner_text() == "We can't find that page"
    assert_no_sideways_scroll(lost, 375)
    screenshot(lost, "error-404-375")

    def broken_get_context(self, request, *args, **kwargs):
        raise RuntimeError("front page fault (deliberate, for this test)")

    monkeypatch.setattr(HomePage, "get_context", broken_get_context)
    page = new_page(width=375, height=800)
    response = page.goto(live_server.url + "/")
    assert response.status == 500
    assert page.locator("h1").inner_text() == "Something went wrong on our side"
    assert page.locator(".wordmark").inner_text() == "Masthead"  # not "Front page"
    assert "Traceback" not in page.content()
    # The site's stylesheet applied: the header has the site's surface and rule.
    border = page.locator(".site-header").evaluate(
        "el => getComputedStyle(el).borderBottomStyle"
    )
    assert border == "solid"
    assert page.get_by_role("link", name="Go to the front page").is_visible()
    assert_no_sideways_scroll(page, 375)
    screenshot(page, "error-500-375")
    dark = new_page(width=375, height=800, color_scheme="dark")
    dark.goto(live_server.url + "/")
    screenshot(dark, "error-500-375-dark")
