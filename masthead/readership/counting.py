"""Counting page views in process memory, at the cost of a dict update per view.

The ASGI layer (``readership.asgi``) calls :func:`count_view` for every page sent,
cache hits included. On the request's path that is one dict update under a lock:
the view is kept raw (hour, path, user agent, referrer, host) and told apart
(bot or not, device class, referring site) only when :func:`take_counts` hands the
counts to the flusher, once per distinct raw key, with remembered answers.

What is written for a view: the path (no query string), the hour, the host of the
referring site and a device class. The client address is used only to stop one
client inflating the numbers: it is held in memory for the current minute and never
written anywhere.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

# Declared crawlers, link previewers, monitors and scripted clients.
BOT_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"monitor|pingdom|uptime|lighthouse|headless|phantomjs|curl/|wget/|httpx|"
    r"python-requests|python-urllib|aiohttp|go-http-client|okhttp|java/|libwww|"
    r"scrapy|feedfetcher|wrk|apachebench|\bab/",
    re.IGNORECASE,
)
TABLET_AGENT = re.compile(r"ipad|tablet|kindle|silk/|playbook", re.IGNORECASE)
MOBILE_AGENT = re.compile(r"mobi|iphone|ipod|android|phone", re.IGNORECASE)
HOST = re.compile(r"^[a-z0-9.-]{1,100}$")

# One client counts at most this many views a minute; the rest are served, not counted.
VIEWS_PER_CLIENT_PER_MINUTE = 30
# Distinct raw entries held between flushes; past this, views are dropped rather
# than letting made-up paths or user agents grow memory.
MAX_ENTRIES = 20_000
MAX_PATH = 300

CountKey = tuple[datetime, str, str, str]  # hour, path, referring host, device
_RawKey = tuple[int, str, str, str, str]  # hour number, path, agent, referer, host

_lock = threading.Lock()
_raw: dict[_RawKey, int] = {}
_kept: Counter[CountKey] = Counter()  # given back by a flush that failed
_minute = 0
_per_client: dict[str, int] = {}
dropped = 0  # views not counted because memory was full


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_AGENT.search(user_agent))


def device_class(user_agent: str) -> str:
    if TABLET_AGENT.search(user_agent):
        return "tablet"
    if MOBILE_AGENT.search(user_agent):
        return "mobile"
    return "desktop"


@lru_cache(maxsize=4096)
def _device_unless_bot(user_agent: str) -> str | None:
    """The device class, or None for a bot (the same few hundred browser strings
    make most views)."""
    return None if is_bot(user_agent) else device_class(user_agent)


@lru_cache(maxsize=4096)
def referrer_host(referer: str, own_host: str) -> str:
    """The referring site's host name, or "" for direct visits and this site's own
    links. Anything that is not a plain host name is dropped, not stored."""
    if not referer:
        return ""
    try:
        host = (urlsplit(referer).hostname or "").lower()
    except ValueError:
        return ""
    own = own_host.split(":")[0].lower()
    if not host or host == own or not HOST.match(host):
        return ""
    return host.removeprefix("www.")


def count_view(
    *,
    path: str,
    user_agent: str,
    referer: str,
    host: str,
    client: str,
    now: float | None = None,
) -> bool:
    """Note one page view; False when it is not kept (over the client's limit, an
    over-long path, or memory full). Bots are dropped later, in ``take_counts``."""
    global dropped, _minute
    if len(path) > MAX_PATH:
        return False
    now = time.time() if now is None else now
    minute = int(now // 60)
    key = (minute // 60, path, user_agent, referer, host)
    with _lock:
        if minute != _minute:
            _minute = minute
            _per_client.clear()
        seen = _per_client.get(client, 0) + 1
        _per_client[client] = seen
        if seen > VIEWS_PER_CLIENT_PER_MINUTE:
            return False
        views = _raw.get(key)
        if views is None and len(_raw) >= MAX_ENTRIES:
            dropped += 1
            return False
        _raw[key] = (views or 0) + 1
    return True


def take_counts() -> Counter[CountKey]:
    """Everything counted since the last call, bots left out (and forget it here)."""
    global _raw, _kept
    with _lock:
        raw, _raw = _raw, {}
        counts, _kept = _kept, Counter()
    for (hour, path, agent, referer, host), views in raw.items():
        device = _device_unless_bot(agent)
        if device is not None:
            start = datetime.fromtimestamp(hour * 3600, tz=UTC)
            counts[(start, path, referrer_host(referer, host), device)] += views
    return counts


def give_back(counts: Counter[CountKey]) -> None:
    """Keep counts that could not be saved for the next flush, within the bound."""
    with _lock:
        for key, views in counts.items():
            if key in _kept or len(_kept) < MAX_ENTRIES:
                _kept[key] += views


def forget_everything() -> None:
    """Tests: start from nothing."""
    global dropped
    with _lock:
        _raw.clear()
        _kept.clear()
        _per_client.clear()
        dropped = 0
