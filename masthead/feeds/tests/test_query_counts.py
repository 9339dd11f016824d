"""Feeds and sitemaps cost the same few queries whatever the number of stories
(issue 15: one RSS feed took 151 queries, three per item; the section sitemap
built every story's page object and photo).

Photos *in a story's body* used to cost one image query per story in a
full-content feed (StreamField loads each body's images on its own; on the
generated archive the site RSS took 44 queries for 50 items): the feed now loads
every body's photos at once (``articles.prefetch``)."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from masthead.articles.blocks import paragraph_from_text
from masthead.articles.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleTag,
)
from masthead.feeds import services

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMG = "{http://www.google.com/schemas/sitemap-image/1.1}"

FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/feeds/sections/world/rss/",
    "/feeds/sections/world/json/",
    "/feeds/tags/harbour/rss/",
    "/feeds/tags/harbour/atom/",
    "/feeds/authors/ann-lee/rss/",
    "/feeds/authors/ann-lee/json/",
]
# The target for RSS is 5, and Atom and JSON Feed read the same rows: the
# stories (with their lead photos), renditions, corrections, tags, bylines. These
# stories also have a photo in the body: its images are one more query (5 when no
# body has a photo). A section, tag or author feed first finds its subject: one more.
FEED_QUERY_BUDGET = 6
SUBJECT_FEED_QUERY_BUDGET = FEED_QUERY_BUDGET + 1
SITEMAPS = ["/sitemap.xml", "/sitemaps/section-world.xml", "/sitemaps/news.xml"]
SITEMAP_QUERY_BUDGET = 4


@pytest.fixture
def newsroom(section, make_image):
    """A byline and two photos whose share renditions exist (a story's first
    render makes them), so a count measures the list, not rendition making."""
    from masthead.people.models import Person

    person = Person.objects.create(name="Ann Lee", slug="ann-lee")
    photos = [make_image(credit="AP"), make_image(credit="Reuters")]
    for photo in photos:
        photo.get_rendition(services.SITEMAP_IMAGE_SPEC)
    return section, person, photos


def add_stories(newsroom, count, *, start=0):
    """``count`` live stories, each with a byline, two tags, a lead photo, a photo
    in the body and a correction, straight into the tree (fast enough for a
    hundred)."""
    section, person, photos = newsroom
    now = timezone.now()
    for n in range(start, start + count):
        figure = {"image": photos[(n + 1) % 2], "caption": "", "credit": "", "alt": ""}
        story = ArticlePage(
            title=f"Harbour story {n}",
            slug=f"harbour-story-{n}",
            standfirst=f"What happened at the harbour, part {n}.",
            body=[
                ("paragraph", paragraph_from_text(f"Paragraph of story {n}.")),
                ("figure", figure),
            ],
            lead_image=photos[n % 2],
            live=True,
            first_published_at=now - timedelta(minutes=n + 1),
            last_published_at=now - timedelta(minutes=n + 1),
        )
        section.add_child(instance=story)
        ArticleAuthor.objects.create(page=story, person=person)
        for name in ("Harbour", f"Topic {n}"):
            tag, _ = Tag.objects.get_or_create(
                name=name, defaults={"slug": slugify(name)}
            )
            ArticleTag.objects.create(content_object=story, tag=tag)
        ArticleCorrection.objects.create(page=story, text=f"Corrected {n}.")


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def uncached(settings):
    settings.MASTHEAD_PAGE_CACHE = False


def test_every_feed_costs_the_same_few_queries_for_10_or_50_items(
    client, newsroom, uncached, django_assert_max_num_queries
):
    add_stories(newsroom, 10)
    assert ArticleTag.objects.filter(tag__slug="harbour").count() == 10
    for url in FEEDS:
        client.get(url)  # the site, sections and content types are remembered
    with_10 = {url: queries_for(client, url) for url in FEEDS}
    add_stories(newsroom, 40, start=10)
    with_50 = {url: queries_for(client, url) for url in FEEDS}
    assert with_50 == with_10
    for url in FEEDS:
        site_wide = url.count("/") == 3  # /feeds/rss/
        budget = FEED_QUERY_BUDGET if site_wide else SUBJECT_FEED_QUERY_BUDGET
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        body = response.content.decode()
        # Every item is there, with what the prefetches supply.
        assert body.count("Harbour story") >= 50, url
        assert "Ann Lee" in body and "Corrected 49." in body, url


def test_rss_items_keep_their_byline_tags_photo_and_corrections(
    client, newsroom, uncached
):
    add_stories(newsroom, 3)
    root = ET.fromstring(client.get("/feeds/rss/").content)  # noqa: S314 - ours
    items = root.find("channel").findall("item")
    assert [item.find("title").text for item in items] == [
        "Harbour story 0",
        "Harbour story 1",
        "Harbour story 2",
    ]
    item = items[0]
    assert {c.text for c in item.findall("category")} == {"Harbour", "Topic 0"}
    assert item.find("enclosure").get("url").endswith(".jpg")
    assert "Ann Lee" in ET.tostring(item, encoding="unicode")
    assert "Corrected 0." in item.find("description").text


def test_every_sitemap_costs_the_same_few_queries_for_10_or_100_stories(
    client, newsroom, uncached, django_assert_max_num_queries
):
    add_stories(newsroom, 10)
    for url in SITEMAPS:
        client.get(url)
    with_10 = {url: queries_for(client, url) for url in SITEMAPS}
    add_stories(newsroom, 90, start=10)
    with_100 = {url: queries_for(client, url) for url in SITEMAPS}
    assert with_100 == with_10
    for url in SITEMAPS:
        with django_assert_max_num_queries(SITEMAP_QUERY_BUDGET):
            client.get(url)
    root = ET.fromstring(client.get("/sitemaps/section-world.xml").content)  # noqa: S314
    urls = root.findall(f"{SM}url")
    assert len(urls) == 100
    assert all(url.find(f"{IMG}image/{IMG}loc").text.endswith(".jpg") for url in urls)


def test_a_big_section_is_split_in_sitemap_files_of_the_limit(
    client, newsroom, uncached, monkeypatch
):
    add_stories(newsroom, 5)
    monkeypatch.setattr(services, "SITEMAP_LIMIT", 2)
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locs = [s.find(f"{SM}loc").text for s in index.findall(f"{SM}sitemap")]
    world = [loc for loc in locs if "section-world" in loc]
    assert [loc.split("section-world.xml")[1] for loc in world] == [
        "",
        "?page=2",
        "?page=3",
    ]
    seen = []
    for loc in world:
        path = "/" + loc.split("/", 3)[3]
        root = ET.fromstring(client.get(path).content)  # noqa: S314
        seen += [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert len(seen) == len(set(seen)) == 5  # every story once, newest first
    assert seen[0].endswith("/harbour-story-0/")
    for bad in ("4", "0", "-1", "x", "99999"):
        response = client.get("/sitemaps/section-world.xml", {"page": bad})
        assert response.status_code == 404, bad


def test_a_full_content_item_shows_its_body_photo_with_credit(
    client, newsroom, uncached
):
    add_stories(newsroom, 2)
    root = ET.fromstring(client.get("/feeds/rss/").content)  # noqa: S314 - ours
    description = root.find("channel").findall("item")[0].find("description").text
    assert "<img" in description and "Reuters" in description


def test_prefetching_bodies_loads_each_photo_once_for_all_stories(
    newsroom, django_assert_num_queries
):
    from masthead.articles.prefetch import prefetch_body_blocks

    add_stories(newsroom, 5)
    stories = list(ArticlePage.objects.order_by("pk"))
    with django_assert_num_queries(1):
        prefetch_body_blocks(story.body for story in stories)
    with django_assert_num_queries(0):
        images = [story.body[1].value["image"] for story in stories]
    assert {image.title for image in images} == {"Photo 1", "Photo 2"}
    # Bodies already converted are left alone: nothing more to load.
    with django_assert_num_queries(0):
        prefetch_body_blocks(story.body for story in stories)
