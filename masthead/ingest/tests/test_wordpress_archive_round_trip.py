"""Issue 18, checked again: a 200-post WordPress export imports with progress
lines, keeps every post's original date (no "updated", out of "Latest" ahead of
today's news), and a second run changes nothing."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from masthead.articles.models import ArticlePage
from masthead.ingest.models import ImportedItem
from tests.factories import make_article

pytestmark = pytest.mark.django_db

POSTS = 200
START = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Northside News</title><link>https://northside.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[priya]]></wp:author_login>
<wp:author_display_name><![CDATA[Priya Natarajan]]></wp:author_display_name></wp:author>
"""

POST = """<item><title><![CDATA[Council notes, week {n}]]></title>
<link>https://northside.example/{year}/notes-{n}/</link>
<dc:creator><![CDATA[priya]]></dc:creator>
<guid isPermaLink="false">https://northside.example/?p={n}</guid>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>The council met for the {n}th time
this term and agreed the minutes.</p><!-- /wp:paragraph -->

<p>Residents can read the papers at the library.</p>]]></content:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
</item>
"""


def write_export(tmp_path):
    posts = []
    for n in range(1, POSTS + 1):
        when = START + timedelta(days=7 * n)
        posts.append(
            POST.format(n=n, year=when.year, date=when.strftime("%Y-%m-%d %H:%M:%S"))
        )
    path = tmp_path / "export.xml"
    path.write_text(HEAD + "".join(posts) + "</channel></rss>", encoding="utf-8")
    return path


def test_a_200_post_export_round_trips_with_progress_and_dates(section, tmp_path):
    fresh = make_article(section=section, headline="Today's news")
    path = write_export(tmp_path)
    out, err = StringIO(), StringIO()
    began = time.monotonic()
    call_command(
        "import_articles",
        str(path),
        "--publish",
        "--no-images",
        "--progress-every",
        "50",
        stdout=out,
        stderr=err,
    )
    took = time.monotonic() - began
    print(f"\n200-post export: {took:.1f}s")  # noqa: T201 - the figure reported
    assert [line.split(" ")[0] for line in err.getvalue().splitlines()] == [
        "50/200",
        "100/200",
        "150/200",
        "200/200",
    ]
    assert "200 items: created 200" in out.getvalue()
    stories = ArticlePage.objects.exclude(pk=fresh.pk)
    assert stories.count() == POSTS and all(s.live for s in stories)
    first = stories.get(title="Council notes, week 1")
    assert first.first_published_at == START + timedelta(days=7)
    assert not any(s.was_updated for s in stories)
    newest = list(ArticlePage.objects.published().newest_first()[:2])
    assert newest[0].pk == fresh.pk
    assert ImportedItem.objects.exclude(went_live_at=None).count() == POSTS

    again_out = StringIO()
    call_command(
        "import_articles", str(path), "--publish", "--no-images", "--json",
        stdout=again_out, stderr=StringIO(),
    )  # fmt: skip
    again = json.loads(again_out.getvalue())
    assert again["created"] == [] and len(again["skipped"]) == POSTS
    assert ArticlePage.objects.count() == POSTS + 1
