"""Live chat on the production profile: PostgreSQL, Redis and ``masthead serve``.

Issue 13: in production every chat socket closed after 5 s (redis-py's default
socket timeout cut channels-redis's blocking reads). The in-memory layer of the
other chat tests cannot show that, so this test starts the real server as a
subprocess against the test database and the real Redis: the reader's page on
``masthead serve --workers 2`` and the staff member's admin on a second
``masthead serve`` process, so each side's socket lives in a different process
and every line crosses Redis. They exchange lines for over 30 s, with idle gaps
longer than 5 s, and neither page may open a second socket.

Runs when REDIS_URL is set (CI's PostgreSQL + Redis pass); with
MASTHEAD_REQUIRE_SERVICES=1 a missing Redis or PostgreSQL fails it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

from masthead.contact.models import Conversation
from masthead.contact.tests.helpers import find_free_port
from tests.browser.test_contact import open_box
from tests.factories import PASSWORD, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5
IDLE_SECONDS = 9  # longer than the 5 s that used to kill an idle socket


def require_production_profile():
    """Skip on the embedded profile, fail when the services were required."""
    from django.db import connection

    required = bool(os.environ.get("MASTHEAD_REQUIRE_SERVICES"))
    missing = []
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        missing.append("the database is not PostgreSQL")
    if missing:
        reason = "chat on the production profile needs " + " and ".join(missing)
        if required:
            pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2).ping()


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def server_env(static_root) -> dict:
    environment = dict(os.environ)
    environment.update(
        # The test settings only change speed knobs (the password hasher the
        # test's users were made with); the backends are the production ones.
        DJANGO_SETTINGS_MODULE="masthead.settings.test",
        DATABASE_URL=database_url(),
        SECRET_KEY=django_settings.SECRET_KEY,
        MASTHEAD_STATIC_ROOT=str(static_root),
        PYTHONUNBUFFERED="1",
    )
    environment.pop("MASTHEAD_ENV", None)
    return environment


def masthead(*args) -> list[str]:
    return [sys.executable, "-m", "masthead.cli", *args]


def wait_until_serving(url: str, process, log_path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the server exited ({process.returncode}) on {database_url()}:\n"
                + log_path.read_text()[-3000:]
            )
        try:
            with urllib.request.urlopen(url + "/contact/state/", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


class Servers:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = []
        self.logs = []

    def start(self, workers: int, static_root) -> str:
        port = find_free_port()
        log_path = self.tmp_path / f"serve-{port}.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            masthead("serve", "--port", str(port), "--workers", str(workers)),
            env=server_env(static_root),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((process, log))
        self.logs.append(log_path)
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, process, log_path)
        return url

    def log_text(self) -> str:
        return "\n".join(path.read_text() for path in self.logs)

    def stop(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, log in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            log.close()


@pytest.fixture
def servers(page_root, home_page, tmp_path):
    require_production_profile()
    static_root = tmp_path / "static"
    subprocess.run(
        masthead("manage", "collectstatic", "--noinput", "--verbosity=0"),
        env=server_env(static_root),
        check=True,
        timeout=300,
    )
    running = Servers(tmp_path)
    running.static_root = static_root
    try:
        yield running
    finally:
        # Before the test database is flushed: the servers hold connections to it.
        running.stop()


def test_reader_and_staff_on_different_processes_chat_for_30_seconds_on_redis(
    servers, new_page, screenshot
):
    reader_url = servers.start(2, servers.static_root)
    staff_url = servers.start(1, servers.static_root)
    staff = make_staff(answer=True)

    admin = new_page()
    admin.goto(staff_url + "/admin/login/")
    admin.locator("#id_username").fill(staff.username)
    admin.locator("#id_password").fill(PASSWORD)
    with admin.expect_response("**/admin/contact/heartbeat/"):
        admin.locator("#id_password").press("Enter")

    reader = new_page(width=1280, height=800)
    reader_sockets, staff_sockets, closed = [], [], []
    reader.on("websocket", lambda socket: reader_sockets.append(socket))
    admin.on("websocket", lambda socket: staff_sockets.append(socket))
    reader.goto(reader_url + "/")
    box = open_box(reader)
    box.get_by_text("We're here right now.").wait_for()
    box.locator("#cb-chat-name").fill("Ada Reader")
    box.locator("#cb-chat-first").fill("Round 0 from the reader")
    box.get_by_role("button", name="Start chat").click()
    box.locator(".contact-chat__line--reader", has_text="Round 0").wait_for()

    conversation = Conversation.objects.get()
    admin.goto(f"{staff_url}/admin/contact/{conversation.pk}/chat/")
    admin.get_by_text("Connected.").wait_for()
    admin.locator(".contact-chat__line--reader", has_text="Round 0").wait_for()
    for socket in reader_sockets + staff_sockets:
        socket.on("close", lambda socket: closed.append(socket.url))

    started = time.monotonic()
    for n in range(ROUNDS):
        if n:
            box.locator("#cb-chat-input").fill(f"Round {n} from the reader")
            box.locator("#cb-chat-input").press("Enter")
            admin.locator(
                ".contact-chat__line--reader", has_text=f"Round {n} from"
            ).wait_for(timeout=5_000)
        admin.get_by_label("Your answer").fill(f"Round {n} from the newsroom")
        admin.get_by_label("Your answer").press("Enter")
        box.locator(".contact-chat__line--staff", has_text=f"Round {n} from").wait_for(
            timeout=5_000
        )
        if n < ROUNDS - 1:
            # Both sockets sit idle (pings aside) longer than the old timeout.
            reader.wait_for_timeout(IDLE_SECONDS * 1000)
    elapsed = time.monotonic() - started

    screenshot(reader, "chat-production-reader", full_page=False)
    screenshot(admin, "chat-production-staff", full_page=False)
    assert elapsed >= 30
    assert len(reader_sockets) == 1, [s.url for s in reader_sockets]
    assert len(staff_sockets) == 1, [s.url for s in staff_sockets]
    assert closed == []
    assert (
        box.locator("[data-chat-status]").inner_text()
        == "You're chatting with the newsroom."
    )
    assert admin.get_by_text("Connected. The reader sees what you send.").is_visible()
    assert [line.author for line in conversation.lines.all()] == [
        "reader",
        "staff",
    ] * ROUNDS
    log = servers.log_text()
    assert "TimeoutError" not in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
