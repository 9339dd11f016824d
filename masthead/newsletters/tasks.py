"""Durable tasks: run by `masthead worker` from the database queue. Each is safe
to run twice (a worker killed mid-task has its task run again)."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("masthead.newsletters")

CONFIRMATION_ATTEMPTS = 8


@task(backend="durable")
def send_confirmation_email_task(
    subscriber_id: int, list_slugs: list[str], attempt: int = 1
) -> str:
    """Mail the double opt-in link; retried with backoff while SMTP fails."""
    from .models import Subscriber
    from .services.mail import build_confirmation_message
    from .services.signup import find_offered_lists

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    newsletters = find_offered_lists(list_slugs)
    if subscriber is None or not newsletters:
        return "nothing to confirm"
    message = build_confirmation_message(
        email=subscriber.email,
        list_names=[n.name for n in newsletters],
        list_slugs=[n.slug for n in newsletters],
    )
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("confirmation mail not sent (attempt %d): %s", attempt, exc)
        if attempt >= CONFIRMATION_ATTEMPTS:
            return "gave up"
        run_after = timezone.now() + datetime.timedelta(seconds=30 * 2 ** (attempt - 1))
        send_confirmation_email_task.using(run_after=run_after).enqueue(
            subscriber_id, list_slugs, attempt + 1
        )
        return "retrying"
    return "sent"


@task(backend="durable")
def send_issue_task(issue_id: int) -> str:
    """Send one stretch of an issue, then queue the next stretch (or the look
    after abandoned claims) until every delivery is settled."""
    from .services.sending import send_issue_batch

    outcome = send_issue_batch(issue_id=issue_id)
    if outcome.finished:
        return f"finished (+{outcome.sent} sent)"
    send_issue_task.using(run_after=outcome.run_after).enqueue(issue_id)
    return f"{outcome.sent} sent, {outcome.skipped} skipped, more to come"


@task(backend="durable")
def send_test_issue_task(issue_id: int, email: str) -> str:
    from .services.sending import send_test_issue

    send_test_issue(issue_id=issue_id, email=email)
    return "sent"
