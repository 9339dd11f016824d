"""Queueing and sending an issue: one mail per address, whatever happens."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from masthead.newsletters.models import Delivery, Issue, Subscriber, Subscription
from masthead.newsletters.services import sending
from masthead.newsletters.services import signup as signup_service
from masthead.newsletters.services.suppression import suppress_address

from .conftest import run_worker, subscribe_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(lists, make_article):
    story = make_article(headline="Council votes <b>yes</b>", standfirst="It passed.")
    made = Issue.objects.create(newsletter=lists["daily"], subject="Tuesday's news")
    made.stories.set([story])
    return made


def queue(issue, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return sending.queue_issue(issue_id=issue.pk)


def test_an_issue_goes_once_to_each_confirmed_subscriber(
    issue, lists, smtp, django_capture_on_commit_callbacks
):
    for n in range(3):
        subscribe_confirmed(f"reader{n}@example.org", lists["daily"])
    subscribe_confirmed("weekly.only@example.org", lists["weekly"])
    pending = subscribe_confirmed("pending@example.org", lists["daily"])
    Subscriber.objects.filter(pk=pending.pk).update(status=Subscriber.Status.PENDING)

    assert queue(issue, django_capture_on_commit_callbacks) == 3
    run_worker()

    received = sorted(m["To"] for m in smtp.messages)
    assert received == [f"reader{n}@example.org" for n in range(3)]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sending.count_deliveries(issue)["sent"] == 3
    message = smtp.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_link, mailto = (p.strip() for p in message["List-Unsubscribe"].split(","))
    assert https_link.startswith("<http") and "/newsletters/unsubscribe/" in https_link
    assert mailto.startswith("<mailto:")
    assert message["Message-ID"].startswith("<newsletter-")
    types = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in types and "text/html" in types
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "<img" not in html  # no tracking pixel
    assert "Council votes &lt;b&gt;yes&lt;/b&gt;" in html
    assert "Council votes <b>yes</b>" in text
    assert "/newsletters/unsubscribe/" in text


def test_queueing_twice_and_running_the_sender_twice_mail_nobody_twice(
    issue, lists, smtp, django_capture_on_commit_callbacks
):
    for n in range(5):
        subscribe_confirmed(f"reader{n}@example.org", lists["daily"])
    assert queue(issue, django_capture_on_commit_callbacks) == 5
    assert queue(issue, django_capture_on_commit_callbacks) == 0
    # A second sender for the same issue (a retried task) finds nothing to claim.
    from masthead.newsletters.tasks import send_issue_task

    send_issue_task.enqueue(issue.pk)
    run_worker()
    sending.send_issue_batch(issue_id=issue.pk)
    assert len(smtp.messages) == 5
    assert len({m["To"] for m in smtp.messages}) == 5
    # The database itself refuses a second row for one address.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            issue=issue, email="reader0@example.org", email_key="reader0@example.org"
        )


def test_an_unsubscribe_survives_a_restore_from_backup(
    issue, lists, smtp, django_capture_on_commit_callbacks, suppression_file
):
    subscribe_confirmed("stays@example.org", lists["daily"])
    subscribe_confirmed("Leaves@Example.org", lists["daily"])
    signup_service.unsubscribe(email="Leaves@Example.org", list_slug="daily")

    # Restore last night's backup: the unsubscribe never happened in the database.
    from masthead.newsletters.models import Suppression

    Suppression.objects.all().delete()
    Subscriber.objects.all().delete()
    subscribe_confirmed("stays@example.org", lists["daily"])
    subscribe_confirmed("leaves@example.org", lists["daily"])

    queue(issue, django_capture_on_commit_callbacks)
    run_worker()
    assert [m["To"] for m in smtp.messages] == ["stays@example.org"]
    assert "leaves" not in suppression_file.read_text()  # hashed, not the address


def test_an_unsubscribe_during_a_send_stops_the_rest(
    issue, lists, smtp, django_capture_on_commit_callbacks
):
    subscribe_confirmed("first@example.org", lists["daily"])
    subscribe_confirmed("second@example.org", lists["daily"])
    queue(issue, django_capture_on_commit_callbacks)
    suppress_address(email="second@example.org", reason="unsubscribed")
    Subscription.objects.all().delete()  # and the rows are gone too, as after restore
    run_worker()
    assert [m["To"] for m in smtp.messages] == ["first@example.org"]
    assert sending.count_deliveries(issue)["skipped"] == 1


def test_rows_claimed_by_a_dead_sender_are_sent_after_the_claim_times_out(
    issue, lists, smtp, settings, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT = 60
    for n in range(4):
        subscribe_confirmed(f"reader{n}@example.org", lists["daily"])
    with django_capture_on_commit_callbacks(execute=False):
        sending.queue_issue(issue_id=issue.pk)
    # A worker claimed two rows, sent one, marked it, and was killed.
    token, claimed = sending.claim_deliveries(issue.pk, size=2)
    Delivery.objects.filter(pk=claimed[0].pk).update(status=Delivery.Status.SENT)

    outcome = sending.send_issue_batch(issue_id=issue.pk)
    assert outcome.sent == 2 and not outcome.finished
    assert outcome.run_after is not None  # come back when the claim is stale
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        outcome = sending.send_issue_batch(issue_id=issue.pk)
    assert outcome.sent == 1 and outcome.finished
    assert sorted(m["To"] for m in smtp.messages) == [
        "reader1@example.org",
        "reader2@example.org",
        "reader3@example.org",
    ]


def test_sending_keeps_to_the_configured_rate(
    issue, lists, smtp, settings, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_NEWSLETTER_RATE = 120  # two a second
    for n in range(5):
        subscribe_confirmed(f"reader{n}@example.org", lists["daily"])
    with django_capture_on_commit_callbacks(execute=False):
        sending.queue_issue(issue_id=issue.pk)
    now = [0.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds

    outcome = sending.send_issue_batch(
        issue_id=issue.pk, time_budget=100, clock=lambda: now[0], sleep=sleep
    )
    assert outcome.sent == 5
    assert now[0] == pytest.approx(2.0)  # 5 messages at 0.5 s intervals
    assert len(sleeps) == 4


def test_a_mail_server_outage_puts_the_rows_back_and_retries(
    issue, lists, smtp, django_capture_on_commit_callbacks
):
    for n in range(3):
        subscribe_confirmed(f"reader{n}@example.org", lists["daily"])
    with django_capture_on_commit_callbacks(execute=False):
        sending.queue_issue(issue_id=issue.pk)
    smtp.stop()
    outcome = sending.send_issue_batch(issue_id=issue.pk)
    assert outcome.failed == 1 and outcome.run_after is not None
    assert sending.count_deliveries(issue)["pending"] == 3
    smtp.start()
    outcome = sending.send_issue_batch(issue_id=issue.pk)
    assert outcome.finished and outcome.sent == 3
    assert len(smtp.messages) == 3


def test_a_scheduled_issue_is_queued_by_the_periodic_job(
    issue, lists, django_capture_on_commit_callbacks
):
    subscribe_confirmed("reader@example.org", lists["daily"])
    sending.schedule_issue(
        issue=issue, send_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert sending.queue_due_issues() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, seconds=1)):
        with django_capture_on_commit_callbacks(execute=False):
            assert sending.queue_due_issues() == 1
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING


def test_a_breaking_alert_is_short_and_names_the_story(
    lists, make_article, smtp, django_capture_on_commit_callbacks
):
    story = make_article(headline="Bridge closed after storm")
    alert = Issue.objects.create(
        newsletter=lists["breaking"], subject="Bridge closed", is_alert=True
    )
    alert.stories.set([story])
    subscribe_confirmed("alerts@example.org", lists["breaking"])
    subscribe_confirmed("digest@example.org", lists["daily"])
    queue(alert, django_capture_on_commit_callbacks)
    run_worker()
    [message] = smtp.messages
    assert message["To"] == "alerts@example.org"
    assert "BREAKING" in message.get_body(("plain",)).get_content()
    assert "Bridge closed after storm" in message.get_body(("html",)).get_content()
