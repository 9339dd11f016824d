"""Purging: after an editor's change commits, readers get fresh pages."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .store import bump_generation

logger = logging.getLogger("masthead.pagecache")


def purge_site_cache(*, reason: str, urls: list[str] | None = None) -> None:
    """Purge every cached page now, and again once the transaction commits.

    Locally the whole site generation is bumped (a new story changes the front
    page, its section, every "latest" list...). The second bump, after commit,
    drops anything another reader's request cached from the old data while the
    transaction was still open. A CDN or reverse proxy configured through
    ``wagtail.contrib.frontend_cache`` is sent the given URLs after commit.
    """
    bump_generation()

    def purge_after_commit() -> None:
        bump_generation()
        logger.info("page cache purged: %s", reason)
        if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
            purge_frontend_urls(urls)

    transaction.on_commit(purge_after_commit)


def purge_frontend_urls(urls: list[str]) -> None:
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(sorted(set(urls)))
    except Exception:
        logger.exception("frontend cache purge failed")


def urls_showing_page(page) -> list[str]:
    """Full URLs a change to ``page`` shows on: itself, its ancestors (front page,
    section), and the site's feeds and sitemaps."""
    urls = []
    for item in [page, *page.get_ancestors().filter(depth__gt=1)]:
        url = item.get_full_url()
        if url:
            urls.append(url)
    site = page.get_site()
    if site is not None:
        root = site.root_url.rstrip("/")
        urls += [f"{root}{path}" for path in settings.MASTHEAD_SITEWIDE_PATHS]
    return urls
