"""Upgrades: migrations applied by one instance at a time, and the refusal to serve
a database or static build that does not match the code."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger("masthead.operations")

# pg_advisory_lock key: any constant shared by every instance; these are "mast".
MIGRATION_LOCK_KEY = 0x6D617374


@contextmanager
def migration_lock() -> Iterator[None]:
    """Hold the one migration lock for this database until the block ends.

    PostgreSQL: a session advisory lock (released if the process dies). SQLite: an
    exclusive ``flock`` on a file beside the database (the same machine by nature).
    A second instance waits here, then finds nothing left to apply.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
        return
    database = Path(str(settings.DATABASES["default"]["NAME"]))
    lock_path = database.with_name(database.name + ".migrate-lock")
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate_under_lock(*, verbosity: int = 1) -> None:
    """``migrate`` for the default database, one instance at a time."""
    from django.core.management import call_command

    with migration_lock():
        call_command("migrate", interactive=False, verbosity=verbosity)


def reasons_not_to_serve() -> list[str]:
    """What stops ``masthead serve``: pending migrations or no static manifest.

    Each reason is one line an operator can act on.
    """
    from .health import pending_migrations, static_manifest_missing

    reasons = []
    pending = pending_migrations()
    if pending:
        reasons.append(
            f"{len(pending)} database migrations are pending (first: {pending[0]}); "
            "run `masthead migrate` or `masthead serve --migrate`"
        )
    if static_manifest_missing():
        reasons.append(
            f"the static files manifest is missing in {settings.STATIC_ROOT}; "
            "run `masthead manage collectstatic`"
        )
    return reasons
