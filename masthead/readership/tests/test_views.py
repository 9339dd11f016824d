"""The "Most read" fragment in the page cache, the counting page, editors' numbers."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from masthead.readership import services
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def read(story, views):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    services.save_counts(
        Counter({(hour, story.get_url_parts()[2], "t.co", "mobile"): views})
    )


def test_the_fragment_is_cached_until_the_ranking_changes(
    client, make_article, django_capture_on_commit_callbacks
):
    first = make_article("Harbour plan agreed")
    second = make_article("Bridge reopens")
    read(first, 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_most_read()
    response = client.get("/fragments/most-read/")
    assert response["X-Cache"] == "MISS"
    assert "Harbour plan agreed" in response.text
    assert client.get("/fragments/most-read/")["X-Cache"] == "HIT"

    read(second, 50)
    assert client.get("/fragments/most-read/")["X-Cache"] == "HIT"  # until the worker
    with django_capture_on_commit_callbacks(execute=True):
        assert services.refresh_most_read()
    response = client.get("/fragments/most-read/")
    assert response["X-Cache"] == "MISS"
    assert response.text.index("Bridge reopens") < response.text.index("Harbour plan")


def test_a_section_list_and_an_unknown_section(client, make_article, section):
    read(make_article("Harbour plan agreed"), 3)
    assert (
        "Most read in World" in client.get(f"/fragments/most-read/{section.slug}/").text
    )
    assert client.get("/fragments/most-read/no-such-section/").status_code == 404


def test_the_counting_page_says_what_is_kept(client, home_page):
    text = client.get("/privacy/counting/").text
    assert "Your IP address" in text
    assert "395 days" in text


@pytest.fixture
def editor(home_page):
    ensure_newsroom()
    return make_staff(roles.EDITOR)


def test_an_editor_sees_most_read_and_a_story_s_numbers(client, editor, make_article):
    story = make_article("Harbour plan agreed")
    read(story, 7)
    client.login(username=editor.username, password=PASSWORD)
    dashboard = client.get("/admin/")
    assert "Most read, last 24 hours" in dashboard.text
    assert "Harbour plan agreed" in dashboard.text
    numbers = client.get(f"/admin/readership/story/{story.pk}/")
    assert numbers.status_code == 200
    assert (
        "<svg" in numbers.text and "t.co" in numbers.text and "mobile" in numbers.text
    )
    export = client.get("/admin/readership/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    assert story.get_url_parts()[2] in export.text


@pytest.mark.parametrize("role", [roles.CONTRIBUTOR, roles.PHOTO_EDITOR])
def test_every_newsroom_role_sees_the_numbers(client, home_page, role, make_article):
    ensure_newsroom()
    user = make_staff(role, username="someone")
    client.login(username=user.username, password=PASSWORD)
    story = make_article("Harbour plan agreed")
    assert client.get(f"/admin/readership/story/{story.pk}/").status_code == 200


def test_readers_and_anonymous_visitors_do_not(client, home_page, make_article):
    story = make_article("Harbour plan agreed")
    url = f"/admin/readership/story/{story.pk}/"
    assert client.get(url).status_code == 302
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user(
        "reader", "r@example.com", "pw-123456!"
    )
    client.force_login(reader)
    assert client.get(url).status_code in (302, 403)
    assert client.get("/admin/readership/export.csv").status_code in (302, 403)
