"""Which responses the ASGI layer counts as page views (pure: a stand-in app)."""

from __future__ import annotations

import asyncio

import pytest

from masthead.readership import counting, flushing
from masthead.readership.asgi import CountingApp

CHROME = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def empty_counter(monkeypatch):
    counting.forget_everything()
    monkeypatch.setattr(flushing, "ensure_started", lambda: None)  # no thread here
    yield
    counting.forget_everything()


def answer(status=200, content_type=b"text/html; charset=utf-8"):
    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type)],
            }
        )
        await send({"type": "http.response.body", "body": b"<p>hi</p>"})

    return app


def request(app, path="/world/story/", method="GET", headers=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"utm_source=x",
        "headers": [(b"user-agent", CHROME.encode()), *headers],
        "client": ("203.0.113.9", 5000),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(CountingApp(app)(scope, receive, send))
    assert sent[0]["type"] == "http.response.start"  # the reader got the page
    return sum(counting.take_counts().values())


def test_a_page_sent_is_counted_without_its_query_string():
    request(answer())
    assert request(answer()) == 1


def test_a_page_the_browser_already_has_is_counted_but_not_a_feed():
    page = ((b"accept", b"text/html,application/xhtml+xml"),)
    assert request(answer(304), headers=page) == 1
    feed = ((b"accept", b"application/rss+xml"),)
    assert request(answer(304), "/feeds/rss/", headers=feed) == 0


@pytest.mark.parametrize(
    "app, path, method, headers",
    [
        (answer(404), "/missing/", "GET", ()),
        (answer(content_type=b"application/json"), "/live/1/entries.json", "GET", ()),
        (answer(), "/world/story/", "HEAD", ()),
        (answer(), "/admin/pages/", "GET", ()),
        (answer(), "/accounts/login/", "GET", ()),
        (answer(), "/fragments/most-read/", "GET", ()),
        (answer(), "/world/story/", "GET", ((b"sec-purpose", b"prefetch"),)),
    ],
)
def test_what_is_not_a_page_view_is_not_counted(app, path, method, headers):
    assert request(app, path, method, headers) == 0


def test_counting_switched_off(settings):
    settings.MASTHEAD_COUNT_VIEWS = False
    assert request(answer()) == 0
