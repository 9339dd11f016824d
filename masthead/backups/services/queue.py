"""After a restore: the task queue and the contact outbox, made consistent again.

A snapshot can catch a worker mid-task: its task row says RUNNING for a worker that
does not exist in the restored installation, so it goes back to READY. An outbox
email still queued in the snapshot must be delivered exactly once: it keeps its
pending delivery task, or gets one if it has none. Emails the snapshot shows as
sent are never sent again: delivery checks the row's status first
(``contact.services.delivery``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def settle_queue_after_restore(*, using: str = "default") -> dict[str, int]:
    """Returns how many tasks were put back and how many deliveries enqueued."""
    from masthead.contact.models import OutgoingEmail
    from masthead.contact.tasks import deliver_contact_email_task

    task = deliver_contact_email_task
    with transaction.atomic(using=using):
        requeued = (
            DBTaskResult.objects.using(using)
            .filter(status=TaskResultStatus.RUNNING)
            .update(status=TaskResultStatus.READY, started_at=None)
        )
        pending = DBTaskResult.objects.using(using).filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        )
        covered = {
            row["args"][0]
            for row in pending.values_list("args_kwargs", flat=True)
            if row.get("args")
        }
        queued = OutgoingEmail.objects.using(using).filter(
            status=OutgoingEmail.Status.QUEUED
        )
        missing = [
            pk for pk in queued.values_list("pk", flat=True) if pk not in covered
        ]
        # Written as the database backend's enqueue does, on this connection.
        DBTaskResult.objects.using(using).bulk_create(
            DBTaskResult(
                args_kwargs={"args": [pk], "kwargs": {}},
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                run_after=timezone.now(),
                backend_name=task.backend,
            )
            for pk in missing
        )
    return {"tasks_requeued": requeued, "deliveries_enqueued": len(missing)}
