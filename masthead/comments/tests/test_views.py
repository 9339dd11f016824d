"""The endpoints: a cached count purged by its own key, an uncached thread, JSON
errors that state the limit, CSRF on every POST, the page itself untouched."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Comment
from masthead.pagecache.services import forget_pending_purges
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def signed_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def post_url(story):
    return f"/comments/{story.pk}/post/"


def test_the_story_page_carries_the_mount_and_not_the_comments(client, story, reader):
    services.post_comment(story=story, author=reader, body="Secret words", name="Ada")
    html = client.get(story.url).content.decode()
    assert f'data-comments-thread-url="/comments/{story.pk}/thread/"' in html
    assert f'data-comments-count-url="/fragments/comments/{story.pk}/count/"' in html
    assert f'href="/comments/{story.pk}/"' in html  # the way in without script
    assert "Secret words" not in html
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', html)


def test_the_story_page_is_the_same_before_and_after_comments(
    client, story, reader, django_capture_on_commit_callbacks
):
    forget_pending_purges()  # the test data's own, never committed
    before = client.get(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(reader).post(post_url(story), {"body": "Hello", "name": "Ada"})
    after = client.get(story.url)
    assert after["X-Cache"] == "HIT"
    assert after.content == before.content


def test_the_count_is_cached_and_purged_by_a_new_visible_comment(
    client, story, reader, make_reader, django_capture_on_commit_callbacks
):
    forget_pending_purges()  # the test data's own, never committed
    url = f"/fragments/comments/{story.pk}/count/"
    first = client.get(url)
    assert first["X-Cache"] == "MISS" and b"0 comments" in first.content
    assert client.get(url)["X-Cache"] == "HIT"

    # Held for moderation: nothing readers see changed, nothing purged.
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(make_reader(age_minutes=1)).post(
            post_url(story), {"body": "New here", "name": "Bo"}
        )
    assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(reader).post(post_url(story), {"body": "Hello", "name": "Ada"})
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and b"1 comment<" in fresh.content


def test_the_count_of_an_unknown_story_is_404(client, home_page):
    assert client.get("/fragments/comments/999999/count/").status_code == 404


def test_the_thread_is_never_cached_and_escapes_markup(client, story, reader):
    services.post_comment(
        story=story, author=reader, body="<script>alert(1)</script>", name="<b>Ada</b>"
    )
    response = client.get(f"/comments/{story.pk}/thread/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<b>Ada" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Sign in to join the discussion." in html
    assert 'name="body"' not in html  # no form for anonymous readers


def test_a_signed_in_reader_gets_the_form_with_a_token(story, reader):
    html = signed_in(reader).get(f"/comments/{story.pk}/thread/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="Ada"' in html  # the account's name, offered


def test_an_unverified_reader_is_told_to_confirm(story, make_reader):
    html = (
        signed_in(make_reader(verified=False))
        .get(f"/comments/{story.pk}/thread/")
        .content.decode()
    )
    assert "Confirm your email address" in html


def test_json_post_reports_published_or_waiting(story, reader, make_reader):
    response = signed_in(reader).post(
        post_url(story), {"body": "Hello", "name": "Ada"}, **JSON
    )
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    response = signed_in(make_reader(age_minutes=1)).post(
        post_url(story), {"body": "Hi", "name": "Bo"}, **JSON
    )
    assert response.json()["status"] == "pending"
    assert "moderator" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("", 400, "empty"),
        ("x" * 10_240, 413, "too_long"),
        ("\r\n \r\n", 400, "empty"),
    ],
)
def test_bad_comments_get_json_errors_with_the_limit(story, reader, body, status, code):
    response = signed_in(reader).post(
        post_url(story), {"body": body, "name": "Ada"}, **JSON
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    if code == "too_long":
        assert response.json()["limit"] == 4000
        assert "4,000 characters" in response.json()["error"]


def test_a_huge_body_is_refused_before_it_is_read(story, reader):
    response = signed_in(reader).post(
        post_url(story), {"body": "x" * 100_000, "name": "Ada"}, **JSON
    )
    assert response.status_code == 413
    assert "over the limit of 64 KB" in response.json()["error"]


def test_a_flood_gets_429_with_the_limit_and_retry_after(story, reader, settings):
    settings.MASTHEAD_COMMENTS_PER_ACCOUNT = 1
    client = signed_in(reader)
    client.post(post_url(story), {"body": "one", "name": "Ada"}, **JSON)
    response = client.post(post_url(story), {"body": "two", "name": "Ada"}, **JSON)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert response.json()["limit"] == 1
    assert "1 comments every 10 minutes" in response.json()["error"]


def test_bad_reply_target_values_are_400(story, reader):
    for parent in ("abc", "-1", "9" * 30):
        response = signed_in(reader).post(
            post_url(story), {"body": "Hi", "name": "Ada", "parent": parent}, **JSON
        )
        assert response.status_code == 400


def test_anonymous_post_is_401_in_json(client, story):
    response = client.post(post_url(story), {"body": "Hi", "name": "Ada"}, **JSON)
    assert response.status_code == 401
    assert "Sign in" in response.json()["error"]


def test_csrf_is_enforced_and_refused_in_json(story, reader):
    client = signed_in(reader, csrf=True)
    response = client.post(post_url(story), {"body": "Hi", "name": "Ada"}, **JSON)
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert not Comment.objects.exists()
    client.get(f"/comments/{story.pk}/thread/")  # sets the cookie, as the script does
    token = client.cookies["csrftoken"].value
    response = client.post(
        post_url(story),
        {"body": "Hi", "name": "Ada", "csrfmiddlewaretoken": token},
        **JSON,
    )
    assert response.status_code == 200


def test_get_on_the_post_endpoint_is_405(story, reader):
    assert signed_in(reader).get(post_url(story)).status_code == 405


def test_without_script_a_post_redirects_back_to_the_comments_page(story, reader):
    response = signed_in(reader).post(post_url(story), {"body": "Hi", "name": "Ada"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"/comments/{story.pk}/?done=published#comment-{comment.pk}"
    )
    page = signed_in(reader).get(response["Location"])
    assert "Your comment is published." in page.content.decode()


def test_without_script_an_error_is_shown_on_the_page_with_the_text_kept(story, reader):
    response = signed_in(reader).post(
        post_url(story), {"body": "x" * 4001, "name": "Ada"}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "limited to 4,000 characters" in html
    assert "x" * 4001 in html


def test_reporting_by_json_and_refusals(story, reader, make_reader):
    comment = services.post_comment(
        story=story, author=reader, body="Hello", name="Ada"
    ).comment
    url = f"/comments/report/{comment.pk}/"
    assert signed_in(make_reader()).post(url, **JSON).json()["ok"]
    assert signed_in(reader).post(url, **JSON).status_code == 400  # own comment
    assert Client().post(url, **JSON).status_code == 401
    assert signed_in(reader).post("/comments/report/999999/", **JSON).status_code == 404


def test_comments_on_an_unpublished_or_unknown_page_are_404(
    client, make_article, reader
):
    draft = make_article("Draft", publish=False)
    assert client.get(f"/comments/{draft.pk}/").status_code == 404
    assert (
        signed_in(reader)
        .post(f"/comments/{draft.pk}/post/", {"body": "x", "name": "A"}, **JSON)
        .status_code
        == 404
    )


def test_staff_comments_are_marked_in_the_thread(client, story):
    editor = make_staff()
    services.post_comment(
        story=story, author=editor, body="Correction noted", name="Desk"
    )
    html = client.get(f"/comments/{story.pk}/").content.decode()
    assert "comment--staff" in html and ">Staff<" in html


def test_login_needed_page_links_to_login(client, story):
    client.logout()
    html = client.get(f"/comments/{story.pk}/").content.decode()
    assert f"/accounts/login/?next=/comments/{story.pk}/" in html


def test_the_signed_out_thread_is_cached_without_forms_and_purged_with_the_count(
    client, story, reader, django_capture_on_commit_callbacks
):
    forget_pending_purges()  # the test data's own, never committed
    url = f"/fragments/comments/{story.pk}/thread/"
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    assert "No comments yet." in first.content.decode()
    assert b"csrfmiddlewaretoken" not in first.content and b"<form" not in first.content
    assert client.get(url)["X-Cache"] == "HIT"
    # A signed-in reader asking it (cookies sent) gets the signed-out thread too.
    mine = signed_in(reader).get(url).content.decode()
    assert "<form" not in mine and "csrfmiddlewaretoken" not in mine

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(reader).post(post_url(story), {"body": "Hello all", "name": "Ada"})
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and "Hello all" in fresh.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.set_comment_settings(page=story, comments_closed=True)
    closed = client.get(url)
    assert closed["X-Cache"] == "MISS"
    assert "Comments are closed on this story." in closed.content.decode()


def test_an_anonymised_name_leaves_the_signed_out_thread(
    client, story, reader, django_capture_on_commit_callbacks
):
    from masthead.accounts.services import delete_reader_account

    services.post_comment(story=story, author=reader, body="Hello", name="Ada Byron")
    forget_pending_purges()
    url = f"/fragments/comments/{story.pk}/thread/"
    assert "Ada Byron" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        delete_reader_account(user=reader)
    html = client.get(url).content.decode()
    assert "Ada Byron" not in html and "Deleted reader" in html


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("مرحبا بالعالم 👋", "مرحبا بالعالم 👋"),
        ("line one\r\nline two", "line one<br>line two"),
        ('"><script>x</script>', "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"),
        ("a\u202egnp.exe", "agnp.exe"),
    ],
)
def test_nasty_text_is_stored_and_shown_safely(story, reader, body, shown):
    response = signed_in(reader).post(
        post_url(story), {"body": body, "name": "Ada"}, **JSON
    )
    assert response.status_code == 200
    html = Client().get(f"/comments/{story.pk}/").content.decode()
    assert shown in html


@pytest.mark.parametrize("threads", [1, 8])
def test_fragments_cost_the_same_queries_however_many_comments(
    client, story, make_reader, django_assert_num_queries, threads
):
    for n in range(threads):
        top = services.post_comment(
            story=story, author=make_reader(), body=f"top {n}", name="A"
        ).comment
        services.post_comment(
            story=story,
            author=make_reader(),
            body=f"reply {n}",
            name="B",
            parent_id=top.pk,
        )
    client.get(f"/comments/{story.pk}/")  # the site and its settings, remembered
    # The story, its comment settings, the comments, their replies.
    with django_assert_num_queries(4):
        client.get(f"/fragments/comments/{story.pk}/thread/")
    # The story and one COUNT.
    with django_assert_num_queries(2):
        client.get(f"/fragments/comments/{story.pk}/count/")
