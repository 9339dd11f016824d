"""The moderation queue and per-page settings: editors who are not superusers
use them; other newsroom roles and readers cannot."""

from __future__ import annotations

import pytest
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Comment, CommentBan
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    ensure_newsroom()
    services.ensure_moderators()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(story, make_reader):
    return services.post_comment(
        story=story,
        author=make_reader(age_minutes=1),
        body="Visit https://a.example https://b.example https://c.example",
        name="Spammy",
    ).comment


@pytest.mark.parametrize("role", ["Editor", "Admin"])
def test_moderators_and_editors_see_the_queue(roles, held, role):
    user = make_staff(role=role, username=role.lower())
    assert not user.is_superuser
    response = as_user(user).get("/admin/comments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spammy" in html and "more than 2 links" in html
    assert "Comments (1)" in html  # the menu item with the number waiting


@pytest.mark.parametrize("role", ["Contributor", "Photo editor"])
def test_other_newsroom_roles_do_not(roles, held, role):
    response = as_user(make_staff(role=role, username="x")).get("/admin/comments/")
    assert response.status_code in (302, 403)


def test_readers_and_anonymous_visitors_do_not(client, roles, held, reader):
    assert as_user(reader).get("/admin/comments/").status_code in (302, 403)
    assert client.get("/admin/comments/").status_code == 302


def test_an_editor_publishes_hides_deletes_and_bans_from_the_queue(roles, held, story):
    editor = as_user(make_staff(role="Editor"))
    editor.post(f"/admin/comments/{held.pk}/approve/")
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    editor.post(f"/admin/comments/{held.pk}/hide/")
    held.refresh_from_db()
    assert held.status == Comment.Status.HIDDEN
    editor.post(f"/admin/comments/{held.pk}/ban/")
    assert CommentBan.objects.filter(user=held.author).exists()
    editor.post(f"/admin/comments/{held.pk}/unban/")
    assert not CommentBan.objects.exists()
    editor.post(f"/admin/comments/{held.pk}/delete/")
    held.refresh_from_db()
    assert held.status == Comment.Status.DELETED and held.body == ""
    assert editor.post(f"/admin/comments/{held.pk}/explode/").status_code == 404
    assert editor.get(f"/admin/comments/{held.pk}/hide/").status_code == 405


def test_an_unsafe_next_address_is_not_followed(roles, held):
    editor = as_user(make_staff(role="Editor"))
    response = editor.post(
        f"/admin/comments/{held.pk}/hide/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/comments/"


def test_reported_comments_are_listed(roles, story, reader, make_reader):
    comment = services.post_comment(
        story=story, author=reader, body="Rude words", name="Ada"
    ).comment
    services.report_comment(comment=comment, reporter=make_reader())
    html = (
        as_user(make_staff(role="Editor", username="ed"))
        .get("/admin/comments/?status=reported")
        .content.decode()
    )
    assert "Rude words" in html and "1 report" in html


def test_an_editor_closes_comments_on_a_story(roles, story, reader):
    editor = as_user(make_staff(role="Editor"))
    assert editor.get(f"/admin/comments/page/{story.pk}/").status_code == 200
    editor.post(
        f"/admin/comments/page/{story.pk}/", {"comments_closed": "on", "moderation": ""}
    )
    assert services.are_comments_closed(story)
    html = Client().get(f"/comments/{story.pk}/").content.decode()
    assert "Comments are closed on this story." in html


def test_an_editor_makes_a_section_pre_moderated(roles, section, story, reader):
    editor = as_user(make_staff(role="Editor"))
    editor.post(f"/admin/comments/page/{section.pk}/", {"moderation": "pre"})
    posted = services.post_comment(story=story, author=reader, body="Hi", name="Ada")
    assert posted.comment.status == Comment.Status.PENDING


def test_the_story_header_menu_offers_comments_to_moderators(roles, story):
    html = (
        as_user(make_staff(role="Editor"))
        .get(f"/admin/pages/{story.pk}/edit/")
        .content.decode()
    )
    assert f"/admin/comments/page/{story.pk}/" in html
