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


def test_article_without_photo_gets_a_summary_card_with_the_site_logo(
    client, make_article
):
    head = read(client, make_article(headline="No photo"))
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["og:image"] == "http://localhost/static/masthead/logo.png"
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


@pytest.fixture
def public_pages(make_article, section):
    from tests.factories import make_person

    make_person("Ann Lee", role="Transport correspondent", bio="Covers the ports.")
    make_article("Harbour plan agreed", tags=["Harbour"])
    return {
        "home": ("/", "website", "http://localhost/"),
        "section": (section.url, "website", "http://localhost/world/"),
        "tag": ("/tags/harbour/", "website", "http://localhost/tags/harbour/"),
        "author": ("/authors/ann-lee/", "profile", "http://localhost/authors/ann-lee/"),
    }


@pytest.mark.parametrize("name", ["home", "section", "tag", "author"])
def test_every_public_page_has_share_tags_with_an_absolute_url(
    client, public_pages, name
):
    path, og_type, absolute = public_pages[name]
    response = client.get(path)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    meta = reader.meta
    assert meta["og:type"] == og_type
    assert meta["og:url"] == absolute
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"]
    assert meta["og:site_name"] == "Test Courier"
    # No photo of their own: a small card with the site's logo.
    assert meta["twitter:card"] == "summary"
    assert meta["og:image"] == "http://localhost/static/masthead/logo.png"


def test_an_authors_photo_is_their_share_image(client, make_image):
    from tests.factories import make_jpeg_bytes, make_person

    make_person("Ann Lee", photo=make_image(content=make_jpeg_bytes(600, 600)))
    reader = HeadReader()
    reader.feed(client.get("/authors/ann-lee/").content.decode())
    assert re.match(r"http://localhost/media/.+\.jpg$", reader.meta["og:image"])
    assert reader.meta["og:image:width"] == "400"


def test_the_newsrooms_own_logo_is_the_publisher_logo(
    client, home_page, make_article, make_image
):
    from wagtail.models import Site

    from masthead.core.generation import bump_generation
    from masthead.core.models import NewsroomSettings
    from tests.factories import make_jpeg_bytes

    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.logo = make_image(content=make_jpeg_bytes(600, 600))
    newsroom.save()
    bump_generation()  # settings are remembered per site generation
    article = make_article("Logo story")
    head = read(client, article)
    logo = head.scripts[0]["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert re.match(r"http://localhost/media/.+\.png$", logo["url"])
    assert (logo["width"], logo["height"]) == (512, 512)


def test_without_a_logo_of_its_own_the_publisher_logo_is_the_shipped_square_png(
    client, make_article
):
    head = read(client, make_article("Another story"))
    logo = head.scripts[0]["publisher"]["logo"]
    assert logo == {
        "@type": "ImageObject",
        "url": "http://localhost/static/masthead/logo.png",
        "contentUrl": "http://localhost/static/masthead/logo.png",
        "width": 512,
        "height": 512,
    }
