"""List pages on a big archive (issue 15): uncached render times, one request at a
time, against a database made by ``masthead manage generate_archive``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mh_archive100k \\
        python bench/archive_queries.py [--repeats 30]

Renders in this process through Django's test client with the page cache off
(``MASTHEAD_PAGE_CACHE=0``), so every request runs the view, its queries and its
templates; no HTTP server is involved. Prints, for the front page, a section's
page 1, a deep page and page 2,000 (past the end: a 404), a tag page and an author
page: median and p95 milliseconds and the number of queries. Figures go in the
README or an issue note, never in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup() -> None:
    os.environ["MASTHEAD_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # No collectstatic here: plain static URLs instead of the hashed manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    override_settings(STORAGES=storages).enable()


def pick_urls() -> dict[str, str]:
    from django.db.models import Count
    from taggit.models import Tag

    from masthead.articles.models import ArticleTag
    from masthead.people.models import Person
    from masthead.sections.models import SectionPage

    section = SectionPage.objects.order_by("-numchild").first()
    per_page = SectionPage.per_page
    last_page = max(1, (section.numchild + per_page - 1) // per_page)
    busiest = (
        ArticleTag.objects.values("tag_id").annotate(n=Count("id")).order_by("-n")
    ).first()
    tag = Tag.objects.get(pk=busiest["tag_id"])
    person = Person.objects.filter(slug__startswith="archive-writer-").first()
    return {
        "home": "/",
        f"section page 1 ({section.numchild} stories)": section.url,
        f"section page {last_page} (last)": f"{section.url}?page={last_page}",
        "section page 2000 (404)": f"{section.url}?page=2000",
        f"tag page ({busiest['n']} stories)": f"/tags/{tag.slug}/",
        "author page": f"/authors/{person.slug}/",
    }


def measure(client, url: str, repeats: int) -> tuple[list[float], int, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the process (templates, remembered rows)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    sql_ms = []
    for _ in range(max(3, repeats // 3)):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql_ms.append(sum(float(q["time"]) for q in queries) * 1000)
    return times, response.status_code, len(queries), statistics.median(sql_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    setup()
    from django.test import Client

    from masthead.articles.models import ArticlePage

    client = Client(HTTP_HOST="localhost")
    print(f"stories: {ArticlePage.objects.count()}")
    print(
        f"{'page':42} {'status':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8} {'SQL ms':>7}"
    )
    for name, url in pick_urls().items():
        times, status, queries, sql_ms = measure(client, url, args.repeats)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"{name:42} {status:>6} {statistics.median(times):>10.1f} "
            f"{p95:>8.1f} {queries:>8} {sql_ms:>7.1f}"
        )


if __name__ == "__main__":
    main()
