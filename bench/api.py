"""The content API in one process (issue 20): what a cached answer costs against
building it, for a page of 20 stories and one story.

    python bench/api.py [--stories 60] [--repeats 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mh_api \\
        REDIS_URL=redis://127.0.0.1:6379/2 python bench/api.py

Builds a throwaway test database (Django's test-database machinery, the settings
of the test suite), then sends requests through Django's test client with a
partner key: "hit" is a cached answer (the key and the rate limit still checked:
one query), "build" the same request with the page cache off. Prints median and
p95 milliseconds, queries per request and the ratio. Figures go in the README or
an issue note, never in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(client, url, headers, repeats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:200]
    times.sort()
    return (
        statistics.median(times),
        times[int(len(times) * 0.95) - 1],
        len(queries) / repeats,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        override_settings,
        setup_test_environment,
        teardown_test_environment,
    )

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from wagtail.models import Page, Site

        from masthead.api.services import create_api_key
        from masthead.core.generation import bump_generation
        from masthead.home.models import HomePage
        from tests import factories

        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Home", slug="front-page"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
        section = factories.make_section(home, "World", slug="world")
        people = [factories.make_person(f"Writer {n}") for n in range(5)]
        for n in range(args.stories):
            factories.make_article(
                section,
                f"Story {n}",
                paragraphs=[f"Paragraph {p} of story {n}." for p in range(8)],
                authors=people[n % 5 : n % 5 + 2],
                tags=["Rivers", f"Tag {n % 7}"],
                lead_image=factories.make_image(number=n),
            )
        bump_generation()
        _key, raw_key = create_api_key(name="Bench", rate_limit_per_minute=10**9)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
        client = Client()
        story_id = section.get_children().last().pk
        print(f"{args.stories} stories, {connection.vendor}, {args.repeats} requests")
        print(
            f"{'request':<28} {'hit p50':>8} {'p95':>6} {'q':>4}"
            f" {'build p50':>10} {'p95':>6} {'q':>5} {'ratio':>6}"
        )
        for label, url in (
            ("list of 20", "/api/v1/stories/?limit=20"),
            ("list of 50, by tag", "/api/v1/stories/?tag=rivers&limit=50"),
            ("one story", f"/api/v1/stories/{story_id}/"),
        ):
            client.get(url, **headers)  # renditions made, entry stored
            hit = timed(client, url, headers, args.repeats)
            with override_settings(MASTHEAD_PAGE_CACHE=False):
                build = timed(client, url, headers, max(20, args.repeats // 5))
            print(
                f"{label:<28} {hit[0]:8.2f} {hit[1]:6.2f} {hit[2]:4.1f}"
                f" {build[0]:10.2f} {build[1]:6.2f} {build[2]:5.1f}"
                f" {build[0] / hit[0]:5.1f}x"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
