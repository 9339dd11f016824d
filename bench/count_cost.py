"""What counting a page view costs a cache hit (issue 19: < 3 % CPU per hit).

    python bench/count_cost.py [--requests 100000] [--rounds 5]

In one process (embedded settings: the page cache in process memory), interleaved
rounds of real page-cache hits: ``pagecache.asgi.PageCacheApp`` answering a stored
35 KB page, bare and wrapped in ``readership.asgi.CountingApp`` as ``masthead.asgi``
wraps it (with the flusher's sorting-out of the round's counts). CPU time per
request, medians, and the ratio. No socket and no HTTP parsing is in either
figure, so the share printed is larger than counting's share of a hit served
through uvicorn. Browser user agents, 1,000 clients; the database write is not
in the figure (one statement per 500 distinct entries every 10 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")
os.environ.setdefault("MASTHEAD_DATA_DIR", tempfile.mkdtemp(prefix="count-bench-"))
os.environ.setdefault("ALLOWED_HOSTS", "news.example")

import django

django.setup()

from masthead.readership import counting, flushing  # noqa: E402
from masthead.readership.asgi import CountingApp  # noqa: E402

BODY = b"x" * 35_000
HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"cache-control", b"public, max-age=60"),
    (b"etag", b'"abc"'),
    (b"x-cache", b"HIT"),
]
AGENT = b"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


async def never_called(scope, receive, send):
    raise AssertionError(f"a miss: {scope['path']} was not in the page cache")


def store_pages() -> None:
    """Put the 500 story pages the requests ask for in the page cache."""
    from masthead.core.generation import current_generation
    from masthead.pagecache.lookup import cache_key_for_request
    from masthead.pagecache.serve import build_cached_page
    from masthead.pagecache.store import store_page

    page = build_cached_page(
        status=200,
        headers=[(name.decode(), value.decode()) for name, value in HEADERS],
        body=BODY,
    )
    for n in range(500):
        key = cache_key_for_request(
            method="GET",
            host="news.example",
            path=f"/world/story-{n}/",
            query_string="",
            cookie_header="",
            has_authorization=False,
            is_secure=False,
            generation=current_generation(),
        )
        store_page(key, page)


async def drive(app, requests: int) -> float:
    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        pass

    scopes = [
        {
            "type": "http",
            "method": "GET",
            "path": f"/world/story-{n % 500}/",
            "query_string": b"",
            "headers": [
                (b"host", b"news.example"),
                (b"user-agent", AGENT),
                (b"accept", b"text/html"),
                (b"referer", b"https://t.co/x"),
            ],
            "client": (f"10.0.{n % 250}.{n % 199}", 5000),
        }
        for n in range(1000)
    ]
    started = time.process_time()
    for n in range(requests):
        await app(scopes[n % 1000], receive, send)
    if isinstance(app, CountingApp):
        counting.take_counts()  # the flusher's sorting-out belongs to the cost
    return (time.process_time() - started) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    flushing.ensure_started = lambda: None  # the request path only
    from masthead.pagecache.asgi import PageCacheApp

    store_pages()
    hit = PageCacheApp(never_called)
    counted = CountingApp(hit)
    bare, wrapped = [], []
    for round_number in range(args.rounds):
        # Alternate which goes first, so warm-up and drift fall on both alike.
        order = [(hit, bare), (counted, wrapped)]
        for app, results in order if round_number % 2 == 0 else order[::-1]:
            counting.forget_everything()
            results.append(asyncio.run(drive(app, args.requests)))
    b, w = statistics.median(bare), statistics.median(wrapped)
    print(f"requests per round: {args.requests}, rounds: {args.rounds}")
    print(f"page-cache hit, bare:     {b * 1e6:8.2f} µs CPU per request (median)")
    print(f"page-cache hit, counted:  {w * 1e6:8.2f} µs CPU per request (median)")
    print(
        f"counting adds:            {(w - b) * 1e6:8.2f} µs per view, {w / b - 1:.1%}"
    )


if __name__ == "__main__":
    main()
