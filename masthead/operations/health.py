"""Readiness probes: each returns a small dict with ``ok`` and plain facts, never an
exception's text (it may hold a host name, a user or a password)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from .outages import is_database_outage

logger = logging.getLogger("masthead.operations")

# Counts of work waiting elsewhere (the contact outbox, …): apps register a function
# returning ``(count, oldest_age_seconds or None)`` in their AppConfig.ready().
_backlogs: dict[str, Callable[[], tuple[int, float | None]]] = {}
# Once every migration is applied it stays so for this process: a new release
# restarts the processes.
_migrations_applied = False


def register_backlog(name: str, measure: Callable[[], tuple[int, float | None]]):
    _backlogs[name] = measure


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        logger.warning("readiness: database check failed (%s)", type(exc).__name__)
        return {"ok": False, "error": "unreachable"}
    return {"ok": True}


def pending_migrations() -> list[str]:
    """Names (``app.migration``) not yet applied to the default database."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [
        f"{migration.app_label}.{migration.name}"
        for migration, _backwards in executor.migration_plan(targets)
    ]


def check_migrations() -> dict:
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True}
    try:
        pending = pending_migrations()
    except Exception as exc:
        if not is_database_outage(exc):
            logger.exception("readiness: migration check failed")
        return {"ok": False, "error": "cannot read the migration history"}
    if pending:
        return {"ok": False, "pending": len(pending), "error": "migrations pending"}
    _migrations_applied = True
    return {"ok": True}


def check_cache() -> dict:
    key = "masthead:readyz:" + get_random_string(8)
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # noqa: BLE001
        ok = False
    return {"ok": True} if ok else {"ok": False, "error": "unreachable"}


def static_manifest_missing() -> bool:
    """True when the storage needs collectstatic's manifest and it is not there
    (every page would then answer 500)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return False
    return not (settings.STATIC_ROOT / storage.manifest_name).exists()


def check_static() -> dict:
    if static_manifest_missing():
        return {"ok": False, "error": "static manifest missing: run collectstatic"}
    return {"ok": True}


def check_worker() -> dict:
    """Informational: the newest worker heartbeat. A stopped worker delays mail
    but the site still serves, so this never makes the instance unready."""
    from .models import WorkerHeartbeat

    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception:  # noqa: BLE001
        return {"ok": False, "error": "unknown"}
    if latest is None:
        return {"ok": False, "error": "no worker has reported"}
    age = (timezone.now() - latest.beat_at).total_seconds()
    return {
        "ok": age <= settings.MASTHEAD_WORKER_LEASE_SECONDS,
        "heartbeat_age_seconds": round(age, 1),
    }


def measure_task_queue() -> tuple[int, float | None]:
    """Tasks due now and the age of the oldest (seconds since it became due)."""
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    due = DBTaskResult.objects.ready()
    summary = due.aggregate(oldest=Min("enqueued_at"))
    count = due.count()
    oldest = summary["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else None
    return count, age


def check_backlogs() -> dict:
    """Informational, like the worker: how much work is waiting, and how old."""
    result = {}
    for name, measure in {"task_queue": measure_task_queue, **_backlogs}.items():
        try:
            count, age = measure()
        except Exception:  # noqa: BLE001
            result[name] = {"error": "unknown"}
            continue
        result[name] = {
            "count": count,
            "oldest_age_seconds": None if age is None else round(age, 1),
        }
    return result


def readiness() -> tuple[bool, dict]:
    """Whether this instance should get traffic, and why (for ``/readyz``)."""
    checks = {"database": check_database()}
    checks["migrations"] = (
        check_migrations()
        if checks["database"]["ok"]
        else {"ok": False, "error": "database unreachable"}
    )
    checks["cache"] = check_cache()
    checks["static"] = check_static()
    ready = all(check["ok"] for check in checks.values())
    if checks["migrations"]["ok"]:
        checks["worker"] = check_worker()
        checks["backlog"] = check_backlogs()
    return ready, checks
