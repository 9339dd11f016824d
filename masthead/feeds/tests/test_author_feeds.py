"""An author's RSS, Atom and JSON feeds list only their published stories, and the
author page advertises them."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return make_person(name="Ann Lee", role="Transport correspondent")


@pytest.fixture
def stories(make_article, make_image, ann):
    """Ann's two published stories (the bus story newer), plus stories the feeds
    must leave out: someone else's, Ann's draft and Ann's private story."""
    now = timezone.now()
    other = make_person(name="Bo Editor")
    make_article(
        "Bridge & tunnel <plans>",
        standfirst="The council votes.",
        authors=[ann],
        lead_image=make_image(credit="Ann Lee/Courier", caption="The old bridge"),
        tags=["Transport"],
        first_published_at=now - timedelta(hours=3),
    )
    make_article(
        "New bus routes",
        authors=[ann, other],
        first_published_at=now - timedelta(hours=1),
    )
    make_article("Bo's solo story", authors=[other])
    make_article("Ann's draft", authors=[ann], publish=False)
    private = make_article("Ann's private story", authors=[ann])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )


EXPECTED = ["New bus routes", "Bridge & tunnel <plans>"]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_author_rss_feed_lists_their_published_stories_newest_first(client, stories):
    parsed = feedparser.parse(get(client, "/feeds/authors/ann-lee/rss/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Ann Lee | Test Courier"
    assert parsed.feed.link == "http://localhost/authors/ann-lee/"
    assert "Ann Lee" in parsed.feed.description
    assert [entry.title for entry in parsed.entries] == EXPECTED
    bridge = parsed.entries[1]
    assert bridge.link.startswith("http://localhost/world/")
    assert bridge.author == "Ann Lee"
    assert parsed.entries[0].author == "Ann Lee and Bo Editor"
    assert bridge.media_credit[0]["content"] == "Ann Lee/Courier"
    assert bridge.enclosures[0]["type"] == "image/jpeg"
    assert [tag.term for tag in bridge.tags] == ["Transport"]


def test_author_atom_feed_is_valid_atom_with_their_stories(client, stories):
    parsed = feedparser.parse(get(client, "/feeds/authors/ann-lee/atom/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Ann Lee | Test Courier"
    assert parsed.feed.id and parsed.feed.link == "http://localhost/authors/ann-lee/"
    assert [entry.title for entry in parsed.entries] == EXPECTED
    for entry in parsed.entries:
        assert entry.id and entry.updated and entry.link
        assert "Ann Lee" in entry.author


def test_author_json_feed_follows_json_feed_1_1(client, stories):
    response = get(client, "/feeds/authors/ann-lee/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Ann Lee | Test Courier"
    assert data["home_page_url"] == "http://localhost/authors/ann-lee/"
    assert data["feed_url"] == "http://localhost/feeds/authors/ann-lee/json/"
    assert "Ann Lee" in data["description"]
    assert [item["title"] for item in data["items"]] == EXPECTED
    bridge = data["items"][1]
    assert bridge["url"].startswith("http://localhost/world/")
    assert [author["name"] for author in bridge["authors"]] == ["Ann Lee"]
    assert bridge["_masthead"]["image_credit"] == "Ann Lee/Courier"


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_unknown_author_feed_is_a_404(client, stories, kind):
    assert client.get(f"/feeds/authors/nobody/{kind}/").status_code == 404


def test_an_author_without_stories_has_an_empty_feed(client, stories):
    make_person(name="Cy New")
    parsed = feedparser.parse(get(client, "/feeds/authors/cy-new/rss/").content)
    assert not parsed.bozo and parsed.entries == []
    data = json.loads(get(client, "/feeds/authors/cy-new/json/").content)
    assert data["items"] == []


def test_the_author_page_advertises_its_three_feeds(client, stories):
    html = get(client, "/authors/ann-lee/").content.decode()
    links = re.findall(
        r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', html
    )
    own = {(kind, href) for kind, title, href in links if title.startswith("Ann Lee")}
    assert own == {
        ("application/rss+xml", "/feeds/authors/ann-lee/rss/"),
        ("application/atom+xml", "/feeds/authors/ann-lee/atom/"),
        ("application/feed+json", "/feeds/authors/ann-lee/json/"),
    }
    for _, href in own:
        get(client, href)
