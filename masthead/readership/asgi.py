"""Counts the pages sent to readers, hits from the page cache included.

Wraps the HTTP application: it watches the response start go by and, for a page
(a GET answered 200 with HTML, outside the admin, accounts and other uncached
paths), adds one to a counter in memory. The database is written by a thread
every few seconds (``flushing``), never on the request's path.
"""

from __future__ import annotations

import logging

from django.conf import settings

from . import counting, flushing

logger = logging.getLogger("masthead.readership")


def _request_headers(scope) -> tuple[str, str, str, bytes]:
    """(user agent, referer, host, accept-or-purpose flags) in one pass."""
    agent = referer = host = ""
    accept = b""
    for name, value in scope.get("headers", ()):
        if name == b"user-agent":
            agent = value.decode("latin-1")
        elif name == b"referer":
            referer = value.decode("latin-1")
        elif name == b"host":
            host = value.decode("latin-1")
        elif name == b"accept":
            accept = value
        elif name in (b"sec-purpose", b"purpose") and b"prefetch" in value:
            return "", "", "", b"prefetch"  # link prefetches are not reads
    return agent, referer, host, accept


def _is_page(message, accept: bytes) -> bool:
    status = message.get("status")
    if status == 304:
        # A reader's browser re-reading the page it keeps: still a view. A 304
        # names no type, so the request says whether a page was asked for.
        return b"text/html" in accept
    if status != 200:
        return False
    for name, value in message.get("headers", ()):
        if name.lower() == b"content-type":
            return value.startswith(b"text/html")
    return False


class CountingApp:
    def __init__(self, app):
        self.app = app
        self.enabled = settings.MASTHEAD_COUNT_VIEWS
        # Not pages: the admin, accounts and other uncached paths, and fragments
        # that pages fetch.
        self.skipped = (
            *settings.MASTHEAD_UNCACHED_PREFIXES,
            settings.MASTHEAD_FRAGMENTS_PREFIX,
        )

    async def __call__(self, scope, receive, send):
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(self.skipped)
        ):
            await self.app(scope, receive, send)
            return
        agent, referer, host, accept = _request_headers(scope)
        if accept == b"prefetch":
            await self.app(scope, receive, send)
            return

        async def send_and_count(message):
            if message["type"] == "http.response.start" and _is_page(message, accept):
                try:
                    client = scope.get("client") or ("", 0)
                    counting.count_view(
                        path=scope["path"],
                        user_agent=agent,
                        referer=referer,
                        host=host,
                        client=client[0] or "",
                    )
                    flushing.ensure_started()
                except Exception:  # counting never breaks a page
                    logger.exception("page view not counted")
            await send(message)

        await self.app(scope, receive, send_and_count)
