"""Saving counted views, the "Most read" lists and the numbers editors see."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import PageViewCount

logger = logging.getLogger("masthead.readership")

WINDOWS = {
    "6h": timedelta(hours=6),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}
MOST_READ_KEY = "most-read"  # the surrogate key of every response showing a list
_BATCH = 500


def save_counts(counts: Counter) -> None:
    """Add ``counts`` ({(hour, path, referrer host, device): views}) to the table,
    one statement per batch: concurrent processes add up, never overwrite."""
    table = PageViewCount._meta.db_table
    rows = [
        (connection.ops.adapt_datetimefield_value(hour), path, ref, device, views)
        for (hour, path, ref, device), views in counts.items()
        if views > 0
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (hour, path, referrer_host, device, views) "  # noqa: S608 - table name from the model
                f"VALUES {values} "
                "ON CONFLICT (hour, path, referrer_host, device) "
                f"DO UPDATE SET views = {table}.views + excluded.views",
                [value for row in batch for value in row],
            )


@dataclass(frozen=True)
class MostRead:
    page_id: int
    title: str
    url: str
    views: int


def _path_prefix(section) -> str:
    return section.get_url_parts()[2] if section is not None else "/"


def compute_most_read(section=None, *, window: str = "24h", limit: int = 5):
    """The ``limit`` live stories (below ``section``, or anywhere) read most in
    ``window``, from the counts: paths are matched to stories, so renamed or
    withdrawn ones drop out."""
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage

    since = timezone.now() - WINDOWS[window]
    prefix = _path_prefix(section)
    rows = (
        PageViewCount.objects.filter(hour__gte=since, path__startswith=prefix)
        .values("path")
        .annotate(total=Sum("views"))
        .order_by("-total", "path")[: limit * 4]
    )
    totals: dict[str, int] = {row["path"]: row["total"] for row in rows}
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if not totals or site is None:
        return []
    root = site.root_page.url_path.rstrip("/")
    by_url_path = {root + path: path for path in totals}
    stories = ArticlePage.objects.live().public().filter(url_path__in=by_url_path)
    found = [
        MostRead(
            page_id=story.pk,
            title=story.title,
            url=by_url_path[story.url_path],
            views=totals[by_url_path[story.url_path]],
        )
        for story in stories.only("id", "title", "url_path")
    ]
    found.sort(key=lambda item: (-item.views, item.url))
    return found[:limit]


def _cache_key(section, window: str) -> str:
    return f"readership:most-read:{_path_prefix(section)}:{window}"


def most_read(section=None, *, window: str = "24h", limit: int = 5) -> list[MostRead]:
    """``compute_most_read``, remembered until the worker's next refresh."""
    key = f"{_cache_key(section, window)}:{limit}"
    found = cache.get(key)
    if found is None:
        found = compute_most_read(section, window=window, limit=limit)
        cache.set(key, found, settings.MASTHEAD_MOST_READ_REFRESH_SECONDS * 2)
    return found


def refresh_most_read() -> bool:
    """Recompute the lists (site and each section, 24 h) and purge the responses
    showing them only if one changed. Returns whether anything was purged."""
    from masthead.pagecache.services import purge_pages
    from masthead.sections.models import SectionPage

    changed = False
    for section in [None, *SectionPage.objects.visible()]:
        found = compute_most_read(section)
        fingerprint = hashlib.sha256(repr(found).encode()).hexdigest()
        key = _cache_key(section, "24h")
        if cache.get(f"{key}:fingerprint") != fingerprint:
            changed = True
        cache.set(f"{key}:fingerprint", fingerprint, None)
        cache.set(f"{key}:5", found, settings.MASTHEAD_MOST_READ_REFRESH_SECONDS * 2)
    if changed:
        purge_pages(keys={MOST_READ_KEY}, reason="most read lists changed")
    return changed


def delete_old_counts(now: datetime | None = None) -> int:
    """Forget counts older than the retention the newsroom set."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MASTHEAD_COUNT_RETENTION_DAYS)
    deleted, _ = PageViewCount.objects.filter(hour__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class StoryNumbers:
    total: int
    hourly: list[tuple[datetime, int]]  # every hour of the window, zeros included
    sources: list[tuple[str, int]]
    devices: list[tuple[str, int]]


def story_numbers(path: str, *, days: int = 7, now=None) -> StoryNumbers:
    """Views of one story's path per hour over ``days``, with where readers came
    from and on what kind of device."""
    now = now or timezone.now()
    end = now.replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days) + timedelta(hours=1)
    rows = PageViewCount.objects.filter(path=path, hour__gte=start)
    by_hour: Counter[datetime] = Counter()
    sources: Counter[str] = Counter()
    devices: Counter[str] = Counter()
    for hour, ref, device, views in rows.values_list(
        "hour", "referrer_host", "device", "views"
    ):
        by_hour[hour] += views
        sources[ref or "direct or this site"] += views
        devices[device] += views
    hours = [start + timedelta(hours=n) for n in range(days * 24)]
    return StoryNumbers(
        total=sum(by_hour.values()),
        hourly=[(hour, by_hour.get(hour, 0)) for hour in hours],
        sources=sources.most_common(10),
        devices=devices.most_common(),
    )


def counts_as_csv(since: datetime) -> str:
    """Every count since ``since``, as CSV (hour, path, referrer host, device,
    views): what editors export is exactly what is stored."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["hour", "path", "referrer_host", "device", "views"])
    rows = PageViewCount.objects.filter(hour__gte=since).order_by("hour", "path")
    for row in rows.values_list("hour", "path", "referrer_host", "device", "views"):
        hour, path, ref, device, views = row
        # A leading = + - @ would be read as a formula by a spreadsheet.
        writer.writerow(
            [hour.isoformat(), _no_formula(path), _no_formula(ref), device, views]
        )
    return out.getvalue()


def _no_formula(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
