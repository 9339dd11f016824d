"""A real worker process killed with SIGKILL in the middle of an issue, then a
second one: every subscriber gets the issue, and nobody gets it twice (but for
the one message SMTP may repeat, see services/sending.py; it carries the same
Message-ID, so the count of distinct Message-IDs is exact)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from masthead.contact.tests.helpers import LocalSMTP
from masthead.newsletters.models import (
    Issue,
    NewsletterList,
    Subscriber,
    Subscription,
)
from masthead.newsletters.services.sending import queue_issue

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
COUNT = 300


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def wait_until(predicate, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "django", "run_worker", "--no-periodic"]
        + ["--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_mid_send_loses_and_repeats_nobody(tmp_path):
    newsletter, _ = NewsletterList.objects.get_or_create(
        slug="daily", defaults={"name": "Daily"}
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"r{n}@example.org",
            email_key=f"r{n}@example.org",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        for n in range(COUNT)
    )
    if subscribers[0].pk is None:
        subscribers = list(Subscriber.objects.all())
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, newsletter=newsletter) for s in subscribers
    )
    issue = Issue.objects.create(newsletter=newsletter, subject="Crash test")
    assert queue_issue(issue_id=issue.pk) == COUNT

    smtp = LocalSMTP()
    smtp.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings.base",
        "DATABASE_URL": database_url(),
        "MASTHEAD_DATA_DIR": str(settings.DATA_DIR),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "MASTHEAD_NEWSLETTER_RATE": "3000",
        "MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT": "2",
        "MASTHEAD_WORKER_LEASE_SECONDS": "2",
        "MASTHEAD_WORKER_HEARTBEAT_SECONDS": "1",
        "MASTHEAD_NEWSLETTER_SUPPRESSION_FILE": str(tmp_path / "suppressed.log"),
        "PYTHONPATH": str(ROOT),
    }
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_until(lambda: len(smtp.messages) >= COUNT // 3, "the first messages")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        assert len(smtp.messages) < COUNT, "the worker finished before the kill"

        worker = start_worker(env, log)
        wait_until(
            lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT,
            "the second worker to finish",
        )
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        smtp.stop()

    ids = Counter(m["Message-ID"] for m in smtp.messages)
    recipients = {m["To"] for m in smtp.messages}
    assert len(ids) == COUNT, log.read_text()[-2000:]
    assert recipients == {f"r{n}@example.org" for n in range(COUNT)}
    # At-least-once: only the message in flight at the kill can repeat.
    assert len(smtp.messages) - len(ids) <= 1
