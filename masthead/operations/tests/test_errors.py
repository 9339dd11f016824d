"""Errors reach Sentry when SENTRY_DSN is set (a local stand-in, no network)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SentryStandIn(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        SentryStandIn.received.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_errors_are_sent_to_sentry_when_sentry_dsn_is_set(tmp_path):
    """In a child process: sentry-sdk patches Django for the life of the process."""
    from .helpers import masthead_env, start_masthead

    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    code = (
        "import sentry_sdk\n"
        "sentry_sdk.capture_exception(RuntimeError('a fault for Sentry'))\n"
        "sentry_sdk.flush(timeout=5)\n"
    )
    try:
        port = server.server_address[1]
        environment = masthead_env(
            tmp_path, SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42"
        )
        process = start_masthead(
            ["manage", "shell", "-c", code], environment, tmp_path / "shell.log"
        )
        assert process.wait(120) == 0, (tmp_path / "shell.log").read_text()
    finally:
        server.shutdown()
    assert any(path.startswith("/api/42/") for path in SentryStandIn.received)


def test_without_sentry_errors_are_mailed_to_the_admins(rf, settings, mailoutbox):
    import logging

    settings.ADMINS = [("", "ops@courier.example")]
    settings.DEBUG = False
    request = rf.get("/world/a-story/")
    try:
        raise RuntimeError("a fault for the admins")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    assert [message.to for message in mailoutbox] == [["ops@courier.example"]]
    assert "RuntimeError" in mailoutbox[0].body


def test_a_database_outage_is_not_mailed_to_the_admins(rf, settings, mailoutbox):
    import logging

    from django.db.utils import OperationalError

    settings.ADMINS = [("", "ops@courier.example")]
    settings.DEBUG = False
    request = rf.get("/world/a-story/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    assert mailoutbox == []
