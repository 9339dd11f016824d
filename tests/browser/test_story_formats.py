"""A story with a list, a table, a YouTube embed, an audio file and an HTML chart,
on a phone and a desktop, light and dark. The video loads only when the reader
clicks, and nothing is requested from a third party before that click (the
player's address is answered by a local stub: nothing leaves the machine)."""

import io
import re
import wave

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
CHART = (
    '<figure><svg viewBox="0 -10 300 130" role="img" aria-label="Passengers by year">'
    '<rect x="10" y="50" width="60" height="60" fill="#a3141c"></rect>'
    '<rect x="110" y="30" width="60" height="80" fill="#a3141c"></rect>'
    '<rect x="210" y="10" width="60" height="100" fill="#a3141c"></rect>'
    '<text x="20" y="45">2023</text><text x="120" y="25">2024</text>'
    '<text x="220" y="8">2025</text></svg>'
    "<figcaption>Passengers, thousands</figcaption></figure>"
    "<script>alert('not run')</script>"
)


def wav_bytes(seconds=1.0, rate=8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes([128]) * int(rate * seconds))
    return buffer.getvalue()


def make_story(make_article):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from masthead.articles.blocks import ArticleBodyBlock

    audio = get_document_model().objects.create(
        title="Harbour master interview",
        file=ContentFile(wav_bytes(), name="harbour-master.wav"),
    )
    raw = [
        ("paragraph", "<p>What changes on Monday:</p>"),
        (
            "paragraph",
            "<ul><li>Ferries leave every 20 minutes</li>"
            "<li>The night bus stops at the quay</li></ul>"
            "<ol><li>Buy a ticket</li><li>Board at gate 2</li></ol>",
        ),
        (
            "table",
            {
                "table": {
                    "caption": "Ferry passengers by year",
                    "columns": [
                        {"type": "text", "heading": "Year"},
                        {"type": "number", "heading": "Passengers"},
                        {"type": "number", "heading": "Change"},
                    ],
                    "rows": [
                        {"values": ["2023", "1,112,400", "–"]},
                        {"values": ["2024", "1,204,050", "+8.2%"]},
                        {"values": ["2025", "1,310,900", "+8.9%"]},
                    ],
                },
                "first_column_is_header": True,
                "source": "Harbour authority",
            },
        ),
        (
            "embed",
            {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "The harbour master's statement",
                "caption": "The statement in full, recorded on Friday.",
            },
        ),
        (
            "media",
            {
                "file": audio.pk,
                "title": "",
                "caption": "The harbour master on the new timetable.",
                "credit": "Courier audio",
                "transcript": "We expect the first ferry at six.",
            },
        ),
        ("html", CHART),
    ]
    body = ArticleBodyBlock().to_python([{"type": t, "value": v} for t, v in raw])
    return make_article(
        "Ferries every 20 minutes from Monday",
        standfirst="The harbour's new timetable, in numbers.",
        body=[(block.block_type, block.value) for block in body],
    )


def watch_requests(page, base):
    """Third-party requests are recorded; the player's address gets a stub page,
    anything else from outside is refused."""
    outside = []

    def handle(route):
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
            return
        outside.append(url)
        if url.startswith(PLAYER):
            route.fulfill(
                status=200,
                content_type="text/html",
                body="<body style='margin:0;display:grid;place-items:center;"
                "height:100vh;background:#222;color:#fff;font:24px sans-serif'>"
                "Stub player</body>",
            )
        else:
            route.abort()

    page.route(re.compile(r".*"), handle)
    return outside


def assert_no_sideways_scroll(page, width):
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize(
    ("width", "scheme"), [(375, "light"), (1280, "light"), (375, "dark")]
)
def test_story_formats_render_and_the_video_loads_on_click(
    page_root, live_server, new_page, screenshot, make_article, width, scheme
):
    story = make_story(make_article)
    base = live_server.url
    page = new_page(width=width, height=900, color_scheme=scheme)
    outside = watch_requests(page, base)
    page.goto(base + story.url)

    body = page.locator(".article__body")
    assert body.locator("ul > li").count() == 2 and body.locator("ol > li").count() == 2
    table = body.locator(".data-table table")
    assert table.locator("caption").inner_text() == "Ferry passengers by year"
    assert table.locator("th[scope=col]").count() == 3
    assert table.locator("th[scope=row]").count() == 3
    assert body.locator(".html-block svg rect").count() == 3
    assert body.locator(".html-block script").count() == 0
    audio = body.locator("audio[controls][preload=metadata]")
    assert audio.count() == 1
    page.wait_for_function("document.querySelector('audio').readyState >= 1")
    assert page.locator("iframe").count() == 0
    button = page.get_by_role("button", name="Load content from YouTube")
    assert button.is_visible()
    assert outside == [], outside  # nothing from a third party before the click
    assert_no_sideways_scroll(page, width)
    screenshot(page, f"story-formats-{width}-{scheme}")

    button.click()
    frame = page.locator("figure.embed iframe")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    assert frame.get_attribute("title") == "The harbour master's statement"
    player = page.frame_locator("figure.embed iframe")
    player.locator("text=Stub player").wait_for()
    assert outside == [PLAYER]
    assert_no_sideways_scroll(page, width)
    page.locator("figure.embed").scroll_into_view_if_needed()
    screenshot(page, f"story-formats-{width}-{scheme}-video", full_page=False)
