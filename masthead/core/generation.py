"""What is current: the site generation and the surrogate-key versions.

**The site generation** is one number that changes when everything readers see could
change (site settings, the site itself, sections and navigation). It is part of every
page-cache key, so a bump purges every stored page in O(1), and the rows
``core.sitecache`` remembers per process are rebuilt when it moves.

**Surrogate keys** purge what changed, not the site (issue 14). A stored page records
the keys of what it shows (``page:<id>`` for every page it links to, ``served:<id>``
for the page it is, ``latest`` for lists of recent stories) with each key's version
when it was rendered; a purge sets new versions for a change's keys, and a stored
page is current only while all its keys keep the versions it recorded. A version is
the purge's wall-clock time in nanoseconds (0 for a key never purged), so a render
that started before a purge of one of its keys is never stored (``purged_since``).

Both must be shared by every process that serves or publishes (the server's workers
and the task worker). With Redis they live in Redis, in the page cache's alias; in
the embedded mode, where each process has its own local-memory cache, they are small
files in the data directory. Each process remembers what it read for
``MASTHEAD_PAGE_CACHE_GENERATION_TTL`` seconds (a quarter of a second): that bounds
how late another process sees a purge, and saves a round trip on most hits.

A shared store that hangs must not hang readers: a read slower than
``SLOW_READ_SECONDS`` (or failing) opens a breaker for ``BREAKER_SECONDS``, during
which the last values read are used and the shared store is not asked.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed

logger = logging.getLogger("masthead.pagecache")

KEY = "masthead:page-generation"
SURROGATE_PREFIX = "masthead:skey:"
# A read slower than this is a sick shared store: stop asking it for a while.
SLOW_READ_SECONDS = 0.25
BREAKER_SECONDS = 5.0
BREAKER_AFTER = 3
# Per-process memory of key versions; cleared when it grows past this.
MAX_REMEMBERED_KEYS = 100_000


def _shared_cache():
    return caches[settings.MASTHEAD_PAGE_CACHE_ALIAS]


def _generation_file() -> Path:
    return Path(settings.DATA_DIR) / "pagecache.generation"


def _key_file(key: str) -> Path:
    name = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    return Path(settings.DATA_DIR) / "pagecache-keys" / name


def uses_shared_cache() -> bool:
    backend = settings.CACHES[settings.MASTHEAD_PAGE_CACHE_ALIAS]["BACKEND"]
    return "locmem" not in backend.lower()


class Breaker:
    """Open for ``BREAKER_SECONDS`` after ``BREAKER_AFTER`` slow or failed
    shared-store calls in a row.

    One slow answer on a busy machine (a thread scheduled late) is not a sick
    store: opening on it would turn every miss for seconds into a render that is
    not stored, exactly under load. A run of them is.
    """

    def __init__(self):
        self.open_until = 0.0
        self.failures = 0

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, reason: str) -> None:
        self.failures += 1
        if self.failures < BREAKER_AFTER:
            return
        if not self.is_open():
            logger.warning(
                "shared page cache skipped for %ss: %s", BREAKER_SECONDS, reason
            )
        self.open_until = time.monotonic() + BREAKER_SECONDS

    def succeed(self) -> None:
        self.failures = 0

    def reset(self) -> None:
        self.open_until = 0.0
        self.failures = 0

    def timed(self, call, *args, **kwargs):
        """``call(...)``, tripping the breaker when it fails or is slow. Redis errors
        are swallowed by the cache backend (``IGNORE_EXCEPTIONS``), so slowness is
        the sign left to read."""
        started = time.monotonic()
        try:
            result = call(*args, **kwargs)
        except Exception:
            self.trip("error")
            raise
        if time.monotonic() - started > SLOW_READ_SECONDS:
            self.trip("slow answer")
        else:
            self.succeed()
        return result


breaker = Breaker()

_memo: dict[str, float] = {"value": -1, "read_at": -1e9}
_versions: dict[str, tuple[int, float]] = {}  # key → (version, read at)
# When a remembered version last changed (monotonic): a page checked after it,
# within the re-read interval, needs no new check (``pagecache.store``).
_changed: dict[str, float] = {"at": 0.0}
_lock = threading.Lock()


_settings: dict[str, float] = {}


def _ttl() -> float:
    """``MASTHEAD_PAGE_CACHE_GENERATION_TTL``, read once (it is asked on every hit)."""
    ttl = _settings.get("ttl")
    if ttl is None:
        ttl = _settings["ttl"] = settings.MASTHEAD_PAGE_CACHE_GENERATION_TTL
    return ttl


def reread_interval() -> float:
    return _ttl()


def _forget_settings(**kwargs) -> None:
    _settings.clear()


setting_changed.connect(_forget_settings)


def remembered_generation() -> tuple[int | None, bool]:
    """(the generation last read in this process or None, whether it is fresh)."""
    if _memo["value"] < 0:
        return None, False
    fresh = time.monotonic() - _memo["read_at"] < _ttl()
    return int(_memo["value"]), fresh


def current_generation() -> int | None:
    """The site generation, or None when it cannot be read (then: bypass the cache).

    While the breaker is open the last value read is used, so hits from the
    per-process store keep flowing and nothing waits on the shared store.
    """
    value, fresh = remembered_generation()
    if fresh or (value is not None and uses_shared_cache() and breaker.is_open()):
        return value
    value = _read_generation()
    if value is not None:
        _memo.update(value=value, read_at=time.monotonic())
    return value


def _read_generation() -> int | None:
    if uses_shared_cache():
        if breaker.is_open():
            return None
        cache = _shared_cache()
        value = breaker.timed(cache.get, KEY)
        if value is None and not breaker.is_open():
            # First use, or Redis lost its data: start a generation that cannot
            # collide with entries stored before.
            cache.add(KEY, time.time_ns(), timeout=None)
            value = cache.get(KEY)
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
    if uses_shared_cache():
        cache = _shared_cache()
        try:
            cache.incr(KEY)
        except ValueError:  # not set yet (or lost): a fresh, unique generation
            cache.set(KEY, time.time_ns(), timeout=None)
        return
    _write_file(_generation_file(), time.time_ns())


def _write_file(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    # Nanoseconds, not +1: two processes writing at once still end on a new value.
    temporary.write_text(str(value))
    os.replace(temporary, path)


def read_key_versions(keys) -> dict[str, int] | None:
    """The current version of each key, read from the shared store (0 when never
    purged or expired), or None when it did not answer properly. Remembered in
    this process for the next hits."""
    keys = list(keys)
    if uses_shared_cache():
        if breaker.is_open():
            return None
        found = breaker.timed(
            _shared_cache().get_many, [SURROGATE_PREFIX + key for key in keys]
        )
        if breaker.is_open():
            return None  # an error or timeout the backend turned into "not found"
        versions = {key: int(found.get(SURROGATE_PREFIX + key) or 0) for key in keys}
    else:
        versions = {}
        for key in keys:
            try:
                versions[key] = int(_key_file(key).read_text() or 0)
            except FileNotFoundError:
                versions[key] = 0
            except (OSError, ValueError):
                versions[key] = -1  # unreadable: matches nothing stored
    now = time.monotonic()
    with _lock:
        if len(_versions) > MAX_REMEMBERED_KEYS:
            _versions.clear()
            _changed["at"] = now
        for key, value in versions.items():
            known = _versions.get(key)
            if known is not None and known[0] != value:
                _changed["at"] = now
            _versions[key] = (value, now)
    return versions


def remembered_key_versions(keys, *, stale_ok: bool = False) -> dict[str, int] | None:
    """The versions this process read lately, or None when one is missing (or older
    than the re-read interval, unless ``stale_ok``)."""
    now = time.monotonic()
    ttl = _ttl()
    versions = {}
    for key in keys:
        known = _versions.get(key)
        if known is None or (not stale_ok and now - known[1] >= ttl):
            return None
        versions[key] = known[0]
    return versions


def key_versions(keys) -> dict[str, int] | None:
    """Current versions of ``keys`` (remembered, or read in one round trip), or
    None when they cannot be known (then: treat the page as a miss)."""
    versions = remembered_key_versions(keys)
    if versions is not None:
        return versions
    versions = read_key_versions(keys)
    if versions is None:
        return remembered_key_versions(keys, stale_ok=True)
    return versions


def purge_keys(keys) -> None:
    """Give ``keys`` new versions: every stored page that shows one is stale."""
    keys = sorted(set(keys))
    if not keys:
        return
    version = time.time_ns()
    if uses_shared_cache():
        # A version outlives every page stored under it (both last the page TTL):
        # when it expires it reads 0 again, which no page stored before matches.
        _shared_cache().set_many(
            {SURROGATE_PREFIX + key: version for key in keys},
            timeout=settings.MASTHEAD_PAGE_CACHE_TTL,
        )
    else:
        for key in keys:
            _write_file(_key_file(key), version)
    now = time.monotonic()
    with _lock:
        _versions.update((key, (version, now)) for key in keys)
        _changed["at"] = now


def versions_changed_at() -> float:
    return _changed["at"]


def forget_key_versions() -> None:
    with _lock:
        _versions.clear()
        _changed["at"] = time.monotonic()
