"""Purging: after an editor's change commits, readers get fresh pages.

Two kinds of purge:

- ``purge_pages(keys=..., urls=...)``: what changed, not the site. The surrogate
  keys (``surrogates``) get new versions, so exactly the stored pages that show the
  change are stale; the CDN (``wagtail.contrib.frontend_cache``, when configured) is
  sent the URLs of those pages.
- ``purge_site_cache``: everything, for site-wide changes (site, settings, sections
  and navigation, view restrictions, photos and people shown across pages). It
  bumps the site generation now and again after the commit.

Purges are collected per transaction and sent once, de-duplicated, after it
commits: an editor bulk-editing 500 stories costs one purge, not 500. A CDN purge
runs in the task queue, where a failure is logged and retried; it is never raised
into the editor's request.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import transaction

from masthead.core.generation import bump_generation, purge_keys

from .frontend import purge_frontend_urls
from .tasks import purge_frontend_urls_task

logger = logging.getLogger("masthead.pagecache")


class _Pending(threading.local):
    """Purges waiting for the current transaction to commit (per thread)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.keys: set[str] = set()
        self.urls: set[str] = set()
        self.site = False
        self.reasons: list[str] = []


_pending = _Pending()


def purge_pages(*, keys, urls=(), reason: str) -> None:
    """Purge the stored pages that show any of ``keys`` once the change commits."""
    _collect(keys=keys, urls=urls, reason=reason)


def purge_site_cache(*, reason: str, urls: list[str] | None = None) -> None:
    """Purge every cached page now, and again once the transaction commits.

    The second bump, after commit, drops anything another reader's request cached
    from the old data while the transaction was still open.
    """
    bump_generation()
    _collect(urls=urls or (), reason=reason, site=True)


def _collect(*, keys=(), urls=(), reason: str, site: bool = False) -> None:
    if not _is_waiting_for_commit():
        _pending.reset()  # left by a transaction that rolled back: not sent
    _pending.keys.update(keys)
    _pending.urls.update(urls)
    _pending.site |= site
    if len(_pending.reasons) < 5:
        _pending.reasons.append(reason)
    # In autocommit this runs at once; in a transaction, after it commits. The
    # first callback sends everything collected, the others find nothing left: a
    # transaction's purges go out once, de-duplicated.
    transaction.on_commit(flush_purges)


def _is_waiting_for_commit() -> bool:
    connection = transaction.get_connection()
    return any(item[1] is flush_purges for item in connection.run_on_commit)


def forget_pending_purges() -> None:
    """Drop purges waiting for a commit that will never come (tests)."""
    _pending.reset()


def flush_purges() -> None:
    """Send the collected purges (after the commit)."""
    keys, urls, site = _pending.keys, _pending.urls, _pending.site
    reasons = _pending.reasons
    if not (keys or urls or site):
        return  # an earlier callback of this commit sent everything
    _pending.reset()
    if site:
        bump_generation()
    if keys:
        purge_keys(keys)
    logger.info(
        "page cache purged (%s, %d keys): %s",
        "site" if site else "pages",
        len(keys),
        "; ".join(reasons),
    )
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        enqueue_frontend_purge(sorted(urls))


def enqueue_frontend_purge(urls: list[str]) -> None:
    try:
        purge_frontend_urls_task.enqueue(urls)
    except Exception:
        # The queue itself is down: purge here, still never failing the request.
        logger.exception("frontend cache purge could not be queued")
        try:
            purge_frontend_urls(urls)
        except Exception:
            logger.exception("frontend cache purge failed")


def urls_showing_page(page, *, parents=()) -> list[str]:
    """Full URLs a change to ``page`` shows on, for the CDN: itself, its ancestors
    (front page, section) and those it had before a move, its tag and author
    pages and their feeds, its section's feeds and sitemap, and the site's feeds
    and sitemaps (RSS, Atom, JSON, the index, pages and news sitemaps)."""
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    for parent in parents:
        pages += [parent, *parent.get_ancestors().filter(depth__gt=1)]
    urls = {url for url in (item.get_full_url() for item in pages) if url}
    site = page.get_site()
    if site is None:
        return sorted(urls)
    root = site.root_url.rstrip("/")
    urls.update(f"{root}{path}" for path in _listing_paths(page, parents=parents))
    return sorted(urls)


def _listing_paths(page, *, parents=()) -> list[str]:
    """Paths of the tag, author and section lists (pages, feeds, sitemaps) that
    name ``page``. A URL is added only when it reverses, and relations are read
    only when the page has them, so this names no other app's models."""
    from django.urls import NoReverseMatch, reverse

    specific = page.specific
    paths = []

    def add(name, **kwargs):
        try:
            paths.append(reverse(name, kwargs=kwargs or None))
        except NoReverseMatch:
            pass

    site_wide = ("site_rss", "site_atom", "site_json", "sitemap_index")
    for name in (*site_wide, "news_sitemap", "pages_sitemap"):
        add(f"feeds:{name}")
    for tag in _related(specific, "tags"):
        add("search:tag", slug=tag.slug)
        for kind in ("rss", "atom", "json"):
            add(f"feeds:tag_{kind}", slug=tag.slug)
    for person in getattr(specific, "byline", None) or []:
        slug = getattr(person, "slug", "")
        if slug:
            add("people:author", slug=slug)
            for kind in ("rss", "atom", "json"):
                add(f"feeds:author_{kind}", slug=slug)
    for parent in {p.slug: p for p in [page.get_parent(), *parents] if p}.values():
        add("feeds:section_sitemap", slug=parent.slug)
        for kind in ("rss", "atom", "json"):
            add(f"feeds:section_{kind}", slug=parent.slug)
    return paths


def _related(page, name: str) -> list:
    manager = getattr(page, name, None)
    return list(manager.all()) if manager is not None else []
