"""Jobs the worker runs on a timer: scheduled publishing, feed polling, …

An app registers a plain function in its ``AppConfig.ready()``::

    periodic.register("articles.publish_scheduled", publish_scheduled_pages, every=30)

``masthead worker`` (and the demo's built-in worker) runs every registered job when
it falls due, in a thread beside the task queue, so a newsroom needs no cron. With
several workers, a cache lock lets one of them run each job per period. Jobs must
be idempotent: a crash may repeat a run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import close_old_connections
from django.db.utils import InterfaceError, OperationalError

logger = logging.getLogger("masthead.periodic")

DATABASE_ERRORS = (OperationalError, InterfaceError)


@dataclass
class PeriodicJob:
    name: str
    function: Callable[[], object]
    every: float
    next_run: float = field(default=0.0)


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, function: Callable[[], object], *, every: float) -> None:
    """Run ``function`` every ``every`` seconds in the worker (replaces by name)."""
    if every <= 0:
        raise ValueError("a periodic job needs a positive period")
    _jobs[name] = PeriodicJob(name=name, function=function, every=every)


def registered_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def run_due_jobs(now: float | None = None) -> list[str]:
    """Run every job whose time has come; returns the names of those that ran.

    A failing job is logged and retried at its next period; it never stops the
    others or the worker.
    """
    now = time.monotonic() if now is None else now
    ran = []
    for job in list(_jobs.values()):
        if now < job.next_run:
            continue
        job.next_run = now + job.every
        # Another worker ran it this period: skip (the lock expires with the period).
        if not cache.add(
            f"masthead:periodic:{job.name}", 1, timeout=max(1, int(job.every) - 1)
        ):
            continue
        close_old_connections()
        try:
            job.function()
        except DATABASE_ERRORS as exc:
            # An outage, not a bug: one line per try, no traceback (the worker's
            # loop reports the outage itself).
            logger.warning("periodic job %s skipped: database unavailable", job.name)
            logger.debug("periodic job %s: %s", job.name, exc)
        except Exception:
            logger.exception("periodic job %s failed", job.name)
        finally:
            try:
                close_old_connections()
            except DATABASE_ERRORS:
                pass
        ran.append(job.name)
    return ran


def start_scheduler(stop: threading.Event, *, tick: float = 1.0) -> threading.Thread:
    """Run due jobs every ``tick`` seconds in a daemon thread until ``stop`` is set."""

    def loop() -> None:
        while not stop.is_set():
            run_due_jobs()
            stop.wait(tick)

    thread = threading.Thread(target=loop, name="masthead-periodic", daemon=True)
    thread.start()
    return thread
