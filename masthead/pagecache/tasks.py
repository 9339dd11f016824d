"""Durable tasks: run by `masthead worker` from the database queue."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from .frontend import purge_frontend_urls

logger = logging.getLogger("masthead.pagecache")

# Retries after 10 s, 20 s, 40 s... then the CDN's own max-age ends it anyway.
MAX_ATTEMPTS = 6


@task(backend="durable")
def purge_frontend_urls_task(urls: list[str], attempt: int = 1) -> str:
    """Ask the CDN to drop ``urls``. A failure is logged and the purge is queued
    again with backoff, so this task itself always succeeds (idempotent)."""
    try:
        purge_frontend_urls(urls)
    except Exception:
        logger.exception("frontend cache purge failed (attempt %d)", attempt)
        if attempt >= MAX_ATTEMPTS:
            return "gave up"
        run_after = timezone.now() + datetime.timedelta(seconds=10 * 2 ** (attempt - 1))
        purge_frontend_urls_task.using(run_after=run_after).enqueue(urls, attempt + 1)
        return "retrying"
    return "purged"
