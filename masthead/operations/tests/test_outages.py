"""Requests during a real PostgreSQL outage (a cluster of the test's own, stopped
and started under a running app process): a quick 503 with Retry-After, and the
first request after the restart succeeds."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from .helpers import ThrowawayPostgreSQL, masthead_env, require_postgresql

# A long-lived app process reading paths on stdin and answering "status
# retry-after seconds" lines. Static files come from the app folders, so the test
# needs no collectstatic.
APP = """
import sys, time
from django.conf import settings
from django.db import close_old_connections
from django.test import Client, override_settings

static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    for line in sys.stdin:
        started = time.monotonic()
        response = client.get(line.strip())
        # What a server's request_finished does (the test client skips it).
        close_old_connections()
        took = time.monotonic() - started
        retry = response.get("Retry-After", "-")
        print("answer", response.status_code, retry, round(took, 2), flush=True)
"""


class AppProcess:
    def __init__(self, environment: dict, log):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "masthead.cli", "manage", "shell", "-c", APP],
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )

    def get(self, path: str) -> tuple[int, str, float]:
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        while True:
            line = self.process.stdout.readline()
            assert line, "the app process ended"
            if line.startswith("answer "):
                break
        status, retry, took = line.split()[1:]
        return int(status), retry, float(took)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(30)


@pytest.mark.django_db
def test_a_database_outage_is_a_quick_503_and_recovery_is_immediate(tmp_path):
    require_postgresql(connection)
    server = ThrowawayPostgreSQL()
    server.init()
    server.start()
    try:
        server.create_database("masthead")
        environment = masthead_env(tmp_path, DATABASE_URL=server.url("masthead"))
        migrate = subprocess.run(
            [sys.executable, "-m", "masthead.cli", "migrate"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert migrate.returncode == 0, migrate.stderr
        with open(tmp_path / "app.log", "w") as log:
            app = AppProcess(environment, log)
            try:
                assert app.get("/search/?q=council")[0] == 200
                server.stop()
                # Another query: results already found are kept for a minute
                # (search/services.py) and may still be answered.
                status, retry, took = app.get("/search/?q=harbour")
                assert (status, retry) == (503, "10")
                assert took < 8  # the pool's timeout (3 s) plus a little
                server.start()
                assert app.get("/search/?q=council")[0] == 200
            finally:
                app.close()
        log = (tmp_path / "app.log").read_text()
        assert "Traceback" not in log, log
    finally:
        server.remove()
