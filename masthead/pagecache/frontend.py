"""Asking the CDN or proxy in front of the site to drop URLs (Wagtail's
``frontend_cache``): the one call both the purge and its retrying task make."""

from __future__ import annotations

from django.apps import apps


def purge_frontend_urls(urls: list[str]) -> None:
    """Ask the CDN to drop ``urls``. Raises when it fails (the task retries)."""
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(sorted(set(urls)))
