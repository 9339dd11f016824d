"""A story's old address answers with a permanent redirect after an editor changes
its slug or moves it to another section, even when the old page was cached."""

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from masthead.newsroom.tests.factories import article_form_data
from tests.factories import make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(section):
    ensure_newsroom()
    editor = Client()
    editor.force_login(make_staff(roles.EDITOR, "eddie"))
    return editor


@pytest.fixture
def story(make_article):
    return make_article("Council votes on the bridge")


def warm(client, url):
    """Read ``url`` as a reader until the page cache serves it."""
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "HIT"


def assert_moved_permanently(client, old_url, new_url, headline):
    for _ in range(2):  # the second time too: a redirect is never cached as a page
        response = client.get(old_url)
        assert response.status_code == 301, response.status_code
        assert response["Location"] in (new_url, "http://localhost" + new_url)
        assert response.get("X-Cache") != "HIT"
    redirect = Redirect.objects.get(old_path=old_url.rstrip("/"))
    assert redirect.is_permanent and redirect.automatically_created
    page = client.get(new_url)
    assert page.status_code == 200
    assert headline in page.content.decode()


def test_publishing_a_new_slug_redirects_the_old_address(
    client, editor_client, story, django_capture_on_commit_callbacks
):
    old_url = story.url
    assert old_url == "/world/council-votes-on-the-bridge/"
    warm(client, old_url)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/pages/{story.pk}/edit/",
            article_form_data(story, slug="bridge-vote", action="action-publish"),
        )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.slug == "bridge-vote" and story.live

    assert_moved_permanently(
        client, old_url, "/world/bridge-vote/", "Council votes on the bridge"
    )


def test_a_slug_changed_through_save_revision_publish_redirects_too(
    client, story, django_capture_on_commit_callbacks
):
    old_url = story.url
    warm(client, old_url)
    story.slug = "the-bridge-vote"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert_moved_permanently(
        client, old_url, "/world/the-bridge-vote/", "Council votes on the bridge"
    )


def test_moving_a_story_to_another_section_redirects_the_old_address(
    client, editor_client, home_page, story, django_capture_on_commit_callbacks
):
    politics = make_section(home_page, "Politics", slug="politics")
    old_url = story.url
    warm(client, old_url)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/pages/{story.pk}/move/{politics.pk}/confirm/"
        )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.get_parent().pk == politics.pk

    assert_moved_permanently(
        client,
        old_url,
        "/politics/council-votes-on-the-bridge/",
        "Council votes on the bridge",
    )
