"""Queueing an issue and sending it: claim → send → mark, at a set rate.

Queueing writes one ``Delivery`` row per address in bulk; the unique (issue,
address) constraint and ``ignore_conflicts`` make a second queueing add nobody.

Sending claims a small batch of rows (one UPDATE, with a token), then for each row
sends the message and marks that row sent at once. A worker that dies leaves its
claimed rows behind; after ``MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT`` they count as
abandoned and are sent again.

SMTP gives at-least-once here, not exactly-once: a worker killed after the server
said "250 OK" and before the row was marked sends that one message again on retry.
The window is one message per crash (the mark follows the send immediately), and
every try of a delivery carries the same Message-ID so the receiving side can drop
the repeat. ``bench/newsletter_send.py`` counts both what arrived and the distinct
Message-IDs after a SIGKILL.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import models, transaction
from django.utils import timezone

from ..models import Delivery, Issue, Subscriber, Suppression
from .mail import build_issue_message, build_test_message, render_issue
from .suppression import ALL_LISTS, hash_address, read_file_entries

logger = logging.getLogger("masthead.newsletters")

MAX_ATTEMPTS = 5


def find_recipients(issue: Issue):
    """``(email, email_key)`` of confirmed subscribers of the issue's list, less
    the table's suppressions (the file is checked again at send time)."""
    suppressed = Suppression.objects.filter(
        models.Q(newsletter__isnull=True) | models.Q(newsletter=issue.newsletter_id)
    ).values("email_key")
    return (
        Subscriber.objects.filter(
            status=Subscriber.Status.CONFIRMED,
            subscriptions__newsletter=issue.newsletter_id,
        )
        .exclude(email_key__in=suppressed)
        .values_list("email", "email_key")
        .order_by("pk")
    )


def create_deliveries(issue: Issue, *, batch_size: int = 5000) -> int:
    entries = read_file_entries()
    slug = issue.newsletter.slug
    created = 0
    batch: list[Delivery] = []
    for email, key in find_recipients(issue).iterator(chunk_size=batch_size):
        digest = hash_address(key)
        if (digest, ALL_LISTS) in entries or (digest, slug) in entries:
            continue
        batch.append(Delivery(issue=issue, email=email, email_key=key))
        if len(batch) >= batch_size:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            created += len(batch)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        created += len(batch)
    return created


def queue_issue(*, issue_id: int) -> int:
    """Create the issue's deliveries and queue the sending task; returns how many
    rows were written. An issue already sending or sent is left alone."""
    from ..tasks import send_issue_task

    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update()
            .select_related("newsletter")
            .filter(pk=issue_id)
            .first()
        )
        if issue is None or issue.status in (Issue.Status.SENDING, Issue.Status.SENT):
            return 0
        created = create_deliveries(issue)
        issue.status = Issue.Status.SENDING
        issue.queued_at = timezone.now()
        issue.save(update_fields=["status", "queued_at"])
        transaction.on_commit(lambda: send_issue_task.enqueue(issue_id))
    logger.info("newsletter issue %s queued for %s addresses", issue_id, created)
    return created


def schedule_issue(*, issue: Issue, send_at: datetime.datetime | None) -> None:
    """Send at ``send_at`` (the worker's periodic job queues it), or now."""
    if issue.status not in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
        raise ValueError("this issue has already been sent")
    if send_at is None or send_at <= timezone.now():
        queue_issue(issue_id=issue.pk)
        return
    issue.send_at = send_at
    issue.status = Issue.Status.SCHEDULED
    issue.save(update_fields=["send_at", "status"])


def queue_due_issues() -> int:
    """Periodic: queue every scheduled issue whose time has come."""
    due = Issue.objects.filter(
        status=Issue.Status.SCHEDULED, send_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    return sum(queue_issue(issue_id=pk) for pk in list(due))


def _claimable(issue_id: int):
    stale = timezone.now() - datetime.timedelta(
        seconds=settings.MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT
    )
    return Delivery.objects.filter(issue_id=issue_id).filter(
        models.Q(status=Delivery.Status.PENDING)
        | models.Q(status=Delivery.Status.CLAIMED, claimed_at__lt=stale)
    )


def claim_deliveries(issue_id: int, *, size: int) -> tuple[str, list[Delivery]]:
    """Take up to ``size`` rows for this sender; a row another sender took in the
    meantime fails the UPDATE's condition and is not returned."""
    ids = list(_claimable(issue_id).order_by("pk").values_list("pk", flat=True)[:size])
    if not ids:
        return "", []
    token = secrets.token_hex(16)
    _claimable(issue_id).filter(pk__in=ids).update(
        status=Delivery.Status.CLAIMED, claim_token=token, claimed_at=timezone.now()
    )
    claimed = Delivery.objects.filter(
        claim_token=token, status=Delivery.Status.CLAIMED
    ).order_by("pk")
    return token, list(claimed)


def _suppressed_keys(issue: Issue, keys: list[str]) -> set[str]:
    rows = Suppression.objects.filter(email_key__in=keys).filter(
        models.Q(newsletter__isnull=True) | models.Q(newsletter=issue.newsletter_id)
    )
    return set(rows.values_list("email_key", flat=True))


@dataclass
class SendOutcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    finished: bool = False
    # When the task should look again (abandoned claims, retries); None: now.
    run_after: datetime.datetime | None = None


def _mark(delivery: Delivery, token: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(**fields)


def send_issue_batch(
    *,
    issue_id: int,
    time_budget: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> SendOutcome:
    """Send for up to ``time_budget`` seconds at ``MASTHEAD_NEWSLETTER_RATE``
    messages a minute; say whether the issue is finished or when to come back.

    Suppressions (table and file) are checked for each batch just before sending,
    so an unsubscribe during a long send still stops the rest.
    """
    outcome = SendOutcome()
    issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
    if issue is None or issue.status != Issue.Status.SENDING:
        outcome.finished = True
        return outcome
    budget = (
        settings.MASTHEAD_NEWSLETTER_BATCH_SECONDS
        if time_budget is None
        else time_budget
    )
    interval = 60.0 / max(settings.MASTHEAD_NEWSLETTER_RATE, 1)
    size = max(1, min(200, int(10 / interval)))
    rendered = render_issue(issue)
    slug = issue.newsletter.slug
    connection = get_connection()
    # Opened here so one SMTP session carries the whole stretch (send_messages
    # on a closed connection opens and closes one per call).
    opened = False
    start = clock()
    paced = 0
    try:
        while clock() - start < budget:
            token, batch = claim_deliveries(issue_id, size=size)
            if not batch:
                break
            entries = read_file_entries()
            in_table = _suppressed_keys(issue, [d.email_key for d in batch])
            for delivery in batch:
                digest = hash_address(delivery.email_key)
                if (
                    delivery.email_key in in_table
                    or (digest, ALL_LISTS) in entries
                    or (digest, slug) in entries
                ):
                    _mark(delivery, token, status=Delivery.Status.SKIPPED)
                    outcome.skipped += 1
                    continue
                wait = start + paced * interval - clock()
                if wait > 0:
                    sleep(wait)
                paced += 1
                message = build_issue_message(
                    rendered, email=delivery.email, email_key=delivery.email_key
                )
                try:
                    if not opened:
                        connection.open()
                        opened = True
                    connection.send_messages([message])
                except (OSError, smtplib.SMTPException) as exc:
                    _record_failure(delivery, token, exc)
                    outcome.failed += 1
                    connection.close()
                    # Leave the rest of the batch to the next run: the server may
                    # be down, and hammering it helps nobody.
                    Delivery.objects.filter(
                        claim_token=token, status=Delivery.Status.CLAIMED
                    ).update(status=Delivery.Status.PENDING, claim_token="")
                    outcome.run_after = timezone.now() + datetime.timedelta(seconds=30)
                    return outcome
                # Marked straight after the server took it: the duplicate window
                # is this one statement (see the module docstring).
                _mark(
                    delivery,
                    token,
                    status=Delivery.Status.SENT,
                    sent_at=timezone.now(),
                    attempts=models.F("attempts") + 1,
                )
                outcome.sent += 1
    finally:
        connection.close()
    _finish_or_wait(issue, outcome)
    return outcome


def _record_failure(delivery: Delivery, token: str, exc: Exception) -> None:
    attempts = delivery.attempts + 1
    status = (
        Delivery.Status.FAILED if attempts >= MAX_ATTEMPTS else Delivery.Status.PENDING
    )
    logger.warning("newsletter delivery %s failed: %s", delivery.pk, exc)
    _mark(
        delivery,
        token,
        status=status,
        attempts=attempts,
        error=f"{type(exc).__name__}: {exc}"[:300],
        claim_token="",
    )


def _finish_or_wait(issue: Issue, outcome: SendOutcome) -> None:
    left = Delivery.objects.filter(
        issue=issue, status__in=[Delivery.Status.PENDING, Delivery.Status.CLAIMED]
    )
    if _claimable(issue.pk).exists():
        return  # more to send now
    oldest_claim = (
        left.filter(status=Delivery.Status.CLAIMED)
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
        .first()
    )
    if oldest_claim is not None:
        # Claimed by a sender that may still be alive: look again once its claim
        # would count as abandoned.
        outcome.run_after = oldest_claim + datetime.timedelta(
            seconds=settings.MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT + 1
        )
        return
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    outcome.finished = True


def count_deliveries(issue: Issue) -> dict[str, int]:
    counts = dict.fromkeys(Delivery.Status.values, 0)
    for row in issue.deliveries.values("status").annotate(n=models.Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def send_test_issue(*, issue_id: int, email: str) -> None:
    """One copy to an editor, marked [Test]; no delivery row, no effect on the send."""
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    build_test_message(render_issue(issue), email=email).send()
