"""MASTHEAD_BASE_URL becomes the default Site's address, and every absolute link
(canonical, og:url, feeds, sitemaps) follows it."""

from __future__ import annotations

import pytest
from django.core.management.sql import emit_post_migrate_signal

from masthead.core.checks import check_site_matches_base_url
from masthead.core.services import (
    apply_base_url_to_site,
    describe_base_url_mismatch,
    site_address_from_base_url,
)

BASE = "https://news.example.org"


@pytest.mark.parametrize(
    "base_url, address",
    [
        ("https://news.example.org", ("news.example.org", 443)),
        ("http://News.Example.org", ("news.example.org", 80)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://news.example.org:443", ("news.example.org", 443)),
    ],
)
def test_base_url_becomes_a_wagtail_hostname_and_port(base_url, address):
    assert site_address_from_base_url(base_url) == address


def test_https_on_another_port_is_reported_as_a_mismatch():
    class FakeSite:
        root_url = "http://news.example.org:8443"

    problem = describe_base_url_mismatch(
        site=FakeSite(), base_url="https://news.example.org:8443"
    )
    assert "only on port 443" in problem


@pytest.mark.django_db
def test_absolute_links_use_the_base_url(settings, make_article, client):
    settings.MASTHEAD_BASE_URL = BASE
    article = make_article(headline="Harbour reopens")
    apply_base_url_to_site()
    expected = f"{BASE}{article.url}"

    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'property="og:url" content="{expected}"' in html
    rss = client.get("/feeds/rss/").content.decode()
    assert f"<link>{expected}</link>" in rss
    sitemap = client.get("/sitemap.xml").content.decode()
    assert BASE + "/" in sitemap
    assert "http://localhost" not in rss + sitemap + html


@pytest.mark.django_db
def test_migrate_writes_the_base_url_into_the_default_site(settings, home_page):
    from wagtail.models import Site

    settings.MASTHEAD_BASE_URL = "http://news.example.org:8080"
    # What `migrate` sends once every migration has run.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("news.example.org", 8080)
    assert site.root_url == "http://news.example.org:8080"


@pytest.mark.django_db
def test_check_warns_when_the_site_and_the_base_url_differ(settings, home_page):
    settings.MASTHEAD_BASE_URL = BASE
    (warning,) = check_site_matches_base_url()
    assert warning.id == "masthead.W001"
    assert "http://localhost" in warning.msg

    apply_base_url_to_site()
    assert check_site_matches_base_url() == []


def test_check_stays_quiet_without_a_base_url(settings):
    settings.MASTHEAD_BASE_URL = ""
    assert check_site_matches_base_url() == []


@pytest.mark.parametrize(
    "raw", ["news.example.org", "ftp://x.org", "https://x.org/news", "http://x:99999"]
)
def test_a_bad_base_url_stops_start_up_naming_the_variable(monkeypatch, raw):
    from masthead.settings import env

    monkeypatch.setenv("MASTHEAD_BASE_URL", raw)
    with pytest.raises(env.SettingsError, match="MASTHEAD_BASE_URL"):
        env.get_base_url("MASTHEAD_BASE_URL")
