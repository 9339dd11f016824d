"""Two editors on one story, and a publish that dies half way.

- A stale save (editor B saves from the revision A has since replaced) keeps both
  revisions: nothing A wrote is lost, B's becomes the latest draft.
- A publish that fails after the revision is saved (a ``page_published`` receiver
  raising stands in for a crash between "revision saved" and "published") leaves
  no mixed state: through ``articles.services`` (one transaction) nothing changes
  and no purge is sent; through the admin (Wagtail saves in autocommit steps) the
  saved revision survives and the live page is wholly one revision.
- The page-cache purge waits for the commit: at the moment the page is published
  it is only queued (``transaction.on_commit``), never sent before.
- A real process killed (SIGKILL) while Wagtail makes the saved revision live
  (PostgreSQL pass): the revision is kept, the old revision stays wholly live, and
  publishing again works (nothing left locked).

Runs on SQLite and in CI's PostgreSQL pass alike (no SQLite-only behaviour used).
"""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Revision
from wagtail.signals import page_published

from masthead.articles.blocks import paragraph_from_text
from masthead.articles.services import update_article
from masthead.newsroom.tests.factories import article_form_data
from masthead.pagecache import services as pagecache

pytestmark = pytest.mark.django_db


class PublishCrash(Exception):
    pass


@pytest.fixture
def editors(world):
    from tests.factories import make_staff

    return world.users["editor"], make_staff("Editor", "second")


def revisions_of(page):
    return list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk"))


def test_a_stale_save_keeps_both_editors_revisions(world, editors):
    first, second = editors
    story = world.story
    loaded = str(story.latest_revision_id)
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    url = f"/admin/pages/{story.pk}/edit/"
    assert a.get(url).status_code == 200
    assert b.get(url).status_code == 200

    response = a.post(
        url,
        {
            **article_form_data(story, title="A's headline"),
            "loaded_revision_id": loaded,
        },
    )
    assert response.status_code == 302
    response = b.post(
        url,
        {
            **article_form_data(story, title="B's headline"),
            "loaded_revision_id": loaded,
        },
    )
    assert response.status_code in (200, 302)

    titles = [r.as_object().title for r in revisions_of(story)]
    assert "A's headline" in titles  # no lost revision
    story.refresh_from_db()
    assert story.title == "An editor's published story"  # saving never publishes
    latest = story.get_latest_revision()
    if response.status_code == 302:
        assert latest.as_object().title == "B's headline"
        assert titles[-2:] == ["A's headline", "B's headline"]
    else:
        # Wagtail refused the out-of-date save and showed the form again.
        assert latest.as_object().title == "A's headline"


def crash_after_publish(sender, instance, **kwargs):
    # Masthead's own receiver ran first: the purge is queued for the commit,
    # and nothing has been sent yet.
    assert pagecache._is_waiting_for_commit()
    raise PublishCrash


@pytest.fixture
def crashing_publish():
    page_published.connect(crash_after_publish)
    yield
    page_published.disconnect(crash_after_publish)
    pagecache.forget_pending_purges()


def test_a_publish_that_dies_in_the_service_changes_nothing(
    world, crashing_publish, django_capture_on_commit_callbacks
):
    story = world.story
    before = [r.pk for r in revisions_of(story)]
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(PublishCrash):
            update_article(
                article=story,
                headline="Half published",
                body=[("paragraph", paragraph_from_text("New words."))],
                publish=True,
                user=world.users["editor"],
            )
    story.refresh_from_db()
    assert story.title == "An editor's published story"
    assert [r.pk for r in revisions_of(story)] == before
    assert pagecache.flush_purges not in callbacks  # rolled back: nothing to purge


def test_a_publish_that_dies_in_the_admin_leaves_one_whole_revision_live(
    world, crashing_publish, django_capture_on_commit_callbacks
):
    story = world.story
    before = [r.pk for r in revisions_of(story)]
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])
    data = article_form_data(
        story, title="Published in a crash", action="action-publish"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/admin/pages/{story.pk}/edit/", data)
    assert response.status_code == 500

    after = revisions_of(story)
    assert [r.pk for r in after][: len(before)] == before  # none lost
    assert after[-1].as_object().title == "Published in a crash"  # the work is kept
    story.refresh_from_db()
    live = story.live_revision.as_object()
    # The live row is exactly the revision it says is live: never half of each.
    assert (story.title, story.live_revision_id) == (live.title, story.live_revision_id)
    # Whatever was published is purged, and only once the data is committed.
    if story.title == "Published in a crash":
        assert pagecache.flush_purges in callbacks


def test_a_normal_publish_purges_after_commit(
    world, django_capture_on_commit_callbacks
):
    seen = []

    def record(sender, instance, **kwargs):
        seen.append(pagecache._is_waiting_for_commit())

    page_published.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            update_article(
                article=world.story,
                headline="Published properly",
                body=[("paragraph", paragraph_from_text("New words."))],
                publish=True,
                user=world.users["editor"],
            )
    finally:
        page_published.disconnect(record)
    assert seen == [True]  # queued while the transaction was open
    assert pagecache.flush_purges in callbacks  # and sent when it committed


# The process itself killed (SIGKILL, no exception handler runs) while Wagtail is
# publishing (the page row being made the new revision), after the revision was
# saved: PostgreSQL drops the open transaction.
KILLED_PUBLISH = """
import os, sys, time
import django

django.setup()
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.test import Client

from masthead.articles.models import ArticlePage
from masthead.newsroom.tests.factories import article_form_data


def hang(sender, instance, **kwargs):
    # The publish's own save of the page row (the new revision made live), inside
    # Wagtail's publishing step: the revision itself was saved before.
    if (
        instance.title == "Published in a kill"
        and instance.live_revision_id
        and instance.live_revision_id == instance.latest_revision_id
    ):
        print("PUBLISHING", flush=True)
        time.sleep(120)


post_save.connect(hang, sender=ArticlePage)
story = ArticlePage.objects.get(pk=int(sys.argv[1]))
client = Client()
client.force_login(get_user_model().objects.get(pk=int(sys.argv[2])))
client.post(
    f"/admin/pages/{story.pk}/edit/",
    article_form_data(story, title="Published in a kill", action="action-publish"),
)
print("FINISHED", flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_a_publish_killed_half_way_keeps_the_revision_and_one_whole_live_page(
    world, tmp_path
):
    import subprocess
    import sys

    from django.db import connection

    from masthead.operations.tests.helpers import (
        REPO,
        database_url,
        masthead_env,
        require_postgresql,
        stop,
    )

    require_postgresql(connection)
    story, editor = world.story, world.users["editor"]
    before = [r.pk for r in revisions_of(story)]
    environment = masthead_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="masthead.settings.test",
        DATABASE_URL=database_url(connection.settings_dict),
        ALLOWED_HOSTS="testserver",  # pytest-django adds it only in this process
    )
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(story.pk), str(editor.pk)],
        env=environment,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        for line in process.stdout:  # until the publish is under way
            lines.append(line)
            if line.startswith(("PUBLISHING", "FINISHED")):
                break
        assert lines and lines[-1].startswith("PUBLISHING"), "".join(lines[-20:])
        process.kill()  # SIGKILL: no handler, no rollback by Django
        process.wait(30)
    finally:
        stop(process)

    after = revisions_of(story)
    assert [r.pk for r in after][: len(before)] == before  # no revision lost
    assert after[-1].as_object().title == "Published in a kill"  # the work is kept
    story.refresh_from_db()
    live = story.live_revision.as_object()
    # One whole revision is live (the old one: the publish never committed).
    assert story.title == live.title == "An editor's published story"
    assert story.live
    # Nothing is left locked or half written: publishing again works.
    client = Client()
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(
            story, title="Published after the kill", action="action-publish"
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Published after the kill"
