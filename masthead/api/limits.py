"""Requests per minute, counted in the shared cache (Redis when set).

A fixed one-minute window per client: the first request of a minute creates its
counter, each request adds one, the counter expires with the minute. Keyed
requests count against their key; anonymous ones against the client's address.
When the cache cannot count (Redis down) requests are let through: the API stays
up, as the pages do.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import caches

logger = logging.getLogger("masthead.api")

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends

    @property
    def is_exceeded(self) -> bool:
        return self.remaining < 0


def count_request(client: str, *, limit: int, now: float | None = None) -> Allowance:
    """Count one request of ``client`` (``key:<id>`` or ``ip:<address>``)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, (window + 1) * WINDOW_SECONDS - int(now))
    cache = caches["default"]
    counter = f"api-rate:{client}:{window}"
    try:
        cache.add(counter, 0, timeout=WINDOW_SECONDS + 5)
        used = cache.incr(counter)
    except ValueError:  # expired between add and incr, or the cache is away
        used = 1
    except Exception:
        logger.exception("API rate limit not counted")
        used = 1
    return Allowance(limit=limit, remaining=limit - used, retry_after=retry_after)
