"""Durable tasks: run by `masthead worker` from the database queue."""

from __future__ import annotations

from django_tasks import task


@task(backend="durable")
def deliver_contact_email_task(email_id: int) -> str:
    """Send one contact email; on failure the service records the attempt and
    enqueues the next try itself (with backoff), so this task always succeeds."""
    from . import services

    outgoing = services.deliver_email(email_id=email_id)
    return outgoing.status if outgoing is not None else "settled"
