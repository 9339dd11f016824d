"""Feeds, sitemaps and search speak the URL's language (issue 20)."""

import pytest

from masthead.languages import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(make_article, django_capture_on_commit_callbacks):
    english = make_article(headline="Harbour reopens after storm")
    only_english = make_article(headline="Council budget approved")
    with django_capture_on_commit_callbacks(execute=True):
        arabic = services.translate_page(
            english, "ar", title="إعادة فتح الميناء بعد العاصفة", slug="harbour-ar"
        )
    return english, only_english, arabic


def test_each_story_is_only_in_its_own_language_feed(client, stories):
    english, only_english, arabic = stories
    default_feed = client.get("/feeds/rss/").content.decode()
    arabic_feed = client.get("/ar/feeds/rss/").content.decode()
    assert "Harbour reopens" in default_feed and "Council budget" in default_feed
    assert "إعادة فتح الميناء" not in default_feed
    assert "إعادة فتح الميناء" in arabic_feed
    assert "Harbour reopens" not in arabic_feed and "Council budget" not in arabic_feed
    assert "<language>ar</language>" in arabic_feed
    assert "<link>http://localhost/ar/</link>" in arabic_feed
    json_feed = client.get("/ar/feeds/json/").json()
    assert [item["title"] for item in json_feed["items"]] == [arabic.title]
    assert json_feed["items"][0]["url"].endswith(arabic.url)
    assert json_feed["language"] == "ar"
    assert json_feed["home_page_url"] == "http://localhost/ar/"
    assert client.get("/feeds/json/").json()["language"] == "en-GB"


def test_sitemaps_are_per_language_with_prefixed_urls(client, stories):
    english, only_english, arabic = stories
    index = client.get("/ar/sitemap.xml").content.decode()
    assert "/ar/sitemaps/section-world.xml" in index
    section = client.get("/ar/sitemaps/section-world.xml").content.decode()
    assert f"http://localhost{arabic.url}" in section
    assert english.url not in section.replace(arabic.url, "")
    default_section = client.get("/sitemaps/section-world.xml").content.decode()
    assert f"http://localhost{english.url}" in default_section
    assert "/ar/" not in default_section
    pages = client.get("/ar/sitemaps/pages.xml").content.decode()
    assert "http://localhost/ar/" in pages


def test_robots_txt_lists_every_language_sitemap(client, stories):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Sitemap: http://localhost/ar/sitemap.xml" in robots


def test_search_stays_in_the_language_of_the_url(client, stories, settings):
    english, only_english, arabic = stories
    found_en = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "Harbour reopens" in found_en
    found_ar = client.get("/ar/search/", {"q": "الميناء"}).content.decode()
    assert "إعادة فتح الميناء" in found_ar
    assert 'dir="rtl"' in found_ar
    # The English words find nothing under /ar/, the Arabic nothing under /.
    assert (
        "Harbour reopens"
        not in client.get("/ar/search/", {"q": "harbour"}).content.decode()
    )
    assert (
        "إعادة فتح الميناء"
        not in client.get("/search/", {"q": "الميناء"}).content.decode()
    )


def test_arabic_front_page_lists_arabic_stories_and_links_the_english(client, stories):
    english, only_english, arabic = stories
    html = client.get("/ar/").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "إعادة فتح الميناء" in html
    assert "Council budget" not in html
    assert '<link rel="alternate" hreflang="en-gb" href="http://localhost/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://localhost/">' in html
    )
    english_home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" hreflang="ar" href="http://localhost/ar/">'
        in english_home
    )
