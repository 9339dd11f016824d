"""Every table a public page reads is purged on change, or says why it need not be.

A model whose rows show on public pages must be declared with
``core.purge.register_shown_on_pages`` in its app's ``ready()``, or an edit to it
leaves readers on stale cached pages. This renders every public page type on fresh
data, maps each table queried to its model and fails on one nobody declared.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.models import Page

from masthead.core import purge
from masthead.pagecache.signal_handlers import STRUCTURE_MODELS

pytestmark = pytest.mark.django_db

# Read by public pages, yet needing no purge of their own; the reason for each.
NOT_PURGED = {
    # Made on first use from a photo; a change to the photo (registered) purges.
    "images.NewsRendition": "derived from its photo",
    # Search index rows are rebuilt from pages and people when those are saved.
    "wagtailsearch.IndexEntry": "rebuilt from pages and people on save",
    "wagtailsearch.SQLiteFTSIndexEntry": "SQLite's full-text side of IndexEntry",
    # Counted all the time; the lists showing them are purged (key "most-read")
    # by the worker when the ranking changed (readership.services).
    "readership.PageViewCount": "purged by the worker when the ranking changes",
}

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


def public_urls(page_root, home_page, section, make_article, make_image):
    """Every public page type, on fresh data with everything a page can show: a
    picked story with a photo, bylines, tags and a correction, and a live blog."""
    from masthead.articles.models import ArticleCorrection
    from masthead.home.models import FrontPageStory, HomePage
    from masthead.liveblog.models import LiveBlogEntry, LiveBlogPage
    from masthead.people.models import Person

    ann = Person.objects.create(name="Ann Lee", role="Transport correspondent")
    story = make_article(
        "Harbour plan agreed",
        standfirst="The council votes.",
        authors=[ann],
        lead_image=make_image(credit="Ann Lee/Courier", caption="The harbour"),
        tags=["Harbour"],
        first_published_at=timezone.now() - timedelta(hours=2),
    )
    story.corrections = [ArticleCorrection(text="The vote was on Tuesday.")]
    story.save_revision().publish()
    home = HomePage.objects.get(pk=home_page.pk)
    home.picks = [FrontPageStory(story=story)]
    home.save_revision().publish()
    live = LiveBlogPage(title="Storm hits the coast", slug="storm", standfirst="Live.")
    live.entries = [LiveBlogEntry(headline="Warnings issued", body="<p>Amber.</p>")]
    section.add_child(instance=live)
    live.save_revision().publish()
    return [
        "/",
        section.url,
        story.url,
        live.url,
        f"/live/{live.pk}/entries.json",
        "/tags/harbour/",
        "/authors/ann-lee/",
        "/search/?q=harbour",
        *(
            f"/feeds/{scope}{kind}/"
            for scope in ("", "sections/world/", "tags/harbour/", "authors/ann-lee/")
            for kind in ("rss", "atom", "json")
        ),
        "/sitemap.xml",
        "/sitemaps/pages.xml",
        "/sitemaps/news.xml",
        "/sitemaps/section-world.xml",
        "/robots.txt",
        "/fragments/most-read/",
        "/fragments/most-read/world/",
        "/privacy/counting/",
    ]


def tables_read(client, urls) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    return {table for query in queries for table in TABLE.findall(query["sql"])}


def models_by_table() -> dict[str, type]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
    }


def is_part_of_a_page(model) -> bool:
    """Pages and the rows saved with them (modelcluster children) purge through
    Wagtail's page signals."""
    if issubclass(model, Page):
        return True
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.get_fields()
    )


def undeclared(tables: set[str]) -> set[str]:
    by_table = models_by_table()
    found = set()
    for table in tables:
        model = by_table.get(table)
        if model is None:
            continue  # a subquery alias, not a table
        label = model._meta.label
        if (
            purge.is_shown_on_pages(model)
            or is_part_of_a_page(model)
            or label in STRUCTURE_MODELS
            or label in NOT_PURGED
        ):
            continue
        found.add(label)
    return found


@pytest.fixture
def tables(client, page_root, home_page, section, make_article, make_image):
    urls = public_urls(page_root, home_page, section, make_article, make_image)
    return tables_read(client, urls)


def test_every_model_a_public_page_reads_purges_the_cache_on_change(tables):
    assert undeclared(tables) == set(), (
        "Declare these with core.purge.register_shown_on_pages in their app's "
        "ready(), or add them to NOT_PURGED with the reason"
    )


def test_a_model_left_undeclared_is_caught(tables, monkeypatch):
    from masthead.people.models import Person

    declared = purge.shown_on_pages() - {Person}
    monkeypatch.setattr(purge, "is_shown_on_pages", lambda model: model in declared)
    assert "people.Person" in undeclared(tables)
