"""A reader goes home → section → the reference article, on a phone and a desktop."""

import pytest

from masthead.demo.builders import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"
WIDGET_LINES = [
    "We're not around right now.",
    "Log in with your credentials",
    "Forgot your details?",
]
FIRST_ALT = "US President Donald Trump and Russian President Vladimir Putin"
CAPTIONS = [
    "Mr Trump and Mr Putin at their controversial meeting in Helsinki",
    "Mr Trump has defended Russia in the past over claims of interference in the "
    "2016 election",
]
CREDITS = ["BRENDAN SMIALOWSKI/Getty", "ALEXEY NIKOLSKY/Getty"]


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_reaches_the_reference_article_and_sees_it_faithfully(
    page_root, live_server, new_page, screenshot, width
):

    load_demo()
    page = new_page(width=width, height=900)

    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    screenshot(page, f"home-{width}")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="World"
    ).click()
    assert page.locator("h1").inner_text() == "World"
    screenshot(page, f"section-{width}")
    page.get_by_role("link", name=HEADLINE).first.click()

    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator("h1").count() == 1
    figures = page.locator("article figure.figure")
    assert figures.count() == 2
    for index in range(2):
        caption = figures.nth(index).locator("figcaption").inner_text()
        assert CAPTIONS[index] in caption
        assert f"Image copyright {CREDITS[index]}" in caption
    assert figures.nth(0).locator("img").get_attribute("alt") == FIRST_ALT
    # The second photo had no alt text: its caption stands in.
    assert CAPTIONS[1] in figures.nth(1).locator("img").get_attribute("alt")

    images = page.locator("main img")
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        assert image.get_attribute("alt")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )

    body = page.locator(".article__body").inner_text()
    for line in WIDGET_LINES:
        assert line not in body
    assert body.index("US President Donald Trump has said") < body.index(
        "Mr Mueller concluded his inquiry"
    )
    quote = page.locator(".article__body figure.quote")
    assert "Sarah Sanders" in quote.locator("cite").inner_text()
    post = page.locator(".article__body figure.post").first
    assert (
        "Had a long and very good conversation with President Putin"
        in post.inner_text()
    )
    assert (
        "Originally published by BBC News"
        in page.locator(".article__source").inner_text()
    )

    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"
    screenshot(page, f"reference-article-{width}")
