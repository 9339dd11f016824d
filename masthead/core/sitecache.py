"""Site-wide rows every request needs, remembered per process until they change.

Each public page needs the Site for its host (with its front page and, to route,
its sections), Wagtail's site root paths, the newsroom settings and the list of
view restrictions. Only editors change them, and every such change bumps the site
generation (``core.generation``; ``pagecache.signal_handlers`` purges). Remembering
them per generation took seven queries and a Redis read off every cold article
render. The generation is re-read at most every
``MASTHEAD_PAGE_CACHE_GENERATION_TTL`` seconds, so another process sees a change
exactly as late as it sees a purge. When the
generation can't be read (Redis down) nothing is remembered: every call builds.

The remembered objects are shared by the requests of one process: read them, never
change them.
"""

from __future__ import annotations

import threading
import time

from django.db.models import Q
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site

from .generation import current_generation

MAX_ENTRIES = 256  # hosts are bounded by ALLOWED_HOSTS; this bounds "*" too

_values: dict = {}
_generation: list = [None]
_lock = threading.Lock()


def remember(key, build):
    """``build()``'s value, built once per site generation in this process."""
    generation = current_generation()
    if generation is None:
        return build()
    with _lock:
        if _generation[0] != generation:
            _values.clear()
            _generation[0] = generation
        if key in _values:
            return _values[key]
    value = build()
    with _lock:
        if _generation[0] == generation:
            if len(_values) >= MAX_ENTRIES:
                _values.clear()
            _values[key] = value
    return value


def forget_all() -> None:
    with _lock:
        _values.clear()
        _generation[0] = None


def site_for_request(request) -> Site | None:
    """Wagtail's site for this request's host, its front page already specific."""
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()

    def build():
        site = Site._find_for_request(request)  # Wagtail's own matching rules
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    return remember(("site", hostname, port), build)


def site_by_id(site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    return remember(
        ("site-id", site_id), lambda: Site.objects.filter(pk=site_id).first()
    )


def view_restrictions() -> list[PageViewRestriction]:
    """Every view restriction of every site, with its page (usually none at all)."""
    return remember(
        ("restrictions",),
        lambda: list(PageViewRestriction.objects.select_related("page")),
    )


class RememberedRestrictionsMixin:
    """For page models: Wagtail checks ``get_view_restrictions()`` before serving
    every page (two queries). When the site has no restriction at all (the usual
    case) the answer is an empty queryset that runs no query; otherwise Wagtail's
    own lookup (it knows about aliases)."""

    def get_view_restrictions(self):
        if view_restrictions():
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


def private_q(queryset) -> Q:
    """Wagtail's ``PageQuerySet.private_q`` from the remembered restrictions."""
    q = Q()
    for restriction in view_restrictions():
        q |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return q if q else Q(pk__in=[])


def public(queryset):
    """``queryset.public()`` without its query for the restriction list (and
    without an always-false ``NOT IN ()`` clause when nothing is restricted)."""
    if not view_restrictions():
        return queryset
    return queryset.exclude(private_q(queryset))


def generation_cache_key(key: str, key_prefix: str, version) -> str:
    """``KEY_FUNCTION`` for process-local caches of shared rows (renditions): the
    site generation is part of every key, so an edit in any process (which bumps
    it) makes this process's old entries unreachable. Without a readable
    generation nothing is found again."""
    generation = current_generation()
    if generation is None:
        generation = f"none-{time.time_ns()}"
    return f"{key_prefix}:{version}:{generation}:{key}"


class RememberedSiteMiddleware:
    """Puts the remembered Site, site root paths and newsroom settings on the
    request, where Wagtail's ``Site.find_for_request``, page URLs and ``settings``
    context processor look first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = site_for_request(request)
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = remember(
            ("root-paths",), Site.get_site_root_paths
        )
        if site is not None:
            from .models import NewsroomSettings

            setattr(
                request,
                NewsroomSettings.get_cache_attr_name(),
                remember(
                    ("settings", site.pk), lambda: NewsroomSettings.for_site(site)
                ),
            )
        return self.get_response(request)
