"""Stored pages and the site generation.

A page is stored once with its gzip and brotli forms prepared, so a hit only copies
bytes. Purging bumps the *generation*, which is part of every key: every page that
could show the change (lists of recent stories appear on every page) is purged in
O(1), and old entries age out of the cache by TTL or LRU.

The generation must be shared by every process that serves or publishes (the
server's workers and the task worker). With Redis it lives in Redis; in the embedded
mode, where each process has its own local-memory cache, it is a file in the data
directory whose contents are read on each request (one small read, no database).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger("masthead.pagecache")

COMPRESS_MIN_BYTES = 512
# Headers stored with a page and replayed on a hit; others (Set-Cookie, Vary: Cookie,
# per-request ids) are never stored.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "link",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "location",
    "strict-transport-security",
}


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    bodies: dict[str, bytes] = field(default_factory=dict)  # encoding → bytes
    etag: str = ""
    last_modified: float = 0.0
    # Response headers ready for the wire, per encoding and for "304": prepared once
    # when stored, so a hit copies bytes and formats nothing.
    wire: dict[str, tuple[tuple[bytes, bytes], ...]] = field(default_factory=dict)


def page_cache():
    return caches[settings.MASTHEAD_PAGE_CACHE_ALIAS]


def build_cached_page(
    *, status: int, headers: list[tuple[str, str]], body: bytes
) -> CachedPage:
    """Prepare the stored form: identity, gzip and brotli bodies, ETag."""
    kept = tuple(
        (name.lower(), value)
        for name, value in headers
        if name.lower() in STORED_HEADERS
    )
    bodies = {"identity": body}
    if len(body) >= COMPRESS_MIN_BYTES:
        bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
        bodies["br"] = brotli.compress(body, quality=6)
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    page = CachedPage(
        status=status, headers=kept, bodies=bodies, etag=etag, last_modified=time.time()
    )
    from .serve import wire_headers

    page.wire.update(wire_headers(page))
    return page


# Generation --------------------------------------------------------------------------


def _generation_file() -> Path:
    return Path(settings.DATA_DIR) / "pagecache.generation"


def _uses_shared_cache() -> bool:
    backend = settings.CACHES[settings.MASTHEAD_PAGE_CACHE_ALIAS]["BACKEND"]
    return "locmem" not in backend.lower()


_memo: dict[str, float] = {"value": -1, "read_at": -1e9}


def current_generation() -> int | None:
    """The site generation, or None when it cannot be read (then: bypass the cache).

    Remembered in-process for ``MASTHEAD_PAGE_CACHE_GENERATION_TTL`` seconds (a
    quarter of a second by default): that bounds how late another process sees a
    purge, and saves a round trip on most hits.
    """
    now = time.monotonic()
    if now - _memo["read_at"] < settings.MASTHEAD_PAGE_CACHE_GENERATION_TTL:
        return int(_memo["value"])
    value = _read_generation()
    if value is not None:
        _memo.update(value=value, read_at=now)
    return value


def _read_generation() -> int | None:
    if _uses_shared_cache():
        value = page_cache().get("masthead:page-generation")
        if value is None:
            # First use, or Redis lost its data (or is down): start a generation that
            # cannot collide with entries stored before.
            value = time.time_ns()
            page_cache().add("masthead:page-generation", value, timeout=None)
            value = page_cache().get("masthead:page-generation")
        return value
    try:
        return int(_generation_file().read_text() or 0)
    except FileNotFoundError:
        return 0
    except (OSError, ValueError):
        return None


def bump_generation() -> None:
    """Make every stored page unreachable: the next reader gets a fresh render."""
    _memo.update(read_at=-1e9)
    if _uses_shared_cache():
        cache = page_cache()
        try:
            cache.incr("masthead:page-generation")
        except ValueError:  # not set yet (or lost): a fresh, unique generation
            cache.set("masthead:page-generation", time.time_ns(), timeout=None)
        return
    path = _generation_file()
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    # Nanoseconds, not +1: two processes bumping at once still end on a new value.
    temporary.write_text(str(time.time_ns()))
    os.replace(temporary, path)


class RecentPages:
    """A small in-process LRU in front of the shared cache, bounded in bytes.

    A hot story is then served from this process's memory: no Redis round trip and
    no unpickling per request. Correctness does not depend on it: keys carry the
    generation, so a purge makes every entry here unreachable too.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _weight(page: CachedPage) -> int:
        return sum(len(body) for body in page.bodies.values())

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        weight = self._weight(page)
        if weight > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= self._weight(old)
            self._pages[key] = page
            self.size += weight
            while self.size > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self.size -= self._weight(evicted)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.size = 0


_recent: RecentPages | None = None


def recent_pages() -> RecentPages:
    global _recent
    if _recent is None:
        _recent = RecentPages(settings.MASTHEAD_PAGE_CACHE_MEMORY_BYTES)
    return _recent


def fetch_page(key: str) -> CachedPage | None:
    page = recent_pages().get(key)
    if page is not None:
        return page
    page = page_cache().get(key)
    if not isinstance(page, CachedPage):
        return None
    recent_pages().put(key, page)
    return page


def store_page(key: str, page: CachedPage) -> None:
    page_cache().set(key, page, timeout=settings.MASTHEAD_PAGE_CACHE_TTL)
    recent_pages().put(key, page)
