"""A reader switches the reference story to Arabic and reads it right to left."""

import pytest

from masthead.demo.builders import load_demo
from masthead.demo.translations import HEADLINE as ARABIC_HEADLINE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"


def sideways_overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_switches_the_reference_story_to_arabic(
    page_root, live_server, new_page, screenshot, width
):
    load_demo()
    page = new_page(width=width, height=900)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=HEADLINE).first.click()
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator("html").get_attribute("dir") == "ltr"

    switcher = page.locator(".article__header .language-switcher")
    switcher.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/**")

    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    headline = page.locator("h1")
    assert headline.inner_text() == ARABIC_HEADLINE
    assert headline.evaluate("h => getComputedStyle(h).direction") == "rtl"
    # Right to left: the headline starts at the right edge of its column, the
    # contact button sits bottom-left, the page never scrolls sideways.
    box = headline.bounding_box()
    column = page.locator(".article__header").bounding_box()
    assert abs((box["x"] + box["width"]) - (column["x"] + column["width"])) < 2
    contact = page.locator(".contact-box__button").bounding_box()
    assert contact["x"] < width / 2
    assert sideways_overflow(page) <= 0, f"scrolls sideways at {width}px"
    # The words around the story are Arabic too; photos and credits are kept.
    assert page.locator(".skip-link").inner_text() == "تخطَّ إلى المحتوى"
    assert "حقوق الصورة" in page.locator("article figure figcaption").first.inner_text()
    assert page.locator("nav[aria-label='الأقسام']").count() == 1
    screenshot(page, f"arabic-reference-article-{width}")

    # The contact box and the login popup, opened, in RTL.
    page.locator(".contact-box__button").click()
    page.locator("#contact-panel").wait_for(state="visible")
    panel = page.locator("#contact-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width + 1
    screenshot(page, f"arabic-contact-box-{width}", full_page=False)
    page.locator("[data-contact-close]").click()
    page.locator(".topbar__login").click()
    dialog = page.locator("#login-dialog")
    dialog.wait_for(state="visible")
    assert "سجّل الدخول ببياناتك" in dialog.inner_text()
    assert sideways_overflow(page) <= 0
    screenshot(page, f"arabic-login-popup-{width}", full_page=False)
    page.locator("[data-login-close]").click()

    # And back to the English story.
    page.locator(".article__header .language-switcher").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_arabic_front_page_leads_with_the_arabic_story(
    page_root, live_server, new_page, screenshot
):
    load_demo()
    page = new_page(width=1280, height=900)
    page.goto(live_server.url + "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    lead = page.locator(".front-top__lead .card__headline")
    assert lead.inner_text() == ARABIC_HEADLINE
    assert (
        page.locator("nav[aria-label='الأقسام']")
        .get_by_role("link", name="العالم")
        .is_visible()
    )
    assert sideways_overflow(page) <= 0
    screenshot(page, "arabic-front-page-1280")
    page.locator(".topbar .language-switcher").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.url.rstrip("/") == live_server.url
