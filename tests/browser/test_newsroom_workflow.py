"""A story's day in the newsroom, in Chromium: a contributor submits, an editor asks
for changes, the contributor resubmits, the editor approves with a go-live time a
few seconds ahead, the worker's job publishes it, and a reader finds it."""

import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom, publish_scheduled_content
from tests.factories import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Harbour reopens after the storm"
COMMENT = "Please name the harbour master."


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def fresh(story):
    """The story as the database has it now.

    Open admin tabs ping the server (editing sessions); on the test run's shared
    in-memory SQLite a read that meets one of those writes gets "table is locked",
    so it is retried briefly. PostgreSQL never raises this.
    """
    for _ in range(50):
        try:
            return ArticlePage.objects.get(pk=story.pk)
        except OperationalError:
            time.sleep(0.1)
    return ArticlePage.objects.get(pk=story.pk)


def park(*pages):
    """Leave the admin editor so its session pings stop while the test reads."""
    for page in pages:
        page.goto("about:blank")


def open_more_actions(page):
    """The editor's footer keeps secondary actions behind a dropdown toggle."""
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    if toggle.count() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def test_submit_request_changes_resubmit_schedule_and_publish(
    page_root, home_page, section, live_server, new_page, screenshot
):
    ensure_newsroom()
    casey = make_staff(roles.CONTRIBUTOR, "casey")
    make_staff(roles.EDITOR, "eddie")
    from masthead.articles.blocks import paragraph_from_text
    from masthead.articles.services import create_article

    story = create_article(
        section=section,
        headline=HEADLINE,
        standfirst="Boats are back.",
        body=[("paragraph", paragraph_from_text("The harbour reopened today."))],
        user=casey,
    )
    ArticlePage.objects.filter(pk=story.pk).update(owner=casey)
    base = live_server.url
    edit_url = f"{base}/admin/pages/{story.pk}/edit/"

    # The contributor edits the draft and submits it for review.
    contributor = new_page(width=1280, height=1000)
    log_in(contributor, base, "casey")
    contributor.goto(edit_url)
    contributor.fill("#id_standfirst", "Boats are back in the harbour.")
    open_more_actions(contributor)
    with contributor.expect_navigation():
        contributor.locator("button[name='action-submit']").click()
    park(contributor)
    story = fresh(story)
    assert story.current_workflow_state.status == "in_progress"
    assert not story.live
    contributor.goto(edit_url)
    screenshot(contributor, "newsroom-1-submitted-contributor", full_page=False)
    park(contributor)

    # The editor sees it awaiting review and requests changes with a comment.
    editor = new_page(width=1280, height=1000)
    log_in(editor, base, "eddie")
    assert HEADLINE in editor.locator("main").inner_text()
    screenshot(editor, "newsroom-2-editor-dashboard-awaiting-review", full_page=False)
    editor.goto(edit_url)
    open_more_actions(editor)
    editor.locator("button[data-workflow-action-name='reject']").click()
    editor.locator("textarea[name='comment']").fill(COMMENT)
    screenshot(editor, "newsroom-3-request-changes-comment", full_page=False)
    with editor.expect_navigation():
        editor.locator(".modal").get_by_role("button", name="Request changes").click()
    park(editor)
    story = fresh(story)
    assert story.current_workflow_state.status == "needs_changes"
    assert story.current_workflow_state.current_task_state.comment == COMMENT

    # The contributor sees the comment, changes the story and resubmits.
    contributor.goto(f"{base}/admin/pages/{story.pk}/history/")
    assert COMMENT in contributor.locator("main").inner_text()
    screenshot(contributor, "newsroom-4-changes-requested-history", full_page=False)
    contributor.goto(edit_url)
    contributor.fill("#id_standfirst", "Harbour master Ann Lee reopened it at dawn.")
    open_more_actions(contributor)
    with contributor.expect_navigation():
        contributor.locator("button[name='action-restart-workflow']").click()
    park(contributor)
    story = fresh(story)
    assert story.current_workflow_state.status == "in_progress"

    # The editor approves with a go-live time a few seconds ahead.
    go_live = timezone.localtime(timezone.now() + timedelta(seconds=12))
    editor.goto(edit_url)
    editor.evaluate(
        "value => { document.querySelector('#id_go_live_at').value = value; }",
        go_live.strftime("%Y-%m-%d %H:%M:%S"),
    )
    open_more_actions(editor)
    with editor.expect_navigation():
        editor.locator("button[data-workflow-action-name='approve']").first.click()
    park(editor)
    story = fresh(story)
    revision = story.get_latest_revision()
    assert revision.approved_go_live_at is not None
    assert not story.live
    editor.goto(edit_url)
    screenshot(editor, "newsroom-5-approved-and-scheduled", full_page=False)
    park(editor)

    # Not yet: a reader does not see it.
    reader = new_page(width=1280, height=900)
    reader.goto(base + "/")
    assert HEADLINE not in reader.locator("main").inner_text()

    # The worker's periodic job runs (called as the worker calls it) once it is due.
    while timezone.now() <= revision.approved_go_live_at:
        time.sleep(0.5)
    publish_scheduled_content()
    story = fresh(story)
    assert story.live

    reader.goto(base + "/")
    assert HEADLINE in reader.locator("main").inner_text()
    screenshot(reader, "newsroom-6-reader-home-after-schedule")
    reader.get_by_role("navigation", name="Sections").get_by_role(
        "link", name=section.title
    ).click()
    assert HEADLINE in reader.locator("main").inner_text()
    reader.get_by_role("link", name=HEADLINE).first.click()
    assert (
        "Harbour master Ann Lee" in reader.locator(".article__standfirst").inner_text()
    )
    screenshot(reader, "newsroom-7-reader-article-after-schedule")
