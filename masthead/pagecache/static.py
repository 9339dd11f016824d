"""Static files answered in the event loop, before Django (issue 14).

A reader's page view is the page and a dozen stylesheets, scripts and icons. The
page is answered from the page cache without Django; the static files went on to
Django (through the thread pool, every middleware, then WhiteNoise), so they cost
most of a view. This app asks the same WhiteNoise index (the collected files,
their compressed variants, ETags and cache headers: ``WhiteNoiseMiddleware``'s own
settings) and sends the answer itself, with the security headers a response from
Django would carry. A file WhiteNoise does not know goes on to Django unchanged
(in development and tests, Django's static handler serves the app folders).

Files are read once and kept in memory (they are small and few); a large one is
read in a thread, so a read never holds up the loop.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

from . import serve
from .asgi import _headers, _is_secure

logger = logging.getLogger("masthead.pagecache")

# Files up to this size are kept in memory after their first read.
KEEP_IN_MEMORY_BYTES = 512 * 1024
# What WhiteNoise reads of a request, by its WSGI name.
_REQUEST_HEADERS = {
    b"if-none-match": "HTTP_IF_NONE_MATCH",
    b"if-modified-since": "HTTP_IF_MODIFIED_SINCE",
    b"accept-encoding": "HTTP_ACCEPT_ENCODING",
    b"range": "HTTP_RANGE",
}


class StaticFilesApp:
    def __init__(self, app):
        self.app = app
        self.prefix = urlsplit(settings.STATIC_URL or "/static/").path
        # Indexes the collected files now (a directory walk; no database, no
        # Redis), as the Django middleware does when it is built.
        self.whitenoise = WhiteNoiseMiddleware(get_response=None)
        self._kept: dict[str, bytes] = {}

    def find(self, path: str):
        if self.whitenoise.autorefresh:
            return self.whitenoise.find_file(path)
        return self.whitenoise.files.get(path)

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        try:
            static_file = self.find(scope["path"])
        except (OSError, ValueError):  # a path WhiteNoise refuses: Django decides
            static_file = None
        if static_file is None:
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        environ = {
            wsgi_name: headers[name].decode("latin-1")
            for name, wsgi_name in _REQUEST_HEADERS.items()
            if name in headers
        }
        response = static_file.get_response(scope["method"], environ)
        body = await self._read(response.file)
        wire = [
            (name.lower().encode("latin-1"), str(value).encode("latin-1"))
            for name, value in response.headers
        ]
        own = {name for name, _ in wire}
        wire += [
            header
            for header in serve.security_headers(_is_secure(scope, headers))
            if header[0] not in own
        ]
        await send(
            {
                "type": "http.response.start",
                "status": int(response.status),
                "headers": wire,
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _read(self, file) -> bytes:
        """The file's bytes (b"" for a HEAD or a 304), closing the file."""
        if file is None:
            return b""
        name = getattr(file, "name", None)
        # A range request gets a slice; in development files change under us.
        whole = isinstance(name, str) and not self.whitenoise.autorefresh
        if whole and name in self._kept:
            file.close()
            return self._kept[name]
        try:
            body = await asyncio.to_thread(file.read)
        finally:
            file.close()
        if whole and len(body) <= KEEP_IN_MEMORY_BYTES:
            self._kept[name] = body
        return body
