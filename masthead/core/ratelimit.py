"""Fixed-window counters in the shared cache: the one limiter that the contact box,
the live chat, comments and newsletter signups use (the API keeps its own, which
also reports what is left to the client)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone


def is_rate_limited(key: str, *, limit: int, window: int) -> bool:
    """Count one more event for ``key``; True once more than ``limit`` happened in the
    current fixed window of ``window`` seconds. A cache outage lets events through
    rather than block every reader."""
    bucket = f"rate:{key}:{int(timezone.now().timestamp()) // max(window, 1)}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:
        # Evicted between add and incr: start again at one.
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    if count is None:
        return False
    return count > limit
