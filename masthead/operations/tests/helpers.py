"""Real stand-ins for the fault tests: worker processes, a stalling mail server, a
throwaway PostgreSQL cluster."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from masthead.contact.tests.helpers import find_free_port

REPO = Path(__file__).resolve().parents[3]


def require_postgresql(connection) -> None:
    """Fault tests need PostgreSQL: fail (never skip) in the CI pass that promises
    it, skip with the reason on the embedded SQLite pass."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("MASTHEAD_REQUIRE_SERVICES"):
        pytest.fail("MASTHEAD_REQUIRE_SERVICES=1 but the database is not PostgreSQL")
    pytest.skip("needs PostgreSQL (another process must see the test database)")


def database_url(settings_dict: dict, *, name: str | None = None) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name or settings_dict['NAME']}"


def masthead_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for a ``masthead`` child process, with its own data dir."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "PYTEST_", "DJANGO_"))
        and key not in {"DATABASE_URL", "EMAIL_URL", "SECRET_KEY"}
    }
    environment.update(
        MASTHEAD_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return environment


def start_masthead(args: list[str], environment: dict, log: Path) -> subprocess.Popen:
    handle = open(log, "ab")
    return subprocess.Popen(
        [sys.executable, "-m", "masthead.cli", *args],
        env=environment,
        stdout=handle,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )


def wait_until(condition, *, timeout: float, every: float = 0.2, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(10)


class StallingHandler:
    """Collects messages, but holds the first ``stall`` DATA commands without an
    answer (a mail server that hangs) and never records those."""

    def __init__(self, stall: int = 1, hold_seconds: float = 30):
        self.messages: list[bytes] = []
        self.stalled: list[bytes] = []
        self.stall = stall
        self.hold_seconds = hold_seconds
        self.stalling = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if len(self.stalled) < self.stall:
            self.stalled.append(envelope.content)
            self.stalling.set()
            await asyncio.sleep(self.hold_seconds)
            return "451 try again later"
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


class StallingSMTP:
    def __init__(self, **handler_options):
        self.port = find_free_port()
        self.handler = StallingHandler(**handler_options)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=20"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def postgresql_binaries() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    pytest.fail("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")


class ThrowawayPostgreSQL:
    """A PostgreSQL cluster of its own in a temporary folder, on a free port, that a
    test may stop and start (the shared server on 5432 is never touched)."""

    def __init__(self):
        self.bin = postgresql_binaries()
        # Not under pytest's tmp_path: its parents are private to the user running
        # the tests, and the server runs as "postgres" when that user is root.
        self.folder = Path(tempfile.mkdtemp(prefix="masthead-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder / "socket"
        self.port = find_free_port()
        self.as_postgres = (
            ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        )

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_postgres, *command],
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def init(self) -> None:
        self.socket_dir.mkdir(exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=40"
        )
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            mode,
            "-w",
            "stop",
            check=False,
        )

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> None:
        self.run(
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            f"CREATE DATABASE {name}",
        )


def terminate(process: subprocess.Popen, timeout: float = 30) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout)
