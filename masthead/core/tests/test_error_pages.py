"""The 404 and 500 pages look like the site; a fault never shows a traceback and
is never cached as the page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


def test_500_page_renders_without_database_or_request():
    # No ``db`` mark: pytest-django fails any query, as Django's server_error
    # renders this with no context while the database may be what failed.
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert 'href="/static/masthead/css/site.css"' in html
    assert '<header class="site-header">' in html and 'href="/"' in html


@pytest.mark.django_db
def test_a_page_that_fails_to_render_answers_500_in_the_sites_design_and_is_not_cached(
    make_article, monkeypatch, settings
):
    from masthead.home.models import HomePage

    settings.DEBUG = False
    make_article("The real front page story")
    real_get_context = HomePage.get_context

    def broken_get_context(self, request, *args, **kwargs):
        raise RuntimeError("secret-fault-detail")

    monkeypatch.setattr(HomePage, "get_context", broken_get_context)
    reader = Client(raise_request_exception=False)
    failed = reader.get("/")
    assert failed.status_code == 500
    html = failed.content.decode()
    assert "Something went wrong on our side" in html
    assert "site.css" in html
    for leak in ("Traceback", "secret-fault-detail", "RuntimeError", "File &quot;"):
        assert leak not in html
    assert reader.get("/").status_code == 500  # still failing: nothing was stored

    monkeypatch.setattr(HomePage, "get_context", real_get_context)
    fixed = reader.get("/")
    assert fixed.status_code == 200
    assert fixed["X-Cache"] == "MISS"
    assert "The real front page story" in fixed.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_404_page_in_the_sites_design(client, home_page):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can&#x27;t find that page" in html or "We can't find that page" in html
    assert '<header class="site-header">' in html
    assert 'class="wordmark"' in html and "Test Courier" in html
    assert response.get("X-Cache") != "HIT"
    assert client.get("/no/such/story/").get("X-Cache") != "HIT"
