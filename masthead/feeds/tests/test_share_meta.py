"""The article page carries OpenGraph/Twitter share tags and both JSON-LD blocks."""

import json
import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.scripts = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(json.loads(data))
            self._in_ld = False


def read(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def test_article_page_has_share_tags_with_photo_and_credit(
    client, make_article, make_image
):
    article = make_article(
        headline='Putin & "Helsinki" <b>',
        standfirst="What was said.",
        lead_image=make_image(credit="AP Photo", alt="Two leaders"),
        tags=["Russia"],
    )
    head = read(client, article)
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == 'Putin & "Helsinki" <b>'
    assert head.meta["og:description"] == "What was said."
    assert head.meta["og:url"] == article.get_full_url()
    assert re.match(r"https?://.+\.jpg$", head.meta["og:image"])
    assert "AP Photo" in head.meta["og:image:alt"]
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["article:tag"] == "Russia"

    news, crumbs = head.scripts
    assert news["@type"] == "NewsArticle"
    assert news["image"][0]["creditText"] == "AP Photo"
    assert news["publisher"]["name"] == "Test Courier"
    assert news["keywords"] == ["Russia"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in crumbs["itemListElement"]][1:] == [
        "World",
        'Putin & "Helsinki" <b>',
    ]
    assert crumbs["itemListElement"][-1]["item"] == article.get_full_url()


def test_article_without_photo_gets_a_plain_summary_card(client, make_article):
    head = read(client, make_article(headline="No photo"))
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta
    assert "image" not in head.scripts[0]


def test_republished_story_that_asks_for_it_points_canonical_at_the_original(
    client, make_article
):
    article = make_article(
        headline="Wire story",
        source_name="Wire",
        source_url="https://wire.example/story",
        canonical_is_source=True,
    )
    html = client.get(article.url).content.decode()
    assert '<link rel="canonical" href="https://wire.example/story">' in html
    assert read(client, article).meta["og:url"] == "https://wire.example/story"
