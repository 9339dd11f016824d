"""The thread that adds this process's counts to the database every few seconds.

Started by the first counted view (nothing is opened while the app loads). A
database that does not answer keeps the counts in memory, within the bound of
``counting.MAX_ENTRIES``, until the next try; a process that exits writes what it
has left.
"""

from __future__ import annotations

import atexit
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections

from . import counting

logger = logging.getLogger("masthead.readership")

_started = False
_start_lock = threading.Lock()
_stop = threading.Event()


def flush_now() -> int:
    """Write what this process counted; returns the number of views written."""
    from .services import save_counts

    counts = counting.take_counts()
    if not counts:
        return 0
    try:
        save_counts(counts)
    except DatabaseError:
        counting.give_back(counts)
        logger.warning("page views kept in memory: the database did not take them")
        return 0
    finally:
        close_old_connections()
    return sum(counts.values())


def _run() -> None:
    while not _stop.wait(settings.MASTHEAD_COUNT_FLUSH_SECONDS):
        flush_now()


def ensure_started() -> None:
    global _started
    if _started or not settings.MASTHEAD_COUNT_FLUSH_SECONDS:
        return  # running, or switched off (tests call ``flush_now`` themselves)
    with _start_lock:
        if _started:
            return
        threading.Thread(target=_run, name="readership-flush", daemon=True).start()
        atexit.register(flush_now)
        _started = True
