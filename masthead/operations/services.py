"""Writes that keep the task queue honest: worker heartbeats and task leases."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import WorkerHeartbeat

logger = logging.getLogger("masthead.worker")

# Heartbeats of workers gone this long are deleted; their tasks were re-queued
# long before.
FORGET_WORKERS_AFTER = datetime.timedelta(days=1)


def record_heartbeat(*, worker_id: str, hostname: str, pid: int) -> None:
    """Renew this worker's lease on the tasks it is running."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname[:255], "pid": pid, "beat_at": timezone.now()},
    )


def forget_worker(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_abandoned_tasks(
    *, lease_seconds: float, now: datetime.datetime | None = None
) -> list[str]:
    """Put back in the queue every RUNNING task whose worker stopped beating.

    A task is abandoned when it started more than ``lease_seconds`` ago and the
    worker that claimed it last (the end of ``worker_ids``) has not beaten since
    then: it was killed, lost its machine, or ran before heartbeats existed.
    The task runs again from the start, so tasks must be idempotent (STYLE.md 4).
    Returns the ids put back.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds)
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list(
            "worker_id", flat=True
        )
    )
    requeued = []
    with exclusive_transaction(DBTaskResult.objects.db):
        candidates = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for result in candidates:
            last_worker = result.worker_ids[-1] if result.worker_ids else None
            if last_worker in alive:
                continue
            _put_back(result)
            requeued.append(str(result.id))
            logger.warning(
                "re-queued task %s (%s): worker %s stopped beating",
                result.id,
                result.task_path,
                last_worker,
            )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return requeued


def release_tasks_of(*, worker_id: str) -> list[str]:
    """Put back in the queue the RUNNING tasks this worker claimed last: it is
    stopping, or lost the database mid-task, and will not finish them."""
    released = []
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update():
            if result.worker_ids and result.worker_ids[-1] == worker_id:
                _put_back(result)
                released.append(str(result.id))
    return released


def _put_back(result: DBTaskResult) -> None:
    result.status = TaskResultStatus.READY
    result.started_at = None
    result.save(update_fields=["status", "started_at"])
