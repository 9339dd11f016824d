"""Durable tasks: run by `masthead worker` from the database queue."""

from __future__ import annotations

import datetime

from django_tasks import task

from .services.delivery import deliver_email


@task(backend="durable")
def deliver_contact_email_task(email_id: int) -> str:
    """Send one contact email; on failure the service records the attempt and has
    this task enqueue the next try (with backoff) in the same transaction, so this
    task always succeeds."""

    def schedule_retry(run_after: datetime.datetime) -> None:
        deliver_contact_email_task.using(run_after=run_after).enqueue(email_id)

    outgoing = deliver_email(email_id=email_id, schedule_retry=schedule_retry)
    return outgoing.status if outgoing is not None else "settled"
