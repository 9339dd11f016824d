"""The newsletter box in Chromium: a reader on a cached story signs up, sees the
"check your inbox" answer, confirms from the mail the worker sent, gets an issue
and leaves with its unsubscribe link."""

from __future__ import annotations

import email
import re
from email import policy

import pytest

from masthead.contact.tests.conftest import run_worker
from masthead.newsletters.models import Issue, NewsletterList, Subscriber
from masthead.newsletters.services.sending import queue_issue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]


def read_outbox(outbox) -> list:
    messages = []
    for path in sorted(outbox.glob("*")):
        # The file backend writes messages one after another, split by a rule.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk.lstrip(), policy=policy.default)
                )
    return messages


def find_link(message, kind: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"/newsletters/{kind}/[^/\s]+/", text).group(0)


@pytest.fixture
def newsletter_lists(db, settings, tmp_path):
    settings.MASTHEAD_NEWSLETTER_SUPPRESSION_FILE = str(tmp_path / "suppressed.log")
    # The data migration's lists, unless a flush of an earlier test removed them.
    daily, _ = NewsletterList.objects.get_or_create(
        slug="daily", defaults={"name": "Daily digest"}
    )
    breaking, _ = NewsletterList.objects.get_or_create(
        slug="breaking",
        defaults={"name": "Breaking news", "kind": NewsletterList.Kind.BREAKING},
    )
    return daily, breaking


def test_a_reader_signs_up_on_a_cached_story_confirms_and_unsubscribes(
    asgi_server, make_article, newsletter_lists, outbox, new_page, screenshot
):
    daily, _breaking = newsletter_lists
    story = make_article(headline="Harbour reopens after the storm")
    url = asgi_server.url + story.url
    page = new_page(width=1000, height=900)
    page.goto(url)
    response = page.goto(url)
    assert response.headers.get("x-cache") == "HIT"  # the box is in the cached page
    assert (
        "csrfmiddlewaretoken"
        not in page.locator("section.newsletter-box").first.inner_html()
    )
    screenshot(page, "newsletter-story-with-box")

    box = page.locator("section.newsletter-box").first
    box.get_by_label("Your email address").fill("ann.reader@example.org")
    box.get_by_label("Also send me breaking-news alerts").check()
    box.get_by_role("button", name="Sign up").click()
    box.get_by_text("Almost done").wait_for()
    box.scroll_into_view_if_needed()
    screenshot(page, "newsletter-signup-check-inbox", full_page=False)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    run_worker()
    [confirmation] = read_outbox(outbox)
    assert confirmation["To"] == "ann.reader@example.org"
    page.goto(asgi_server.url + find_link(confirmation, "confirm"))
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    screenshot(page, "newsletter-confirmed", full_page=False)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert set(subscriber.lists.values_list("slug", flat=True)) == {
        "daily",
        "breaking",
    }

    issue = Issue.objects.create(newsletter=daily, subject="Morning news")
    issue.stories.set([story])
    queue_issue(issue_id=issue.pk)
    run_worker()
    letter = next(m for m in read_outbox(outbox) if m["Subject"] == "Morning news")
    assert "List-Unsubscribe=One-Click" in letter["List-Unsubscribe-Post"]
    page.goto(asgi_server.url + find_link(letter, "unsubscribe"))
    screenshot(page, "newsletter-unsubscribe-ask", full_page=False)
    page.get_by_role("button", name="Unsubscribe", exact=True).click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    screenshot(page, "newsletter-unsubscribed", full_page=False)
    assert list(subscriber.lists.values_list("slug", flat=True)) == ["breaking"]


def test_without_script_the_box_still_signs_up(
    asgi_server, make_article, newsletter_lists, new_page, screenshot
):
    story = make_article(headline="A quiet day")
    page = new_page(width=375, height=800, java_script_enabled=False)
    page.goto(asgi_server.url + story.url)
    box = page.locator("section.newsletter-box").first
    box.get_by_label("Your email address").fill("reader@gmial.com")
    box.get_by_role("button", name="Sign up").click()
    page.get_by_text("Did you mean reader@gmail.com?").wait_for()
    screenshot(page, "newsletter-no-script-typo", full_page=False)
    assert not Subscriber.objects.exists()
