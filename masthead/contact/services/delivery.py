"""Sending one queued email, recording each attempt, and the backoff between tries.

This is what ``tasks.deliver_contact_email_task`` runs. It never imports the tasks
module: the task hands in how to schedule its own retry, so the dependency points one
way (tasks → delivery).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

from ..models import DeliveryAttempt, OutgoingEmail
from .safety import clean_header_text, format_reader_address

logger = logging.getLogger("masthead.contact")


def compute_retry_delay(attempts: int, *, base: int, cap: int) -> int:
    """Seconds to wait after ``attempts`` failed tries: base, 2·base, 4·base, ≤ cap."""
    if attempts < 1:
        return 0
    return min(cap, base * 2 ** min(attempts - 1, 30))


def build_email_message(outgoing) -> EmailMessage:
    reply_to = (
        [format_reader_address(outgoing.reply_to_name, outgoing.reply_to)]
        if outgoing.reply_to
        else []
    )
    return EmailMessage(
        subject=clean_header_text(outgoing.subject),
        body=outgoing.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outgoing.to],
        reply_to=reply_to,
        headers={"Message-ID": message_id_for(outgoing)},
    )


def message_id_for(outgoing) -> str:
    """The same Message-ID for every try of one outbox row (issue 16): a worker
    killed after the server took the message but before the row was marked sent
    sends it again, and the receiving side can recognise the repeat."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    stamp = outgoing.created_at.strftime("%Y%m%d%H%M%S%f")
    return f"<contact-{outgoing.pk}.{stamp}@{domain}>"


def deliver_email(
    *,
    email_id: int,
    schedule_retry: Callable[[datetime.datetime], object] | None = None,
):
    """Try to send one queued email and record the attempt.

    Returns the email, or None when it is gone or already settled (a repeated task
    run sends nothing twice). On an SMTP or network error the email stays queued
    and, until the attempts run out, ``schedule_retry(run_after)`` is called inside
    this transaction with a growing delay, so the attempt and its retry are stored
    together. Without ``schedule_retry`` nothing is scheduled and the email waits
    in the queue.
    """
    with transaction.atomic():
        outgoing = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if outgoing is None or outgoing.status != OutgoingEmail.Status.QUEUED:
            return None
        error = ""
        try:
            build_email_message(outgoing).send()
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        outgoing.attempts += 1
        DeliveryAttempt.objects.create(
            email=outgoing,
            number=outgoing.attempts,
            succeeded=not error,
            error=error,
        )
        if not error:
            outgoing.status = OutgoingEmail.Status.SENT
            outgoing.sent_at = timezone.now()
        elif outgoing.attempts >= settings.CONTACT_EMAIL_MAX_ATTEMPTS:
            outgoing.status = OutgoingEmail.Status.FAILED
            logger.error("giving up on contact email %s: %s", outgoing.pk, error)
        else:
            delay = compute_retry_delay(
                outgoing.attempts,
                base=settings.CONTACT_EMAIL_RETRY_BASE_SECONDS,
                cap=settings.CONTACT_EMAIL_RETRY_MAX_SECONDS,
            )
            logger.warning(
                "contact email %s not sent (%s); retry in %ss",
                outgoing.pk,
                error,
                delay,
            )
            if schedule_retry is not None:
                schedule_retry(timezone.now() + datetime.timedelta(seconds=delay))
        outgoing.save(update_fields=["attempts", "status", "sent_at"])
    return outgoing


def measure_outbox() -> tuple[int, float | None]:
    """Emails waiting to be sent, and the age in seconds of the oldest (readiness)."""
    queued = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else None
    return queued.count(), age


def count_outbox_by_status() -> dict[str, float]:
    """Outbox rows per status, and failed delivery attempts (metrics)."""
    counts = dict.fromkeys(OutgoingEmail.Status.values, 0.0)
    for row in OutgoingEmail.objects.values("status").annotate(n=models.Count("id")):
        counts[row["status"]] = float(row["n"])
    counts["failed_attempts"] = float(
        DeliveryAttempt.objects.filter(succeeded=False).count()
    )
    return counts
