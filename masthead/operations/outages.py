"""What counts as "the database is down" (as opposed to a bug)."""

from __future__ import annotations

import threading
import time

from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from . import csp


def is_database_outage(exc: BaseException | None) -> bool:
    """True for a lost or refused connection and an exhausted pool's timeout."""
    if exc is None:
        return False
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    try:
        from psycopg import OperationalError as PsycopgOperationalError
    except ImportError:  # SQLite-only install
        return False
    return isinstance(exc, PsycopgOperationalError)


def describe_error(exc: BaseException) -> str:
    """One short line: the class and the first line of the message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:200]


def is_unmigrated_database(exc: BaseException | None) -> bool:
    """True for a table that does not exist yet: a new or half-upgraded database
    (``masthead migrate`` has not run). SQLite says so with an OperationalError."""
    if not isinstance(exc, OperationalError | ProgrammingError):
        return False
    cause = exc.__cause__
    return "no such table" in str(exc) or getattr(cause, "sqlstate", "") == "42P01"


_POOL_REPLACED_AT: dict[str, float] = {}
_POOL_LOCK = threading.Lock()
# At most one replacement per alias this often: during an outage every request
# fails, and each would otherwise throw away the pool the last one made.
POOL_REPLACE_EVERY = 2.0


def replace_connection_pool(alias: str = "default") -> bool:
    """Drop this process's PostgreSQL connection pool after an outage.

    psycopg_pool retries a lost server with a growing backoff (1, 2, 4, 8 s …), so
    a pool that saw a long outage can keep failing requests for seconds after the
    server is back. A fresh pool connects at once: the next request builds one.
    The old pool is closed in a thread (closing waits for its workers). Returns
    whether the pool was replaced.
    """
    from django.db import connections

    connection = connections[alias]
    pools = getattr(type(connection), "_connection_pools", None)
    if pools is None:  # SQLite, or PostgreSQL without a pool
        return False
    with _POOL_LOCK:
        now = time.monotonic()
        if now - _POOL_REPLACED_AT.get(alias, -POOL_REPLACE_EVERY) < POOL_REPLACE_EVERY:
            return False
        _POOL_REPLACED_AT[alias] = now
        pool = pools.pop(alias, None)
    if pool is not None:
        threading.Thread(
            target=pool.close, name="masthead-pool-close", daemon=True
        ).start()
    return pool is not None


RETRY_AFTER_SECONDS = 10


def database_unavailable_response():
    """503 with Retry-After, rendered without the database; never cached."""
    response = HttpResponse(
        render_to_string("operations/503.html"),
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # h-headers (issue 17): the page's own <style> is allowed by its hash.
    response.headers[csp.header_name()] = csp.policy_allowing_inline_styles(
        response.content.decode()
    )
    add_never_cache_headers(response)
    # Logged once, as one warning line, by the caller: not again by django.request
    # as an error (with a traceback, and an email to the admins) per request.
    response._has_been_logged = True
    return response
