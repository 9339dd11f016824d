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
    # One GET renders and stores the page. The HEAD renders too unless its shared
    # lookup (in a thread, with Redis) lets the GET start first: it then waits
    # for that render and is answered from the cache.
    assert django_app.calls in (1, 2)


SECURITY_HEADERS = (
    b"strict-transport-security",
    b"x-content-type-options",
    b"referrer-policy",
    b"cross-origin-opener-policy",
    b"content-security-policy",
)


@pytest.fixture
def production_security(settings):
    """Security settings as ``MASTHEAD_ENV=production`` has them, behind a proxy."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    return [(b"x-forwarded-proto", b"https")]


@pytest.mark.parametrize(
    "kind", ["page", "rss feed", "sitemap", "json feed"], ids=lambda kind: kind
)
def test_hits_and_304s_carry_the_security_headers_of_the_miss(
    production_security, page_root, make_article, stack, kind
):
    app, django_app = stack
    article = make_article(headline="Secure story", paragraphs=["Words " * 200])
    path = {
        "page": article.url,
        "rss feed": "/feeds/rss/",
        "sitemap": "/sitemap.xml",
        "json feed": "/feeds/json/",
    }[kind]
    https = production_security
    _, miss, _ = request(app, path, headers=https)
    assert miss[b"x-cache"] == b"MISS"
    _, hit, _ = request(app, path, headers=[*https, (b"accept-encoding", b"gzip")])
    assert hit[b"x-cache"] == b"HIT"
    status, not_modified, _ = request(
        app, path, headers=[*https, (b"if-none-match", hit[b"etag"])]
    )
    assert status == 304
    assert django_app.calls == 1
    expected = {name: miss.get(name) for name in SECURITY_HEADERS}
    assert expected[b"strict-transport-security"] == b"max-age=3600"
    assert expected[b"x-content-type-options"] == b"nosniff"
    for answer in (hit, not_modified):
        assert {name: answer.get(name) for name in SECURITY_HEADERS} == expected


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A throwaway redis-server of this test's own (the shared one is never paused)."""
    import shutil
    import subprocess
    import time

    import redis

    server = shutil.which("redis-server")
    assert server, "redis-server is needed (apt-get install redis-server)"
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port, client
    process.terminate()
    process.wait(10)


@pytest.fixture
def pages_in_own_redis(settings, own_redis):
    from masthead.core import generation
    from masthead.pagecache.store import recent_pages

    port, client = own_redis
    settings.CACHES = {
        **settings.CACHES,
        "pagecache": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }
    generation.breaker.reset()
    generation._memo.update(value=-1, read_at=-1e9)
    generation.forget_key_versions()
    recent_pages().clear()
    yield client
    generation.breaker.reset()
    generation._memo.update(value=-1, read_at=-1e9)
    generation.forget_key_versions()
    recent_pages().clear()


def test_with_redis_paused_hits_keep_flowing_and_misses_render(
    pages_in_own_redis, page_root, make_article, stack
):
    import time

    app, django_app = stack
    hot = make_article(headline="Hot story", paragraphs=["Words " * 200])
    cold = make_article(headline="Cold story", paragraphs=["Other " * 200])
    assert request(app, hot.url)[1][b"x-cache"] == b"MISS"
    assert request(app, hot.url)[1][b"x-cache"] == b"HIT"
    time.sleep(0.3)  # what this process remembers (generation, versions) is stale

    pages_in_own_redis.execute_command("CLIENT", "PAUSE", 5000)
    paused_until = time.monotonic() + 5

    async def while_paused():
        hits = await asyncio.gather(*(get(app, hot.url) for _ in range(20)))
        hits_done = time.monotonic()
        miss = await get(app, cold.url)
        return hits, hits_done, miss, time.monotonic()

    hits, hits_done, miss, miss_done = async_to_sync(while_paused)()
    assert hits_done < paused_until  # 20 hits complete before the pause ends
    assert [(status, cache) for status, cache, _ in hits] == [(200, b"HIT")] * 20
    status, _, body = miss
    assert status == 200 and b"Cold story" in body  # a miss degrades to a render
    assert miss_done < paused_until
    assert django_app.calls == 2
