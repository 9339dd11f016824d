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


def test_arabic_story_scripts_answer_in_arabic(
    page_root, live_server, new_page, screenshot
):
    """The login popup's error and the comments count come from endpoints outside
    /ar/: the page sends its language (?lang=ar) and they answer in Arabic."""
    load_demo()
    page = new_page(width=1280, height=900)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=HEADLINE).first.click()
    page.locator(".article__header .language-switcher").get_by_role(
        "link", name="العربية"
    ).click()
    page.wait_for_url("**/ar/**")
    assert page.locator("html").get_attribute("lang") == "ar"

    # The comments count, a cached fragment fetched near the screen.
    comments = page.locator("#comments")
    comments.scroll_into_view_if_needed()
    count = page.locator("[data-comments-count] .comments-count")
    count.wait_for(state="attached")
    assert "تعليق" in count.inner_text(), count.inner_text()
    assert "comment" not in count.inner_text()
    screenshot(page, "arabic-comments-count-1280", full_page=False)

    # A wrong password in the login popup: the error is Arabic.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(".topbar__login").click()
    dialog = page.locator("#login-dialog")
    dialog.wait_for(state="visible")
    dialog.locator("input[name=login]").fill("nobody@example.com")
    dialog.locator("input[name=password]").fill("not the password")
    dialog.locator("[data-login-submit]").click()
    error = dialog.locator("[data-login-error]")
    error.wait_for(state="visible")
    assert "غير صحيحة" in error.inner_text(), error.inner_text()
    assert "password" not in error.inner_text().lower()
    screenshot(page, "arabic-login-error-1280", full_page=False)
