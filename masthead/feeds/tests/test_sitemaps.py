"""Sitemap index, per-section sitemaps with images, the Google News sitemap of the
last 48 hours and robots.txt, parsed and checked field by field."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from masthead.feeds.sitemaps import SitemapEntry, build_news_sitemap

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMG = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def stories(make_article, make_image):
    now = timezone.now()
    fresh = make_article(
        headline="Fresh & <new>",
        lead_image=make_image(credit="AP"),
        first_published_at=now - timedelta(hours=2),
    )
    old = make_article(
        headline="Three days old", first_published_at=now - timedelta(hours=72)
    )
    return fresh, old


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def test_sitemap_index_lists_pages_each_section_and_the_news_sitemap(client, stories):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    locs = [s.find(f"{SM}loc").text for s in root.findall(f"{SM}sitemap")]
    assert any(loc.endswith("/sitemaps/section-world.xml") for loc in locs)
    assert any(loc.endswith("/sitemaps/news.xml") for loc in locs)
    assert any(loc.endswith("/sitemaps/pages.xml") for loc in locs)
    for loc in locs:  # every listed sitemap answers
        path = "/" + loc.split("/", 3)[3]
        xml(client, path)


def test_section_sitemap_lists_its_stories_with_lead_images(client, stories):
    fresh, old = stories
    root = xml(client, "/sitemaps/section-world.xml")
    assert root.tag == f"{SM}urlset"
    urls = {u.find(f"{SM}loc").text: u for u in root.findall(f"{SM}url")}
    assert set(urls) == {fresh.get_full_url(), old.get_full_url()}
    entry = urls[fresh.get_full_url()]
    assert entry.find(f"{SM}lastmod").text
    image = entry.find(f"{IMG}image/{IMG}loc").text
    assert image.startswith("http") and image.endswith(".jpg")


def test_news_sitemap_has_only_the_last_48_hours(client, stories):
    fresh, _old = stories
    root = xml(client, "/sitemaps/news.xml")
    (url,) = root.findall(f"{SM}url")
    assert url.find(f"{SM}loc").text == fresh.get_full_url()
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Test Courier"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Fresh & <new>"
    assert news.find(f"{NEWS}publication_date").text.startswith(
        str(fresh.first_published_at.year)
    )


def test_unknown_section_sitemap_is_a_404(client, stories):
    assert client.get("/sitemaps/section-nope.xml").status_code == 404


def test_robots_txt_points_at_the_sitemaps_and_keeps_out_of_admin(client, stories):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    sitemaps = [line.split(" ", 1)[1] for line in lines if line.startswith("Sitemap:")]
    assert any(url.endswith("/sitemap.xml") for url in sitemaps)
    assert all(url.startswith("http") for url in sitemaps)


def test_news_sitemap_escapes_titles_without_a_database():
    data = build_news_sitemap(
        [SitemapEntry(url="https://n.example/a?x=1&y=2", title="A & <b>")],
        publication="P & Q",
    )
    root = ET.fromstring(data)  # noqa: S314 - our own output
    url = root.find(f"{SM}url")
    assert url.find(f"{SM}loc").text == "https://n.example/a?x=1&y=2"
    assert url.find(f"{NEWS}news/{NEWS}title").text == "A & <b>"
