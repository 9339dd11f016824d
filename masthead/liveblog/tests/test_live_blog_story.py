"""A live blog is a story: listed, syndicated and searchable wherever stories are."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from masthead.liveblog.services import add_live_blog_entry, create_live_blog
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run purges and search indexing as after a real commit.

    Django's capture runs the callbacks but leaves them queued on the connection,
    where the page cache would take its purge for already scheduled and not queue
    the next publish's: like a commit, drop the ones that ran.
    """

    @contextmanager
    def commit():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        connection.run_on_commit[:] = [
            item for item in connection.run_on_commit if item[1] not in callbacks
        ]

    return commit


@pytest.fixture
def blog(section, home_page, committed):
    ann = make_person("Ann Lee")
    with committed():
        blog = create_live_blog(
            section=section,
            headline="Storm hits the coast",
            standfirst="Follow the storm as it happens.",
            authors=[ann],
            tags=["Weather"],
        )
    with committed():
        add_live_blog_entry(
            blog=blog,
            headline="Ferries cancelled",
            body="<p>All crossings are off until the evening.</p>",
            author=ann,
            posted_at=timezone.now() - timedelta(minutes=5),
        )
    return blog


def test_the_live_blog_leads_the_front_page_and_is_listed_in_its_section(
    client, blog, section
):
    home = client.get("/").content.decode()
    assert "Storm hits the coast" in home and blog.url in home
    listing = client.get(section.url).content.decode()
    assert "Storm hits the coast" in listing


def test_the_live_blog_is_listed_on_its_tag_page_and_in_its_authors_feed(client, blog):
    assert "Storm hits the coast" in client.get("/tags/weather/").content.decode()
    feed = client.get("/feeds/authors/ann-lee/json/").content.decode()
    assert "Storm hits the coast" in feed


def test_the_page_shows_the_byline_and_each_entry_author(client, blog):
    html = client.get(blog.url).content.decode()
    assert 'class="article__byline"' in html and "Ann Lee" in html
    entry = html[html.index('class="liveblog__entries"') :]
    assert 'class="liveblog-entry__author"' in entry
    assert 'href="/authors/ann-lee/"' in entry


def test_the_page_carries_live_blog_posting_and_share_tags(client, blog):
    html = client.get(blog.url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    data = [json.loads(block) for block in blocks]
    posting = next(d for d in data if d["@type"] == "LiveBlogPosting")
    assert posting["coverageStartTime"]
    assert "coverageEndTime" not in posting
    update = posting["liveBlogUpdate"][0]
    assert update["@type"] == "BlogPosting"
    assert update["headline"] == "Ferries cancelled"
    assert update["articleBody"] == "All crossings are off until the evening."
    assert update["author"]["name"] == "Ann Lee"
    assert '<meta property="og:title" content="Storm hits the coast">' in html
    assert 'name="twitter:card"' in html


def test_feeds_carry_the_newest_entries_and_date_the_item_by_them(
    client, blog, committed
):
    rss = client.get("/feeds/rss/").content.decode()
    assert "Storm hits the coast" in rss and "Ferries cancelled" in rss
    feed = json.loads(client.get("/feeds/json/").content)
    item = next(i for i in feed["items"] if i["title"] == "Storm hits the coast")
    assert "All crossings are off" in item["content_html"]
    with committed():
        add_live_blog_entry(blog=blog, headline="Bridge shut", body="<p>Wind.</p>")
    feed = json.loads(client.get("/feeds/json/").content)
    item = next(i for i in feed["items"] if i["title"] == "Storm hits the coast")
    newest = blog.__class__.objects.get(pk=blog.pk).newest_entries[0]
    assert newest.headline == "Bridge shut"
    assert item["date_modified"] == newest.posted_at.isoformat()
    assert item["content_html"].index("Bridge shut") < item["content_html"].index(
        "Ferries cancelled"
    )


def test_sitemaps_list_the_live_blog(client, blog, section):
    assert (
        blog.url in client.get(f"/sitemaps/section-{section.slug}.xml").content.decode()
    )
    assert "Storm hits the coast" in client.get("/sitemaps/news.xml").content.decode()


def test_search_finds_the_live_blog_by_a_word_only_in_an_entry(client, blog):
    html = client.get("/search/?q=crossings").content.decode()
    assert "Storm hits the coast" in html


def test_a_new_entry_is_in_the_readers_next_poll(client, blog, committed):
    url = f"/live/{blog.pk}/entries.json"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert client.get(url)["X-Cache"] == "HIT"  # the page cache keeps it
    with committed():
        add_live_blog_entry(blog=blog, headline="Bridge shut", body="<p>Wind.</p>")
    polled = client.get(url)
    entries = polled.json()["entries"]
    assert "Bridge shut" in entries[0]["html"]
    assert f'data-entry-id="{entries[0]["id"]}"' in entries[0]["html"]
    assert polled.json()["live"] is True


@pytest.mark.parametrize("path", ["/live/999999/entries.json", "/live/x/entries.json"])
def test_polling_an_unknown_blog_is_a_404(client, blog, path):
    assert client.get(path).status_code == 404


def test_a_draft_live_blog_is_not_polled_or_listed(client, section, home_page):
    draft = create_live_blog(section=section, headline="Secret plan", publish=False)
    assert client.get(f"/live/{draft.pk}/entries.json").status_code == 404
    assert "Secret plan" not in client.get("/").content.decode()


def test_an_ended_blog_states_when_coverage_ended(client, blog, committed):
    blog = blog.get_latest_revision_as_object()
    blog.is_live = False
    with committed():
        blog.save_revision().publish()
    html = client.get(blog.url).content.decode()
    assert '"coverageEndTime"' in html
    assert "liveblog.js" not in html


def test_entries_added_one_by_one_are_all_kept_with_their_anchors(blog, committed):
    first = type(blog).objects.get(pk=blog.pk).newest_entries[0]
    with committed():
        add_live_blog_entry(blog=blog, headline="Bridge shut", body="<p>Wind.</p>")
    with committed():
        add_live_blog_entry(blog=blog, headline="Roads open", body="<p>Calm.</p>")
    entries = type(blog).objects.get(pk=blog.pk).newest_entries
    headlines = [entry.headline for entry in entries]
    assert headlines == ["Roads open", "Bridge shut", "Ferries cancelled"]
    assert entries[2].anchor == first.anchor


def test_an_entry_published_in_the_admin_is_in_the_readers_next_poll(
    client, blog, committed
):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
    )

    from masthead.newsroom import roles
    from masthead.newsroom.services import ensure_newsroom
    from tests.factories import make_staff

    url = f"/live/{blog.pk}/entries.json"
    client.get(url)  # cached
    ensure_newsroom()
    editor = make_staff(roles.EDITOR, "eddie")
    editor_client = type(client)()
    editor_client.force_login(editor)
    live = type(blog).objects.get(pk=blog.pk)
    kept = live.newest_entries[0]
    authors = list(live.authors.all())
    data = nested_form_data(
        {
            "title": live.title,
            "slug": live.slug,
            "standfirst": live.standfirst,
            "is_live": "on",
            "tags": "Weather",
            "authors": inline_formset(
                [{"id": a.pk, "person": a.person_id} for a in authors],
                initial=len(authors),
            ),
            "entries": inline_formset(
                [
                    {
                        "id": kept.pk,
                        "posted_at": kept.posted_at.strftime("%Y-%m-%d %H:%M"),
                        "headline": kept.headline,
                        "body": rich_text(kept.body),
                    },
                    {
                        "posted_at": timezone.now().strftime("%Y-%m-%d %H:%M"),
                        "headline": "Power restored",
                        "body": rich_text("<p>Lights are back on.</p>"),
                    },
                ],
                initial=1,
            ),
            "corrections": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    with committed():
        response = editor_client.post(f"/admin/pages/{blog.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    polled = client.get(url).json()
    assert "Power restored" in polled["entries"][0]["html"]
    assert "Ferries cancelled" in polled["entries"][1]["html"]
