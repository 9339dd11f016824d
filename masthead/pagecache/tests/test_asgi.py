"""The ASGI fast path answers hits before Django builds a request."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.core.asgi import get_asgi_application

from masthead.pagecache.asgi import PageCacheApp

pytestmark = pytest.mark.django_db(transaction=True)


class CountingApp:
    def __init__(self, app):
        self.app, self.calls = app, 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await self.app(scope, receive, send)


async def call(app, path, *, method="GET", headers=()):
    """One request through ``app`` as a server would make it: (status, headers
    with lower-case names, body)."""
    messages, received = [], []

    async def receive():
        if not received:
            received.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    await app(scope, receive, send)
    start = messages[0]
    body = b"".join(m.get("body", b"") for m in messages[1:])
    headers = {name.lower(): value for name, value in start["headers"]}
    return start["status"], headers, body


def request(app, path, *, method="GET", headers=()):
    return async_to_sync(call)(app, path, method=method, headers=headers)


@pytest.fixture
def stack():
    django_app = CountingApp(get_asgi_application())
    return PageCacheApp(django_app), django_app


def test_hit_is_answered_without_calling_django(page_root, make_article, stack):
    app, django_app = stack
    article = make_article(headline="Fast path", paragraphs=["Words " * 200])
    status, headers, body = request(app, article.url)
    assert status == 200 and headers[b"x-cache"] == b"MISS"
    assert django_app.calls == 1
    status, headers, hit = request(
        app, article.url, headers=[(b"accept-encoding", b"br")]
    )
    assert status == 200 and headers[b"x-cache"] == b"HIT"
    assert headers[b"content-encoding"] == b"br"
    assert django_app.calls == 1


def test_fast_path_honours_conditional_requests_and_head(
    page_root, make_article, stack
):
    app, django_app = stack
    article = make_article()
    _, headers, _ = request(app, article.url)
    status, _, body = request(
        app, article.url, headers=[(b"if-none-match", headers[b"etag"])]
    )
    assert (status, body) == (304, b"")
    status, headers, body = request(app, article.url, method="HEAD")
    assert status == 200 and body == b"" and headers[b"x-cache"] == b"HIT"
    assert django_app.calls == 1


def test_a_reader_with_a_session_is_answered_from_the_cache(
    page_root, make_article, stack
):
    app, django_app = stack
    article = make_article()
    request(app, article.url)
    status, headers, _ = request(
        app, article.url, headers=[(b"cookie", b"sessionid=abc")]
    )
    assert status == 200 and headers[b"x-cache"] == b"HIT"
    assert django_app.calls == 1


def test_a_session_miss_goes_to_django_and_is_not_stored(
    page_root, make_article, stack
):
    app, django_app = stack
    article = make_article()
    request(app, article.url, headers=[(b"cookie", b"sessionid=abc")])
    _, headers, _ = request(app, article.url)
    assert headers[b"x-cache"] == b"MISS"  # the anonymous reader renders it afresh
    assert django_app.calls == 2


def test_odd_host_goes_to_django_and_is_refused(page_root, make_article, stack):
    app, django_app = stack
    article = make_article()
    request(app, article.url)
    status, _, _ = request(app, article.url, headers=[(b"host", b"evil.example")])
    assert status == 400
    assert django_app.calls == 2


async def get(app, path):
    """One anonymous GET through ``app``: (status, X-Cache, body)."""
    status, headers, body = await call(app, path)
    return status, headers.get(b"x-cache"), body


def get_at_once(app, path, count):
    async def many():
        return await asyncio.gather(*(get(app, path) for _ in range(count)))

    return async_to_sync(many)()


def test_readers_arriving_during_a_render_wait_for_it(page_root, make_article, stack):
    """A spike on a just-purged story costs one render, not one per reader."""
    app, django_app = stack
    article = make_article(headline="Breaking", paragraphs=["Words " * 200])
    answers = get_at_once(app, article.url, 20)
    assert django_app.calls == 1
    assert {status for status, _, _ in answers} == {200}
    assert sorted(cache for _, cache, _ in answers) == [b"HIT"] * 19 + [b"MISS"]
    assert len({body for _, _, body in answers}) == 1


def test_an_uncacheable_answer_lets_the_waiting_readers_through(page_root, stack):
    app, django_app = stack
    answers = get_at_once(app, "/no-such-story/", 5)
    assert [status for status, _, _ in answers] == [404] * 5
    assert django_app.calls == 5  # a 404 is never stored; each reader is answered


def test_a_head_arriving_first_does_not_make_the_gets_wait_for_nothing(
    page_root, make_article, stack
):
    app, django_app = stack
    article = make_article(headline="Checked by a monitor")

    async def head_then_gets():
        return await asyncio.gather(
            call(app, article.url, method="HEAD"),
            *(get(app, article.url) for _ in range(5)),
        )

    head, *gets = async_to_sync(head_then_gets)()
    assert head[0] == 200  # (the server, not the app, drops a HEAD's body)
    assert sorted(cache for _, cache, _ in gets) == [b"HIT"] * 4 + [b"MISS"]
    assert django_app.calls == 2  # the HEAD and one GET, which stores the page
