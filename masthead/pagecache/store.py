"""Stored pages: the shared cache and a small in-process LRU in front of it.

A page is stored once with its gzip and brotli forms prepared
(``serve.build_cached_page``), so a hit only copies bytes. It is stored with the
versions of the surrogate keys it shows (``surrogates``, ``core.generation``) and is
served only while they are current; a site-wide purge bumps the site generation,
which is part of every key. Old entries age out of the cache by TTL or LRU.

The ASGI fast path never waits on the shared store on the event loop: the LRU
answers first, and a shared lookup runs in a thread with a short timeout
(``fetch_page_async``); after a slow or failed one the breaker in
``core.generation`` skips the shared store for a few seconds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import caches

from masthead.core import generation

logger = logging.getLogger("masthead.pagecache")


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
    # (surrogate key, its version when rendered): current while all still match.
    deps: tuple[tuple[str, int], ...] = ()


def page_cache():
    return caches[settings.MASTHEAD_PAGE_CACHE_ALIAS]


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

    def discard(self, key: str) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= self._weight(old)

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


# How long a hit waits for the shared store before rendering instead.
SHARED_LOOKUP_TIMEOUT = 0.075

_executor: ThreadPoolExecutor | None = None


def _lookup_executor() -> ThreadPoolExecutor:
    # Made on first use, in the worker process (threads do not survive a fork).
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pagecache")
    return _executor


def is_current(page: CachedPage, versions: dict[str, int]) -> bool:
    return all(versions.get(key) == version for key, version in page.deps)


# Cache key → when its page was last found current (monotonic). Until a
# remembered version changes, or the re-read interval passes, a hit skips the
# per-key comparison.
_checked_at: dict[str, float] = {}
MAX_CHECKED = 10_000


def _was_checked_lately(key: str) -> bool:
    at = _checked_at.get(key)
    return (
        at is not None
        and at > generation.versions_changed_at()
        and time.monotonic() - at < generation.reread_interval()
    )


def _checked(key: str, page: CachedPage, versions: dict[str, int] | None):
    """``page`` if its keys' versions still match. Unknown versions (the shared
    store does not answer) make a miss but keep the copy for when it does."""
    if versions is None:
        return None
    if is_current(page, versions):
        if len(_checked_at) > MAX_CHECKED:
            _checked_at.clear()
        _checked_at[key] = time.monotonic()
        return page
    _checked_at.pop(key, None)
    recent_pages().discard(key)
    return None


def _from_shared(key: str) -> CachedPage | None:
    page = generation.breaker.timed(page_cache().get, key)
    return page if isinstance(page, CachedPage) else None


def _shared_is_skipped() -> bool:
    return generation.uses_shared_cache() and generation.breaker.is_open()


def fetch_page(key: str) -> CachedPage | None:
    """The current stored page for ``key`` (blocking: for Django's threads)."""
    page = recent_pages().get(key)
    if page is None:
        if _shared_is_skipped():
            return None
        page = _from_shared(key)
        if page is None:
            return None
        recent_pages().put(key, page)
    if not page.deps or _was_checked_lately(key):
        return page
    return _checked(key, page, generation.key_versions([k for k, _ in page.deps]))


async def _off_loop(call, *args):
    """``call(*args)`` in a thread, or None after ``SHARED_LOOKUP_TIMEOUT``."""
    if _shared_is_skipped():
        return None
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_lookup_executor(), call, *args)
    try:
        return await asyncio.wait_for(future, SHARED_LOOKUP_TIMEOUT)
    except TimeoutError:
        generation.breaker.trip("lookup timed out")
        return None


async def current_generation_async() -> int | None:
    """The site generation without blocking the event loop (the last one read
    while the shared store does not answer in time)."""
    value, fresh = generation.remembered_generation()
    if fresh:
        return value
    if not generation.uses_shared_cache():
        return generation.current_generation()  # a small file read
    if generation.breaker.is_open():
        return value
    read = await _off_loop(generation.current_generation)
    return value if read is None else read


async def fetch_page_async(key: str) -> CachedPage | None:
    """``fetch_page`` for the event loop: memory first, then the shared store in
    a thread with a short timeout; None (render it) when that does not answer."""
    page = recent_pages().get(key)
    if page is None:
        if not generation.uses_shared_cache():
            return fetch_page(key)  # local memory: no network to wait for
        page = await _off_loop(_from_shared, key)
        if page is None:
            return None
        recent_pages().put(key, page)
    if not page.deps or _was_checked_lately(key):
        return page
    keys = [k for k, _ in page.deps]
    versions = generation.remembered_key_versions(keys)
    if versions is None:
        if not generation.uses_shared_cache():
            versions = generation.key_versions(keys)
        elif generation.breaker.is_open():
            versions = generation.remembered_key_versions(keys, stale_ok=True)
        else:
            versions = await _off_loop(generation.read_key_versions, keys)
            if versions is None:
                versions = generation.remembered_key_versions(keys, stale_ok=True)
    return _checked(key, page, versions)


def store_page(
    key: str, page: CachedPage, *, keys=(), rendered_at_ns: int | None = None
) -> bool:
    """Store ``page`` with the current versions of ``keys``. Not stored (False)
    when one of them was purged after ``rendered_at_ns``: the render may show what
    the purge replaced."""
    if keys:
        if _shared_is_skipped():
            return False
        versions = generation.read_key_versions(keys)
        if versions is None:
            return False
        if rendered_at_ns is not None and any(
            version >= rendered_at_ns for version in versions.values()
        ):
            return False
        page = replace(page, deps=tuple(sorted(versions.items())))
    elif _shared_is_skipped():
        _checked_at.pop(key, None)
        recent_pages().put(key, page)
        return True
    generation.breaker.timed(
        page_cache().set, key, page, timeout=settings.MASTHEAD_PAGE_CACHE_TTL
    )
    _checked_at.pop(key, None)
    recent_pages().put(key, page)
    return True
