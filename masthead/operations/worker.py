"""``masthead worker``: django-tasks-db's worker made to survive what production does.

- **Leases.** A thread renews this worker's heartbeat row every few seconds; the
  claim loop re-queues RUNNING tasks whose worker stopped beating for longer than
  the lease (``services.requeue_abandoned_tasks``), so a ``kill -9`` mid-task loses
  nothing. Tasks are idempotent, so running one again is safe.
- **Outages.** A database error in the loop is one warning line, then the worker
  waits (backing off up to ``MAX_BACKOFF`` seconds) and carries on when the
  database is back; a task cut off by the outage goes back in the queue.
- **SIGTERM.** The current task may finish within the grace period; past it (or on a
  second signal) it is interrupted and put back in the queue (a task stuck beyond
  ``HARD_STOP_SECONDS`` more is put back from another thread). The worker exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType

from django.db import close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import services
from .outages import replace_connection_pool

logger = logging.getLogger("masthead.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_BACKOFF = 10.0
# After the grace period the task is interrupted; if it is still running this many
# seconds later, the worker hands it back and exits regardless.
HARD_STOP_SECONDS = 5.0


class GraceExpired(BaseException):
    """Raised into the running task when the shutdown grace period is over."""


def new_worker_id() -> str:
    host = socket.gethostname().split(".")[0][:40]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"[:64]


def close_database_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            pass


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


class Heartbeat:
    """Renews the worker's heartbeat row from a thread of its own, so a long task
    keeps its lease; a failed beat is retried at the next one."""

    def __init__(self, worker_id: str, every: float):
        self.worker_id = worker_id
        self.every = every
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=self.loop, name="masthead-heartbeat", daemon=True
        )

    def start(self) -> None:
        self.beat()
        self.thread.start()

    def beat(self) -> bool:
        try:
            services.record_heartbeat(
                worker_id=self.worker_id,
                hostname=socket.gethostname(),
                pid=os.getpid(),
            )
            return True
        except DATABASE_ERRORS:
            return False
        finally:
            # Give the connection back (to the pool on PostgreSQL) between beats.
            close_database_connections()

    def loop(self) -> None:
        while not self.stop.wait(self.every):
            self.beat()


class ResilientWorker(Worker):
    def __init__(
        self,
        *,
        interval: float,
        lease_seconds: float,
        heartbeat_seconds: float,
        grace_seconds: float,
        worker_id: str | None = None,
        backend_name: str = "durable",
    ):
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or new_worker_id(),
            excluded_queue_names=[],
        )
        self.lease_seconds = lease_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.grace_seconds = grace_seconds
        self.heartbeat = Heartbeat(self.worker_id, heartbeat_seconds)
        self.last_lease_check = 0.0
        self.interrupted = False

    # Signals ---------------------------------------------------------------------
    def configure_signals(self) -> None:
        super().configure_signals()
        signal.signal(signal.SIGALRM, self.grace_expired)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        name = signal.strsignal(signum)
        if not self.running_task:
            self.running = False
            logger.info("%s: worker %s stopping", name, self.worker_id)
            raise SystemExit(0)
        if not self.running:
            logger.warning("%s again: interrupting the current task", name)
            self.interrupt()
        self.running = False
        logger.warning(
            "%s: finishing the current task (up to %ss), then stopping",
            name,
            self.grace_seconds,
        )
        signal.setitimer(signal.ITIMER_REAL, max(self.grace_seconds, 0.01))

    def grace_expired(self, signum: int, frame: FrameType | None) -> None:
        if not self.running_task:
            return
        if self.interrupted:
            # Still inside the task: stuck where an exception cannot reach (a
            # library's cleanup waiting on a hung server). Hand the task back from
            # a thread of its own and leave.
            logger.warning(
                "task still running %ss after it was interrupted: exiting",
                HARD_STOP_SECONDS,
            )
            self.hard_stop()
        logger.warning("grace period over: interrupting the current task")
        self.interrupt()

    def interrupt(self) -> None:
        self.interrupted = True
        signal.setitimer(signal.ITIMER_REAL, HARD_STOP_SECONDS)
        raise GraceExpired

    def hard_stop(self) -> None:
        def release() -> None:
            try:
                self.stop()
            finally:
                close_database_connections()

        thread = threading.Thread(target=release, name="masthead-release")
        thread.start()
        thread.join(HARD_STOP_SECONDS)
        os._exit(0)

    # Loop ------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        failures = 0
        self.heartbeat.start()
        try:
            while self.running:
                try:
                    if failures:
                        # Whatever this worker was running when the database went
                        # away is back in the queue before it claims anything.
                        services.release_tasks_of(worker_id=self.worker_id)
                        self.heartbeat.beat()
                        logger.warning("database reachable again: worker resumes")
                        failures = 0
                    found = self.run_once()
                except DATABASE_ERRORS as exc:
                    if failures == 0:
                        logger.warning(
                            "database unavailable (%s); worker retries until it is "
                            "back",
                            first_line(exc),
                        )
                    failures += 1
                    close_database_connections()
                    replace_connection_pool()
                    time.sleep(min(MAX_BACKOFF, 0.5 * 2 ** min(failures, 5)))
                    continue
                if self.running and not found:
                    time.sleep(self.interval)
        finally:
            self.stop()

    def run_once(self) -> bool:
        close_old_connections()
        now = time.monotonic()
        if now - self.last_lease_check >= self.heartbeat_seconds:
            services.requeue_abandoned_tasks(lease_seconds=self.lease_seconds)
            self.last_lease_check = now
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        task_result = None
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
        if task_result is not None:
            self.run_task(task_result)
        close_old_connections()
        return task_result is not None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed task and record how it ended.

        An interrupted task (grace period over) and one cut off by a database
        outage go back to the queue instead of being marked failed.
        """
        self.running_task = True
        backend_type = None
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result),
                    *task_result.args,
                    **task_result.kwargs,
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
        except GraceExpired:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.running_task = False
            services.release_tasks_of(worker_id=self.worker_id)
            logger.warning("task %s put back in the queue", db_task_result.id)
            return
        except DATABASE_ERRORS:
            raise  # the loop waits for the database, then releases the task
        except Exception as exc:
            logger.exception("task %s failed", db_task_result.id)
            db_task_result.set_failed(exc)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.running_task = False
            self._run_tasks += 1
        if backend_type is not None:
            task_finished.send(
                sender=backend_type, task_result=db_task_result.task_result
            )

    def stop(self) -> None:
        """Stop beating and hand back anything still claimed, best effort."""
        self.heartbeat.stop.set()
        try:
            close_old_connections()
            for task_id in services.release_tasks_of(worker_id=self.worker_id):
                logger.warning("task %s put back in the queue", task_id)
            services.forget_worker(worker_id=self.worker_id)
        except DATABASE_ERRORS:
            pass  # the lease runs out instead
        logger.info("worker %s stopped", self.worker_id)
