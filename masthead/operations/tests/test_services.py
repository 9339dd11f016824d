"""Leases: a task goes back in the queue when its worker stops beating."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from masthead.operations import services
from masthead.operations.models import WorkerHeartbeat


def claimed_task(worker_id: str, *, started_seconds_ago: float) -> DBTaskResult:
    from masthead.contact.tasks import deliver_contact_email_task

    result = deliver_contact_email_task.enqueue(1)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago)
    )
    return row


def status_of(row: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


@pytest.mark.django_db
def test_a_task_whose_worker_stopped_beating_goes_back_to_the_queue():
    row = claimed_task("dead-worker", started_seconds_ago=120)
    WorkerHeartbeat.objects.create(
        worker_id="dead-worker",
        beat_at=timezone.now() - datetime.timedelta(seconds=90),
    )
    assert services.requeue_abandoned_tasks(lease_seconds=60) == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None
    assert row.worker_ids == ["dead-worker"]  # the history is kept


@pytest.mark.django_db
def test_a_task_of_a_worker_that_still_beats_is_left_running():
    row = claimed_task("busy-worker", started_seconds_ago=600)
    services.record_heartbeat(worker_id="busy-worker", hostname="box", pid=7)
    assert services.requeue_abandoned_tasks(lease_seconds=60) == []
    assert status_of(row) == "RUNNING"


@pytest.mark.django_db
def test_a_task_started_within_the_lease_is_left_running_even_without_heartbeat():
    row = claimed_task("new-worker", started_seconds_ago=5)
    assert services.requeue_abandoned_tasks(lease_seconds=60) == []
    assert status_of(row) == "RUNNING"


@pytest.mark.django_db
def test_a_stopping_worker_releases_only_its_own_tasks():
    mine = claimed_task("me", started_seconds_ago=1)
    theirs = claimed_task("them", started_seconds_ago=1)
    assert services.release_tasks_of(worker_id="me") == [str(mine.pk)]
    assert status_of(mine) == "READY"
    assert status_of(theirs) == "RUNNING"


@pytest.mark.django_db
def test_long_gone_workers_are_forgotten():
    WorkerHeartbeat.objects.create(
        worker_id="ancient", beat_at=timezone.now() - datetime.timedelta(days=2)
    )
    services.requeue_abandoned_tasks(lease_seconds=60)
    assert not WorkerHeartbeat.objects.filter(worker_id="ancient").exists()


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_task_is_put_back_not_marked_failed(monkeypatch):
    from masthead.operations.worker import GraceExpired, ResilientWorker

    worker = ResilientWorker(
        interval=0.1, lease_seconds=60, heartbeat_seconds=5, grace_seconds=1
    )
    row = claimed_task(worker.worker_id, started_seconds_ago=0)

    def interrupted(*args, **kwargs):
        raise GraceExpired

    monkeypatch.setattr("masthead.contact.tasks.deliver_email", interrupted)
    worker.run_task(DBTaskResult.objects.get(pk=row.pk))
    assert status_of(row) == "READY"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_raises_is_marked_failed(monkeypatch):
    from masthead.operations.worker import ResilientWorker

    worker = ResilientWorker(
        interval=0.1, lease_seconds=60, heartbeat_seconds=5, grace_seconds=1
    )
    row = claimed_task(worker.worker_id, started_seconds_ago=0)

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("masthead.contact.tasks.deliver_email", broken)
    worker.run_task(DBTaskResult.objects.get(pk=row.pk))
    assert status_of(row) == "FAILED"
