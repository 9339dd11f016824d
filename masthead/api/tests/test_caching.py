"""API answers are stored in the page cache and purged with the pages."""

import pytest

from masthead.articles.models import ArticleCorrection
from masthead.articles.services import update_article

pytestmark = pytest.mark.django_db


def test_equal_queries_share_one_entry_and_junk_never_reaches_the_cache(
    api, make_article
):
    make_article("A story")
    assert api("/api/v1/stories/?tag=x&limit=5")["X-Cache"] == "MISS"
    assert api("/api/v1/stories/?limit=5&tag=x")["X-Cache"] == "HIT"
    assert api("/api/v1/stories/?limit=5&tag=x&junk=1").status_code == 400


def test_a_published_correction_shows_at_once_and_other_stories_stay_cached(
    api, make_article, committed
):
    story = make_article("Bridge story")
    other = make_article("Other story")
    story_url, other_url = (
        f"/api/v1/stories/{story.pk}/",
        f"/api/v1/stories/{other.pk}/",
    )
    for url in (story_url, other_url, "/api/v1/stories/"):
        assert api(url)["X-Cache"] == "MISS"
        assert api(url)["X-Cache"] == "HIT"

    with committed():
        story.corrections.add(ArticleCorrection(text="It is 40m long, not 400m."))
        story.save_revision().publish()

    fresh = api(story_url)
    assert fresh["X-Cache"] == "MISS"
    assert fresh.data["corrections"][0]["text"] == "It is 40m long, not 400m."
    listed = api("/api/v1/stories/")
    assert listed["X-Cache"] == "MISS"
    by_id = {item["id"]: item for item in listed.data["items"]}
    assert by_id[story.pk]["corrections"][0]["text"] == "It is 40m long, not 400m."
    assert api(other_url)["X-Cache"] == "HIT"  # an unrelated story is not purged


def test_an_edited_headline_and_an_unpublished_story_are_purged(
    api, make_article, committed
):
    story = make_article("First headline")
    url = f"/api/v1/stories/{story.pk}/"
    api(url)
    with committed():
        update_article(article=story, headline="Second headline", publish=True)
    assert api(url).data["title"] == "Second headline"

    with committed():
        story.unpublish()
    assert api(url).status_code == 404
    assert api("/api/v1/stories/").data["items"] == []


def test_a_cached_answer_answers_304_to_its_etag(api, make_article):
    story = make_article("A story")
    url = f"/api/v1/stories/{story.pk}/"
    etag = api(url)["ETag"]
    response = api(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["X-RateLimit-Limit"]  # still counted


def test_a_cached_answer_is_served_compressed(api, client, make_article):
    for n in range(5):
        make_article(f"Story number {n}")
    api("/api/v1/stories/")
    response = client.get("/api/v1/stories/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["X-Cache"] == "HIT"
    assert response["Content-Encoding"] == "gzip"


def test_the_site_page_cache_never_stores_api_answers(client, make_article):
    from masthead.pagecache.middleware import key_for

    make_article("A story")
    request = client.get("/api/v1/stories/").wsgi_request
    assert key_for(request) is None
