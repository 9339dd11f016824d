"""What a reader may type and how often: length limits, header-safe text, rate limits.

The header rules take plain values and are tested without a database: a reader's text
can never start a header of an email the newsroom sends.
"""

from __future__ import annotations

import re
from email.utils import formataddr

from django.core.cache import cache
from django.utils import timezone

NAME_MAX = 100
EMAIL_MAX = 254
MESSAGE_MAX = 5000
CHAT_LINE_MAX = 2000

_UNSAFE_HEADER_CHARS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


def clean_header_text(value: str) -> str:
    """One line, no control characters: a reader's text can never start a header."""
    return " ".join(_UNSAFE_HEADER_CHARS.sub(" ", value or "").split())


def has_line_breaks_or_controls(value: str) -> bool:
    return bool(_UNSAFE_HEADER_CHARS.search(value or ""))


def format_reader_address(name: str, email: str) -> str:
    """``"Name" <email>`` safe for a header; the name is flattened to one line and
    quoted by the standard library, the address must already be validated."""
    if has_line_breaks_or_controls(email) or "," in email:
        raise ValueError("an email address with line breaks or commas")
    return formataddr((clean_header_text(name)[:NAME_MAX], email))


def is_rate_limited(key: str, *, limit: int, window: int) -> bool:
    """Count one more event for ``key``; True once more than ``limit`` happened in the
    current fixed window. A cache outage lets events through rather than block."""
    bucket = f"contact:rate:{key}:{int(timezone.now().timestamp()) // max(window, 1)}"
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
