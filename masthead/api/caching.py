"""API answers through the page cache, purged with the pages.

The site's page cache (``pagecache``) answers before Django for anonymous
readers and cannot tell one API key from another, so ``/api/`` is one of its
uncached prefixes and the API stores its own answers in the same store, under the
same surrogate keys, from inside the view: the key and the rate limit are checked
on every request (``views``), and only then is the body taken from the cache.

An answer records what it shows while it is built (``pagecache.surrogates``):
each story's URL records ``page:<id>``, a story's own answer adds
``served:<id>``, and a list (no ``served:`` key) depends on ``latest``. Publishing
a story (a correction) purges exactly those keys after commit, so its answer and
every list are fresh on the next request, while another story's answer stays
stored. Site-wide changes (a section, a person, a photo, a tag) bump the site
generation, which is part of every key here as on pages.
"""

from __future__ import annotations

import json
import time

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from masthead.core.generation import current_generation
from masthead.pagecache import serve, surrogates
from masthead.pagecache.middleware import response_from_cache
from masthead.pagecache.store import fetch_page, store_page

CONTENT_TYPE = "application/json"
# Part of every key: raised when the shape of stored answers changes.
ENTRY_FORMAT = 1


def cache_key(request, query: str) -> str | None:
    """The answer's key, or None (not stored) when the page cache is off or the
    site generation cannot be read. ``query`` is the checked, canonical query,
    so equal requests share an entry and junk never reaches the cache."""
    from django.conf import settings

    if not settings.MASTHEAD_PAGE_CACHE:
        return None
    generation = current_generation()
    if generation is None:
        return None
    host = request.get_host().lower()
    return f"masthead:api{ENTRY_FORMAT}:{generation}:{host}:{request.path}?{query}"


def json_bytes(data) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def cached_json(request, *, query: str, build, served=()) -> HttpResponse:
    """The answer for this request: from the cache, or ``build()`` (a dict) made
    into JSON and stored with the surrogate keys it recorded. ``served`` names the
    page ids the answer is about (its ``served:`` keys)."""
    key = cache_key(request, query)
    if key is not None:
        page = fetch_page(key)
        if page is not None:
            return response_from_cache(request, page)
    rendered_at_ns = time.time_ns()
    token = surrogates.start_recording()
    try:
        surrogates.record(*(surrogates.served_key(pk) for pk in served))
        body = json_bytes(build())
    finally:
        keys = surrogates.stop_recording(token)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["X-Cache"] = "BYPASS"
    if key is not None and len(body) <= _max_bytes():
        page = serve.build_cached_page(
            status=200, headers=list(response.items()), body=body
        )
        if store_page(key, page, keys=keys, rendered_at_ns=rendered_at_ns):
            response["ETag"] = page.etag
            response["X-Cache"] = "MISS"
    return response


def _max_bytes() -> int:
    from django.conf import settings

    return settings.MASTHEAD_PAGE_CACHE_MAX_BYTES
