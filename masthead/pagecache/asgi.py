"""The page cache in front of Django: a hit is answered from the ASGI scope alone.

No Django request object, no middleware, no thread hop, no database: the lookup
reads two headers, computes the key, fetches the stored bytes and sends them. A
miss (or anything not cacheable) goes on to Django, whose middleware stores it.

Nothing here waits on the network on the event loop: the per-process store answers
first; the shared store (Redis) is asked in a thread with a short timeout, and not
at all for a few seconds after it failed to answer (``store``). A hit carries the
security headers Django's ``SecurityMiddleware`` adds to a miss
(``serve.with_security_headers``).
"""

from __future__ import annotations

import asyncio
import logging

from django.conf import settings

from masthead.operations.metrics import count_page_cache

from . import lookup, serve
from .lookup import cache_key_for_request
from .store import current_generation_async, fetch_page_async

logger = logging.getLogger("masthead.pagecache")


def _headers(scope) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    for name, value in scope.get("headers", ()):
        # Repeated headers (two Cookie lines) are joined as HTTP allows.
        headers[name] = headers[name] + b"; " + value if name in headers else value
    return headers


def _cookie_header(scope) -> str:
    return b"; ".join(
        value for name, value in scope.get("headers", ()) if name == b"cookie"
    ).decode("latin-1")


def _is_secure(scope, headers: dict[bytes, bytes]) -> bool:
    if scope.get("scheme") in ("https", "wss"):
        return True
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        return headers.get(name, b"").decode("latin-1") == proxy[1]
    return False


# A reader waiting for another request's render gives up after this and renders.
COALESCE_WAIT_SECONDS = 10.0


class PageCacheApp:
    """Answers hits; sends misses to Django, one render per page at a time.

    Right after a publish every page is a miss. When a story is being read by
    hundreds at that moment, the first request renders it and the others of this
    process wait for that render to be stored, then are answered from the cache:
    the spike costs one render per process, not one per reader.
    """

    def __init__(self, app):
        self.app = app
        self._rendering: dict[str, asyncio.Event] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        try:
            answered, key = await self._answer_from_cache(scope, send)
        except Exception:
            logger.exception("page cache (ASGI) lookup failed")
            answered, key = False, None
        if answered:
            return
        if key is None:  # not cacheable: straight to Django
            await self.app(scope, receive, send)
            return
        rendering = self._rendering.get(key)
        if rendering is None and (
            scope["method"] == "HEAD" or lookup.has_session(_cookie_header(scope))
        ):
            # A HEAD, or a render for a reader with a session, is never stored, so
            # others must not wait for it.
            await self.app(scope, receive, send)
            return
        if rendering is not None:
            try:
                await asyncio.wait_for(rendering.wait(), COALESCE_WAIT_SECONDS)
                answered, _ = await self._answer_from_cache(scope, send)
            except TimeoutError:  # a slow render: render ourselves
                answered = False
            except Exception:
                logger.exception("page cache (ASGI) lookup failed")
                answered = False
            if not answered:
                await self.app(scope, receive, send)
            return
        rendering = self._rendering[key] = asyncio.Event()
        try:
            await self.app(scope, receive, send)
        finally:
            del self._rendering[key]
            rendering.set()

    async def _answer_from_cache(self, scope, send) -> tuple[bool, str | None]:
        """(answered, cache key): the key is None when the request is not cacheable."""
        headers = _headers(scope)

        def header(name: bytes) -> str:
            return headers.get(name, b"").decode("latin-1")

        generation = await current_generation_async()
        if generation is None:
            return False, None  # the shared store is unreadable: Django decides
        key = cache_key_for_request(
            method=scope["method"],
            host=header(b"host"),
            path=scope["path"],
            query_string=scope.get("query_string", b"").decode("latin-1"),
            cookie_header=header(b"cookie"),
            has_authorization=b"authorization" in headers,
            is_secure=_is_secure(scope, headers),
            generation=generation,
        )
        if key is None:
            return False, None
        page = await fetch_page_async(key)
        count_page_cache(hit=page is not None)
        if page is None:
            return False, key
        status, response_headers, body = serve.respond_from_cache(
            page,
            method=scope["method"],
            accept_encoding=header(b"accept-encoding"),
            if_none_match=header(b"if-none-match"),
            if_modified_since=header(b"if-modified-since"),
        )
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": serve.with_security_headers(
                    response_headers, _is_secure(scope, headers)
                ),
            }
        )
        await send({"type": "http.response.body", "body": body})
        return True, key
