"""A real local HTTP server for fetch and feed tests (the outside world, on 127.0.0.1).

Routes map a path to ``(status, headers, body)``; a callable body is called with
the handler (to stream slowly or send a huge page). The test that uses it allows
127.0.0.1 through the SSRF allow-list; nothing else does.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, headers, body = route
        if callable(body):
            body(self)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self):
        handler = type("Handler", (_Handler,), {"routes": {}, "hits": []})
        self.handler = handler
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body, *, status: int = 200, headers=None) -> str:
        self.handler.routes[path] = (status, headers or {}, body)
        return self.url(path)

    def serve_slowly(self, path: str, *, delay: float) -> str:
        def slow(handler):
            time.sleep(delay)
            try:
                handler.send_response(200)
                handler.end_headers()
                handler.wfile.write(b"<rss></rss>")
            except OSError:
                pass  # the client gave up, as it should

        return self.serve(path, slow)

    @property
    def hits(self) -> list:
        return self.handler.hits

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_server():
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def allow_local(settings):
    """Allow 127.0.0.1 through the SSRF guard, for this test only."""
    settings.MASTHEAD_INGEST_ALLOWED_HOSTS = ["127.0.0.1"]
    return settings
