"""Prometheus metrics (prometheus-client).

Counters live in each serving process. Under ``masthead serve --workers N`` the CLI
points ``PROMETHEUS_MULTIPROC_DIR`` at ``DATA_DIR/metrics`` (emptied at start)
before anything imports prometheus-client, so each worker writes its values to
memory-mapped files there and a scrape of any worker adds them all up
(prometheus-client's multiprocess mode). Queue depth and delivery failures are read
from the database at scrape time, so the separate ``masthead worker`` process needs
no metrics of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger("masthead.operations")

REQUESTS = Counter(
    "masthead_http_requests",
    "Requests answered by Django, by route and status",
    ["route", "status"],
)
RENDER_SECONDS = Histogram(
    "masthead_render_seconds",
    "Seconds Django took to answer (page cache hits excluded)",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PAGE_CACHE = Counter(
    "masthead_page_cache_lookups",
    "Page cache lookups in front of Django, by result (hit or miss)",
    ["result"],
)

# Figures read at scrape time: apps register a function returning
# ``{sample_name: value}`` in their AppConfig.ready() (the contact outbox, …).
_gauges: dict[str, tuple[str, Callable[[], dict[str, float]]]] = {}


def register_gauges(
    name: str, documentation: str, read: Callable[[], dict[str, float]]
) -> None:
    """Expose ``read()``'s values as gauge ``masthead_<name>{kind=…}``."""
    _gauges[name] = (documentation, read)


def count_page_cache(*, hit: bool) -> None:
    PAGE_CACHE.labels("hit" if hit else "miss").inc()


class DatabaseCollector:
    """Queue depth and age and the registered gauges, read when scraped."""

    def describe(self) -> list:
        # Registering must not query the database (the app may be loading).
        return []

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from .health import measure_task_queue

        try:
            count, age = measure_task_queue()
        except Exception:  # noqa: BLE001 - a scrape during an outage still answers
            logger.warning("metrics: task queue unreadable")
        else:
            yield GaugeMetricFamily(
                "masthead_task_queue_depth", "Tasks due now, not yet started", count
            )
            yield GaugeMetricFamily(
                "masthead_task_queue_oldest_age_seconds",
                "Seconds the oldest due task has waited",
                age or 0.0,
            )
        for name, (documentation, read) in _gauges.items():
            try:
                samples = read()
            except Exception:  # noqa: BLE001
                logger.warning("metrics: %s unreadable", name)
                continue
            family = GaugeMetricFamily(
                f"masthead_{name}", documentation, labels=["kind"]
            )
            for kind, value in samples.items():
                family.add_metric([kind], value)
            yield family


def is_multiprocess() -> bool:
    return values.ValueClass is not values.MutexValue


_database_collector = DatabaseCollector()
if not is_multiprocess():
    REGISTRY.register(_database_collector)


def render_latest() -> tuple[bytes, str]:
    """The scrape's body and content type, summed over every serving process."""
    if not is_multiprocess():
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_database_collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST
