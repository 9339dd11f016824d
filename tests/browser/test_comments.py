"""Readers discuss the reference story and an editor moderates (issue 20): a
verified reader comments, a second replies, an editor hides one from the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.demo.builders import load_demo
from tests.factories import PASSWORD, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]

HEADLINE = "Trump calls Putin and talks of ‘Russian Hoax’"


def make_reader(email: str, name: str):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD, first_name=name
    )
    user.date_joined = timezone.now() - timedelta(days=3)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def wait_for_count(page, text: str):
    """The count beside the heading (a cached fragment) says ``text``."""
    page.wait_for_function(
        "text => document.querySelector('[data-comments-count]')"
        ".textContent.includes(text)",
        arg=text,
    )


def reader_logs_in(page, base: str, email: str, story_url: str):
    page.goto(f"{base}/accounts/login/?next={story_url}")
    main = page.locator("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + story_url)


def test_readers_comment_and_reply_and_an_editor_hides_one(
    page_root, live_server, new_page, screenshot
):
    from masthead.articles.models import ArticlePage
    from masthead.comments.models import Comment
    from masthead.comments.services import ensure_moderators
    from masthead.newsroom.services import ensure_newsroom

    load_demo()
    # The roles' groups come from a migration; an earlier transactional test in
    # this process may have emptied the database since.
    ensure_newsroom()
    ensure_moderators()
    story = ArticlePage.objects.get(title=HEADLINE)
    make_reader("ada@example.org", "Ada Lovelace")
    make_reader("bo@example.org", "Bo Diddley")
    make_staff(role="Editor", username="desk")
    base = live_server.url

    # A verified reader comments; script and markup stay text, links are marked.
    ada = new_page(width=1100, height=900)
    reader_logs_in(ada, base, "ada@example.org", story.url)
    comments = ada.locator("#comments")
    comments.scroll_into_view_if_needed()
    form = comments.locator("form.comments__form").first
    form.get_by_label("Your comment", exact=True).fill(
        "The call matters. <script>alert('x')</script>\r\nSource: https://example.org/call"
    )
    form.get_by_role("button", name="Post comment").click()
    comments.get_by_text("Your comment is published.").wait_for()
    first = comments.locator("article.comment").first
    assert "<script>alert('x')</script>" in first.inner_text()
    link = first.get_by_role("link", name="https://example.org/call")
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    wait_for_count(ada, "1 comment")
    first.scroll_into_view_if_needed()
    screenshot(ada, "comments-first-comment", full_page=False)

    # A second reader replies under it (one level deep).
    bo = new_page(width=390, height=900)
    reader_logs_in(bo, base, "bo@example.org", story.url)
    thread = bo.locator("#comments")
    thread.scroll_into_view_if_needed()
    thread.get_by_role("button", name="Reply").first.click()
    reply_form = thread.locator("form.comments__form--reply").first
    reply_form.get_by_label("Your reply", exact=True).fill(
        "I read it differently: the call was brief."
    )
    reply_form.get_by_role("button", name="Post reply").click()
    thread.locator(".comments__replies article.comment").first.wait_for()
    assert "Bo Diddley" in thread.locator(".comments__replies").inner_text()
    wait_for_count(bo, "2 comments")
    thread.locator(".comments__replies").scroll_into_view_if_needed()
    screenshot(bo, "comments-reply-phone", full_page=False)

    # A flood is limited with a visible message.
    for n in range(6):
        thread.locator("form.comments__form").first.get_by_label(
            "Your comment", exact=True
        ).fill(f"Another thought, number {n}.")
        thread.locator("form.comments__form").first.get_by_role(
            "button", name="Post comment"
        ).click()
        bo.wait_for_timeout(300)
    thread.get_by_text("comments every 10 minutes").wait_for()
    screenshot(bo, "comments-rate-limited-phone", full_page=False)

    # An editor (not a superuser) hides the reply from the admin queue.
    editor = new_page(width=1280, height=900)
    editor.goto(base + "/admin/login/")
    editor.fill("#id_username", "desk")
    editor.fill("#id_password", PASSWORD)
    editor.get_by_role("button", name="Sign in").click()
    editor.wait_for_url(base + "/admin/")
    editor.goto(base + "/admin/comments/?status=published")
    row = editor.locator("tr", has_text="the call was brief")
    row.get_by_role("button", name="Hide").click()
    editor.get_by_text("Hidden from readers.").wait_for()
    screenshot(editor, "comments-admin-queue")
    reply = Comment.objects.get(body__contains="the call was brief")
    assert reply.status == Comment.Status.HIDDEN

    # Readers no longer see it; the cached count went down with it.
    anonymous = new_page(width=1100, height=900)
    asked = []
    anonymous.on("request", lambda request: asked.append(request.url))
    anonymous.goto(base + story.url)
    box = anonymous.locator("#comments")
    box.scroll_into_view_if_needed()
    box.locator("article.comment").first.wait_for()
    assert "the call was brief" not in box.inner_text()
    wait_for_count(anonymous, "5 comments")
    assert box.get_by_text("Sign in to join the discussion.").is_visible()
    # Signed out, both parts come from the cached fragments, never /comments/.
    assert f"{base}/fragments/comments/{story.pk}/thread/" in asked
    assert not [url for url in asked if url.startswith(f"{base}/comments/")]
    box.scroll_into_view_if_needed()
    screenshot(anonymous, "comments-anonymous-reader", full_page=False)
