"""The page cache inside Django: serves hits and stores what may be shared.

Under ``masthead serve`` most hits are answered earlier, by ``pagecache.asgi``, before
Django builds a request at all; this middleware is what stores pages, and serves hits
under WSGI and in tests.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpResponse

from . import rules, serve, surrogates
from .lookup import cache_key_for_request, has_session
from .store import fetch_page, store_page

logger = logging.getLogger("masthead.pagecache")


def key_for(request) -> str | None:
    return cache_key_for_request(
        method=request.method,
        # HTTP/1.1 always sends Host; SERVER_NAME covers the test client.
        host=request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", ""),
        path=request.path,
        query_string=request.META.get("QUERY_STRING", ""),
        cookie_header=request.META.get("HTTP_COOKIE", ""),
        has_authorization="HTTP_AUTHORIZATION" in request.META,
        is_secure=request.is_secure(),
    )


def response_from_cache(request, page) -> HttpResponse:
    status, headers, body = serve.respond_from_cache(
        page,
        method=request.method,
        accept_encoding=request.META.get("HTTP_ACCEPT_ENCODING", ""),
        if_none_match=request.META.get("HTTP_IF_NONE_MATCH", ""),
        if_modified_since=request.META.get("HTTP_IF_MODIFIED_SINCE", ""),
    )
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name.decode("latin-1")] = value.decode("latin-1")
    return response


def try_to_store(
    request,
    response,
    key: str,
    *,
    keys=frozenset(),
    rendered_at_ns: int | None = None,
) -> None:
    """Store a shareable response with the surrogate ``keys`` it shows."""
    if request.method != "GET" or response.streaming:
        return  # a HEAD has no body to store; a GET will fill the entry
    if has_session(
        request.META.get("HTTP_COOKIE", "")
    ) or not rules.is_storable_response(
        status=response.status_code,
        cache_control=response.get("Cache-Control", ""),
        vary=response.get("Vary", ""),
        sets_cookie=bool(response.cookies),
        content_length=len(response.content),
        max_size=settings.MASTHEAD_PAGE_CACHE_MAX_BYTES,
    ):
        response["X-Cache"] = "BYPASS"
        return
    page = serve.build_cached_page(
        status=response.status_code,
        headers=list(response.items()),
        body=response.content,
    )
    if not store_page(key, page, keys=keys, rendered_at_ns=rendered_at_ns):
        response["X-Cache"] = "BYPASS"  # purged while it rendered: not stored
        return
    response["Cache-Control"] = serve.public_cache_control()
    response["ETag"] = page.etag
    response["X-Cache"] = "MISS"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = key_for(request)
        except Exception:
            logger.exception("page cache lookup failed")
            key = None
        if key is None:
            return self.get_response(request)
        page = fetch_page(key)
        if page is not None:
            return response_from_cache(request, page)
        rendered_at_ns = time.time_ns()
        token = surrogates.start_recording()
        try:
            response = self.get_response(request)
        finally:
            keys = surrogates.stop_recording(token)
        try:
            try_to_store(
                request, response, key, keys=keys, rendered_at_ns=rendered_at_ns
            )
        except Exception:
            logger.exception("page cache store failed")
        return response
