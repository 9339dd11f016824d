"""Two editors on one story: locks hold, stale saves are flagged, and old
revisions can be compared and restored (Wagtail's own views, driven as an editor)."""

import pytest

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .factories import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(section):
    ensure_newsroom()
    return make_staff(roles.EDITOR, "eddie"), make_staff(roles.EDITOR, "erin")


@pytest.fixture
def story(make_article):
    return make_article("Council votes on the bridge", standfirst="First version.")


def test_a_locked_story_cannot_be_saved_by_another_editor(client, editors, story):
    eddie, erin = editors
    client.force_login(eddie)
    client.post(f"/admin/pages/{story.pk}/lock/")
    story.refresh_from_db()
    assert story.locked and story.locked_by == eddie

    client.force_login(erin)
    response = client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(story, standfirst="Erin's version."),
    )
    assert "The page could not be saved as it is locked" in response.content.decode()
    story.refresh_from_db()
    assert story.get_latest_revision().content["standfirst"] == "First version."
    # Only the locker (or someone allowed to unlock any page) may unlock.
    client.force_login(eddie)
    client.post(f"/admin/pages/{story.pk}/unlock/")
    story.refresh_from_db()
    assert not story.locked


def test_an_editor_working_on_an_old_version_is_warned_of_the_newer_one(
    client, editors, story
):
    eddie, erin = editors
    loaded = story.get_latest_revision()
    ping_url = f"/admin/editing-sessions/ping/wagtailcore/page/{story.pk}/0/"

    client.force_login(eddie)
    first = client.post(ping_url, {"revision_id": loaded.pk, "is_editing": "1"}).json()
    assert first["other_sessions"] == []

    client.force_login(erin)
    client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(story, standfirst="Erin's version."),
    )
    story.refresh_from_db()
    newer = story.get_latest_revision()
    assert newer.pk != loaded.pk

    client.force_login(eddie)
    warning = client.post(
        first["ping_url"],
        {
            "revision_id": loaded.pk,
            "revision_created_at": loaded.created_at.isoformat(),
            "is_editing": "1",
        },
    ).json()
    assert [s["revision_id"] for s in warning["other_sessions"]] == [newer.pk]
    assert "Erin" in warning["other_sessions"][0]["user"]

    # An autosave from the stale editor is refused instead of overwriting Erin.
    stale = client.post(
        f"/admin/pages/{story.pk}/edit/",
        {
            **article_form_data(story, standfirst="Eddie's stale version."),
            "loaded_revision_id": loaded.pk,
            "loaded_revision_created_at": loaded.created_at.isoformat(),
        },
        HTTP_ACCEPT="application/json",
    )
    assert stale.status_code == 400
    assert stale.json()["error_code"] == "invalid_revision"
    story.refresh_from_db()
    assert story.get_latest_revision().content["standfirst"] == "Erin's version."


def test_an_editor_compares_revisions_and_restores_an_old_one(client, editors, story):
    eddie, _ = editors
    first = story.get_latest_revision()
    client.force_login(eddie)
    client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(
            story, standfirst="A worse version.", action="action-publish"
        ),
    )
    story.refresh_from_db()
    assert story.standfirst == "A worse version."
    second = story.get_latest_revision()

    history = client.get(f"/admin/pages/{story.pk}/history/")
    assert history.status_code == 200
    compare = client.get(
        f"/admin/pages/{story.pk}/revisions/compare/{first.pk}...{second.pk}/"
    )
    assert compare.status_code == 200
    body = compare.content.decode()
    # The diff marks each changed word; both versions' words are on the page.
    assert "Standfirst" in body
    assert "First" in body and "worse" in body

    revert = client.get(f"/admin/pages/{story.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert "First version." in revert.content.decode()
    client.post(
        f"/admin/pages/{story.pk}/edit/",
        {
            **article_form_data(
                story, standfirst="First version.", action="action-publish"
            ),
            "revision": first.pk,
        },
    )
    story.refresh_from_db()
    assert story.standfirst == "First version."
    assert story.live
