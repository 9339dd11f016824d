"""Submit → request changes → resubmit → approve (now or on a schedule), through the
admin as each role would; scheduled publishing run as the worker runs it."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, page_unpublished

from masthead.articles.models import ArticlePage
from masthead.core import periodic
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom, publish_scheduled_content
from tests.factories import make_staff

from .factories import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(section):
    ensure_newsroom()
    return {
        "contributor": make_staff(roles.CONTRIBUTOR, "casey"),
        "editor": make_staff(roles.EDITOR, "eddie"),
    }


@pytest.fixture
def signals():
    seen = []

    def published(sender, instance, **kwargs):
        seen.append(("published", instance.pk))

    def unpublished(sender, instance, **kwargs):
        seen.append(("unpublished", instance.pk))

    page_published.connect(published, dispatch_uid="test-published")
    page_unpublished.connect(unpublished, dispatch_uid="test-unpublished")
    yield seen
    page_published.disconnect(dispatch_uid="test-published")
    page_unpublished.disconnect(dispatch_uid="test-unpublished")


def submit_new_story(client, contributor, section, slug="harbour-story"):
    client.force_login(contributor)
    draft = ArticlePage(title="Harbour reopens", slug=slug)
    response = client.post(
        f"/admin/pages/add/articles/articlepage/{section.pk}/",
        article_form_data(draft, action="action-submit"),
    )
    assert response.status_code == 302
    return ArticlePage.objects.get(slug=slug)


def current_task_state(story) -> TaskState:
    return story.current_workflow_state.current_task_state


def test_submitted_story_waits_for_editor_review_and_editors_are_emailed(
    client, newsroom, section
):
    story = submit_new_story(client, newsroom["contributor"], section)
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == roles.REVIEW_TASK
    assert not story.live
    assert any(newsroom["editor"].email in message.to for message in mail.outbox)
    # In-admin notification: the story is on the editor's dashboard to review.
    client.force_login(newsroom["editor"])
    assert "Harbour reopens" in client.get("/admin/").content.decode()


def test_request_changes_then_resubmit_then_approve_publishes(
    client, newsroom, section, signals
):
    story = submit_new_story(client, newsroom["contributor"], section)

    client.force_login(newsroom["editor"])
    task_state = current_task_state(story)
    response = client.post(
        f"/admin/pages/workflow/action/{story.pk}/reject/{task_state.pk}/",
        {"comment": "Please name the harbour master."},
    )
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Please name the harbour master."
    story.refresh_from_db()
    assert story.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any(
        newsroom["contributor"].email in message.to
        and "Please name the harbour master." in message.body
        for message in mail.outbox
    )

    client.force_login(newsroom["contributor"])
    response = client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(
            story,
            standfirst="Harbour master Ann Lee reopened it.",
            action="action-restart-workflow",
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(newsroom["editor"])
    task_state = current_task_state(story)
    client.post(
        f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    story.refresh_from_db()
    assert story.live
    assert story.standfirst == "Harbour master Ann Lee reopened it."
    assert ("published", story.pk) in signals


def test_approving_with_a_future_go_live_schedules_and_the_worker_job_publishes(
    client, newsroom, section, signals
):
    story = submit_new_story(client, newsroom["contributor"], section)
    go_live = timezone.now() + timedelta(minutes=5)

    client.force_login(newsroom["editor"])
    response = client.post(
        f"/admin/pages/{story.pk}/edit/",
        {
            **article_form_data(
                story,
                go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
                action="action-workflow-action",
            ),
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    assert story.get_latest_revision().approved_go_live_at is not None

    publish_scheduled_content()  # too early: nothing happens
    story.refresh_from_db()
    assert not story.live

    with time_machine.travel(go_live + timedelta(seconds=30)):
        publish_scheduled_content()
    story.refresh_from_db()
    assert story.live
    assert ("published", story.pk) in signals
    assert ArticlePage.objects.published().filter(pk=story.pk).exists()


def test_a_go_live_time_in_the_past_publishes_at_once(client, newsroom, make_article):
    story = make_article("Already due", publish=False)
    client.force_login(newsroom["editor"])
    past = timezone.localtime(timezone.now() - timedelta(hours=2))
    client.post(
        f"/admin/pages/{story.pk}/edit/",
        article_form_data(
            story,
            go_live_at=past.strftime("%Y-%m-%d %H:%M"),
            action="action-publish",
        ),
    )
    story.refresh_from_db()
    assert story.live
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_expired_story_is_unpublished_by_the_worker_job(make_article, signals):
    story = make_article("Short-lived")
    ArticlePage.objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    publish_scheduled_content()
    story.refresh_from_db()
    assert not story.live
    assert story.expired
    assert ("unpublished", story.pk) in signals


def test_scheduled_publishing_is_a_periodic_worker_job_due_within_a_minute():
    jobs = {job.name: job for job in periodic.registered_jobs()}
    job = jobs["newsroom.publish_scheduled"]
    assert job.function is publish_scheduled_content
    assert job.every <= 60
