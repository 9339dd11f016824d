"""The site, section and tag feeds parse as valid RSS 2.0, Atom and JSON Feed 1.1,
carry the lead photo with its credit, and escape whatever a headline holds."""

import json
from xml.etree import ElementTree as ET

import feedparser
import pytest
from django.test import override_settings

from masthead.core.generation import bump_generation

pytestmark = pytest.mark.django_db

NASTY = 'Tom & Jerry <script>alert("x")</script> ]]> café'
MEDIA = "{http://search.yahoo.com/mrss/}"


@pytest.fixture
def stories(make_article, make_image):
    photo = make_image(credit="BRENDAN SMIALOWSKI/Getty", caption="Leaders in Helsinki")
    first = make_article(
        headline=NASTY,
        standfirst="Cats & dogs <b>bold</b>",
        paragraphs=["Body with <tags> & ampersands."],
        lead_image=photo,
        tags=["Russia", "United States"],
    )
    second = make_article(headline="A quiet day", tags=["Weather"])
    return first, second


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.mark.parametrize(
    "url",
    ["/feeds/rss/", "/feeds/sections/world/rss/", "/feeds/tags/russia/rss/"],
)
def test_rss_feeds_are_well_formed_rss_2_with_escaped_headline_and_credit(
    client, stories, url
):
    body = get(client, url).content
    root = ET.fromstring(body)  # noqa: S314 - our own output
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required).text
    item = next(i for i in channel.findall("item") if i.find("title").text == NASTY)
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    assert enclosure.get("url").startswith("http://")
    media = item.find(f"{MEDIA}content")
    assert media.find(f"{MEDIA}credit").text == "BRENDAN SMIALOWSKI/Getty"
    assert media.find(f"{MEDIA}description").text == "Leaders in Helsinki"

    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    entry = next(e for e in parsed.entries if e.title == NASTY)
    assert entry.enclosures[0]["type"] == "image/jpeg"
    assert entry.media_credit[0]["content"] == "BRENDAN SMIALOWSKI/Getty"
    assert {t.term for t in entry.tags} == {"Russia", "United States"}


@pytest.mark.parametrize(
    "url",
    ["/feeds/atom/", "/feeds/sections/world/atom/", "/feeds/tags/russia/atom/"],
)
def test_atom_feeds_are_valid_atom_with_enclosure_and_credit(client, stories, url):
    body = get(client, url).content
    root = ET.fromstring(body)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title and parsed.feed.id
    entry = next(e for e in parsed.entries if e.title == NASTY)
    assert entry.id and entry.updated and entry.link
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosures[0].type == "image/jpeg"
    assert entry.media_credit[0]["content"] == "BRENDAN SMIALOWSKI/Getty"


def test_tag_feed_lists_only_that_tags_stories(client, stories):
    parsed = feedparser.parse(get(client, "/feeds/tags/weather/rss/").content)
    assert [e.title for e in parsed.entries] == ["A quiet day"]


def test_full_content_feed_carries_the_body_and_summary_feed_only_the_standfirst(
    client, stories
):
    full = feedparser.parse(get(client, "/feeds/rss/").content)
    entry = next(e for e in full.entries if e.title == NASTY)
    assert "Body with &lt;tags&gt; &amp; ampersands." in entry.summary
    bump_generation()  # a settings change is a redeploy: the page cache starts over
    with override_settings(MASTHEAD_FEED_FULL_CONTENT=False):
        short = feedparser.parse(get(client, "/feeds/rss/").content)
    entry = next(e for e in short.entries if e.title == NASTY)
    assert "ampersands" not in entry.summary
    assert "Cats" in entry.summary


@pytest.mark.parametrize(
    "url",
    ["/feeds/json/", "/feeds/sections/world/json/", "/feeds/tags/russia/json/"],
)
def test_json_feeds_follow_json_feed_1_1(client, stories, url):
    response = get(client, url)
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["home_page_url"].startswith("http")
    assert data["feed_url"].endswith(url)
    for item in data["items"]:
        assert item["id"] and item["url"].startswith("http")
        assert "content_html" in item or "content_text" in item
    item = next(i for i in data["items"] if i["title"] == NASTY)
    assert item["image"].startswith("http")
    assert item["attachments"][0]["mime_type"] == "image/jpeg"
    assert item["_masthead"]["image_credit"] == "BRENDAN SMIALOWSKI/Getty"
    assert {"Russia", "United States"} <= set(item["tags"])


def test_feeds_leave_out_drafts_and_private_stories(client, stories, make_article):
    make_article(headline="Embargoed draft", publish=False)
    for url in ("/feeds/rss/", "/feeds/atom/"):
        titles = [e.title for e in feedparser.parse(get(client, url).content).entries]
        assert "Embargoed draft" not in titles
    data = json.loads(get(client, "/feeds/json/").content)
    assert "Embargoed draft" not in [i["title"] for i in data["items"]]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/nope/rss/",
        "/feeds/sections/nope/json/",
        "/feeds/tags/nope/atom/",
        "/feeds/tags/nope/json/",
    ],
)
def test_unknown_section_or_tag_feed_is_a_404(client, stories, url):
    assert client.get(url).status_code == 404
