"""API keys: made, looked up and revoked here only.

A key is 32 random bytes, so a fast hash (SHA-256) is enough to store it: unlike
a password it cannot be guessed from a list, and every request must check it
without the cost of a password hasher.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from .models import ApiKey

KEY_START = "mh_"
PREFIX_LENGTH = len(KEY_START) + 8
# Longer is no key of ours: refused before hashing.
MAX_KEY_LENGTH = 100


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


def new_raw_key() -> str:
    return KEY_START + secrets.token_urlsafe(32)


@transaction.atomic
def create_api_key(
    *, name: str, rate_limit_per_minute: int = 600, raw_key: str | None = None
) -> tuple[ApiKey, str]:
    """A new key for ``name``: the row (holding only the hash) and the key itself,
    which is never stored and cannot be shown again."""
    raw_key = raw_key or new_raw_key()
    key = ApiKey.objects.create(
        name=name.strip()[:120],
        prefix=raw_key[:PREFIX_LENGTH],
        key_hash=hash_api_key(raw_key),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    return key, raw_key


def fill_new_api_key(key: ApiKey) -> str:
    """Give an unsaved ``key`` (the admin's form) a new key; returns the key."""
    raw_key = new_raw_key()
    key.prefix = raw_key[:PREFIX_LENGTH]
    key.key_hash = hash_api_key(raw_key)
    return raw_key


def revoke_api_key(*, key: ApiKey) -> None:
    """Refuse ``key`` from its next request on (validity is never cached)."""
    ApiKey.objects.filter(pk=key.pk).update(revoked=True)
    key.revoked = True


def find_api_key(raw_key: str) -> ApiKey | None:
    """The key row for ``raw_key`` (revoked or not), or None: one indexed query.

    Read on every keyed request, never remembered, so a revocation applies to the
    very next request in every process.
    """
    if not raw_key.startswith(KEY_START) or len(raw_key) > MAX_KEY_LENGTH:
        return None
    return ApiKey.objects.filter(key_hash=hash_api_key(raw_key)).first()
