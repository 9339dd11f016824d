"""Search, sitemaps and feeds on a big archive (issue 15): wall-clock figures, by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mh_big \\
        python bench/search_feeds.py [--queries 40] [--rounds 3]

Runs in-process against the database DATABASE_URL names (filled with
``masthead manage generate_archive``), with the page cache off, so every figure is
an uncached render. Prints, for two-word searches (the search service, cache
bypassed): p50/p95/max and the number of matches; for every sitemap file (the
index, pages, each section's files, news) and the site, section, tag and author
RSS feeds: best-of-``rounds`` time, size and query count. Run on a quiet machine;
numbers are for comparing, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ["MASTHEAD_PAGE_CACHE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")
    import django

    django.setup()


def timed(call, rounds: int):
    """(best seconds, result, queries of the last call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, result, queries = float("inf"), None, 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            best = min(best, time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return best, result, queries


def bench_search(site, count: int, seed: int) -> None:
    from masthead.search import services
    from masthead.search.models import SearchWord

    words = list(
        SearchWord.objects.order_by("-documents").values_list("word", flat=True)[:300]
    )
    if len(words) < 2:
        from masthead.demo.archive import WORDS

        words = [w for w in WORDS if len(w) > 3]
    rng = random.Random(seed)  # noqa: S311 - the same queries every run
    queries = [" ".join(rng.sample(words, 2)) for _ in range(count)]
    services.search_articles(site, queries[0])  # connection and caches warm
    times, matches = [], []
    for query in queries:
        started = time.perf_counter()
        found = services.search_articles(site, query)
        times.append(time.perf_counter() - started)
        matches.append(len(found))
    times = sorted(t * 1000 for t in times)
    p50, p95 = (
        statistics.median(times),
        times[min(len(times) - 1, int(len(times) * 0.95))],
    )
    print(
        f"search, {count} two-word queries: p50 {p50:.1f} ms,"
        f" p95 {p95:.1f} ms, max {times[-1]:.1f} ms;"
        f" matches (capped at {services.MAX_RESULTS}) median"
        f" {statistics.median(matches):.0f}"
    )
    started = time.perf_counter()
    services.search_articles(site, services.clean_query("harbour " * 5000))
    elapsed = (time.perf_counter() - started) * 1000
    print(f"search, 10,000-character query: {elapsed:.1f} ms")


def bench_urls(client, host: str, urls: list[str], rounds: int) -> None:
    for url in urls:
        seconds, response, queries = timed(
            lambda url=url: client.get(url, HTTP_HOST=host), rounds
        )
        print(
            f"{url}: {seconds * 1000:.1f} ms, {len(response.content) / 1024:.0f} KiB,"
            f" {queries} queries, status {response.status_code}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database holding the archive.")
    setup_django()

    from django.conf import settings
    from django.test import Client
    from taggit.models import Tag
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage
    from masthead.feeds import services as feed_services
    from masthead.people.models import Person

    site = Site.objects.get(is_default_site=True)
    stories = ArticlePage.objects.live().count()
    print(f"{stories} live stories in {settings.DATABASES['default']['NAME']}")
    if not args.skip_search:
        bench_search(site, args.queries, args.seed)

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site.hostname]
    sections = feed_services.list_sections(site)
    urls = ["/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/news.xml"]
    urls += [f"/sitemaps/section-{section.slug}.xml" for section in sections]
    tag = Tag.objects.filter(articles_articletag_items__isnull=False).first()
    author = Person.objects.filter(article_credits__isnull=False).first()
    urls += ["/feeds/rss/", f"/feeds/sections/{sections[0].slug}/rss/"]
    if tag:
        urls.append(f"/feeds/tags/{tag.slug}/rss/")
    if author:
        urls.append(f"/feeds/authors/{author.slug}/rss/")
    urls += [f"/search/?q={'+'.join(['harbour', 'council'])}"]
    bench_urls(Client(), site.hostname, urls, args.rounds)


if __name__ == "__main__":
    main()
