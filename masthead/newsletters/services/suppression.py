"""Addresses never to be mailed again, kept in two places.

The ``Suppression`` table is what the admin shows and what queueing filters on.
Every suppression is also appended, before the database row is committed, to a
plain file outside the database (``MASTHEAD_NEWSLETTER_SUPPRESSION_FILE``, in the
data directory by default): one line per event, ``sha256(address)<TAB>list<TAB>
reason<TAB>time``, never rewritten. The sender reads that file before every batch.

Why a file: a database restored from last night's backup has forgotten this
morning's unsubscribes, and its subscriber rows say "confirmed" again. The file is
not part of the database backup, so it still knows. Addresses are hashed so the
file is no second copy of the mailing list. Written first and fsynced: a crash
between the file and the commit errs towards not mailing. With several worker
hosts it must sit on storage they share (docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ..models import Suppression
from .addresses import email_key

ALL_LISTS = "*"
# Written when the reader confirms a new subscription by email (fresh consent).
LIFTED = "lifted"
_lock = threading.Lock()
_cached: dict[str, object] = {"stamp": None, "entries": frozenset()}


def hash_address(email: str) -> str:
    return hashlib.sha256(email_key(email).encode("utf-8")).hexdigest()


def suppression_file() -> Path:
    return Path(settings.MASTHEAD_NEWSLETTER_SUPPRESSION_FILE)


def append_to_file(*, email: str, list_slug: str, reason: str) -> None:
    path = suppression_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = "\t".join(
        [
            hash_address(email),
            list_slug or ALL_LISTS,
            reason,
            timezone.now().isoformat(),
        ]
    )
    # O_APPEND: concurrent writers never interleave a line of this size.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_file_entries() -> frozenset[tuple[str, str]]:
    """``(address hash, list slug or "*")`` pairs, re-read only when the file grew."""
    path = suppression_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return frozenset()
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    with _lock:
        if _cached["stamp"] == stamp:
            return _cached["entries"]  # type: ignore[return-value]
        entries: set[tuple[str, str]] = set()
        with path.open(encoding="ascii", errors="replace") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or len(parts[0]) != 64:
                    continue
                # Events in order: a later confirmed re-subscription lifts it.
                if parts[2] == LIFTED:
                    entries.discard((parts[0], parts[1]))
                else:
                    entries.add((parts[0], parts[1]))
        _cached.update(stamp=stamp, entries=frozenset(entries))
        return _cached["entries"]  # type: ignore[return-value]


def is_suppressed_in_file(
    email: str, list_slug: str, entries: frozenset[tuple[str, str]] | None = None
) -> bool:
    entries = read_file_entries() if entries is None else entries
    digest = hash_address(email)
    return (digest, ALL_LISTS) in entries or (digest, list_slug) in entries


def suppress_address(*, email: str, reason: str, newsletter=None) -> None:
    """Never mail ``email`` again (for ``newsletter`` only, or at all); idempotent."""
    append_to_file(
        email=email, list_slug=newsletter.slug if newsletter else "", reason=reason
    )
    try:
        with transaction.atomic():
            Suppression.objects.get_or_create(
                email_key=email_key(email),
                newsletter=newsletter,
                defaults={"reason": reason},
            )
    except IntegrityError:
        pass  # a concurrent request stored the same suppression


def lift_suppressions(*, email: str, newsletters) -> None:
    """The reader confirmed again (double opt-in): their old "never" no longer
    holds for these lists, nor the global one."""
    slugs = [ALL_LISTS, *(n.slug for n in newsletters)]
    entries = read_file_entries()
    digest = hash_address(email)
    for slug in slugs:
        if (digest, slug) in entries:
            append_to_file(email=email, list_slug=slug, reason=LIFTED)
    Suppression.objects.filter(email_key=email_key(email)).filter(
        models.Q(newsletter__isnull=True) | models.Q(newsletter__in=newsletters)
    ).delete()


def is_suppressed(email: str, newsletter) -> bool:
    """In the table or in the file: either is enough to skip the address."""
    key = email_key(email)
    in_table = (
        Suppression.objects.filter(email_key=key)
        .filter(newsletter__isnull=True)
        .exists()
        or Suppression.objects.filter(email_key=key, newsletter=newsletter).exists()
    )
    return in_table or is_suppressed_in_file(email, newsletter.slug)
