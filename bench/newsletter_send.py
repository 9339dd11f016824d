"""A newsletter issue to 50,000 subscribers, with the worker killed mid-send
(issue 19: queued in < 1 min; sent at the configured rate; 0 duplicates, 0 lost).

    python bench/newsletter_send.py [--subscribers 50000] [--rate 60000]
        [--kill-at 0.4] [--database postgres://postgres@127.0.0.1:5432/mh_letters]

Subscribers are written in bulk, the issue is queued through
``sending.queue_issue`` (timed), and a real ``masthead worker`` process
(``manage.py run_worker``, the production code path) sends it to a local aiosmtpd
sink in this process. When the sink has received ``--kill-at`` of the issue the
worker gets SIGKILL; a second worker is started and the bench waits until the
issue is marked sent. Then it counts what the sink received: every message, the
distinct Message-IDs (one per delivery) and the recipients, against the
subscribers. Duplicates = received − distinct; lost = subscribers − distinct.

A short claim timeout and worker lease (seconds) let the second worker take over
quickly; production keeps the defaults (minutes). The database must be a
PostgreSQL (or SQLite) database the bench may write to; it is migrated first and
the bench's own rows (addresses at bench.example) are replaced on each run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOMAIN = "bench.example"


class Sink:
    """aiosmtpd counting Message-IDs and recipients as they arrive."""

    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids: Counter[str] = Counter()
        self.recipients: Counter[str] = Counter()
        self.received = 0
        self.first_at: float | None = None

    async def handle_DATA(self, server, session, envelope):
        head = envelope.content.split(b"\r\n\r\n", 1)[0]
        message_id = ""
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
                break
        with self.lock:
            if self.first_at is None:
                self.first_at = time.perf_counter()
            self.received += 1
            self.message_ids[message_id] += 1
            for rcpt in envelope.rcpt_tos:
                self.recipients[rcpt.lower()] += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django(database: str, data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings.base"
    os.environ["DATABASE_URL"] = database
    os.environ["MASTHEAD_DATA_DIR"] = data_dir
    os.environ.pop("REDIS_URL", None)
    import logging

    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd, per line


def make_subscribers(count: int, newsletter) -> float:
    from django.db import connection
    from django.utils import timezone

    from masthead.newsletters.models import Issue, Subscriber, Subscription

    Issue.objects.filter(newsletter=newsletter).delete()
    Subscriber.objects.filter(email_key__endswith="@" + DOMAIN).delete()
    start = time.perf_counter()
    now = timezone.now()
    batch = 5000
    for first in range(0, count, batch):
        rows = [
            Subscriber(
                email=f"reader{n}@{DOMAIN}",
                email_key=f"reader{n}@{DOMAIN}",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for n in range(first, min(first + batch, count))
        ]
        made = Subscriber.objects.bulk_create(rows)
        if made and made[0].pk is None:  # SQLite before RETURNING: look them up
            made = list(
                Subscriber.objects.filter(email_key__in=[r.email_key for r in rows])
            )
        Subscription.objects.bulk_create(
            [Subscription(subscriber=s, newsletter=newsletter) for s in made]
        )
    connection.close()
    return time.perf_counter() - start


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "run_worker",
            "--no-periodic",
            "--interval",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def issue_status(issue_id: int) -> str:
    from django.db import connection

    from masthead.newsletters.models import Issue

    status = Issue.objects.filter(pk=issue_id).values_list("status", flat=True).get()
    connection.close()
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--rate", type=int, default=60_000, help="messages/minute")
    parser.add_argument("--kill-at", type=float, default=0.4)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mh_letters"
        ),
    )
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="newsletter-bench-")
    setup_django(args.database, data_dir)
    from aiosmtpd.controller import Controller
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from masthead.newsletters.models import Delivery, Issue, NewsletterList
    from masthead.newsletters.services.sending import queue_issue

    newsletter, _ = NewsletterList.objects.get_or_create(
        slug="bench-daily", defaults={"name": "Bench daily"}
    )
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__startswith="masthead.newsletters").delete()

    n = args.subscribers
    print(f"subscribers: {n:,} written in {make_subscribers(n, newsletter):.1f} s")
    issue = Issue.objects.create(newsletter=newsletter, subject="Bench issue")

    start = time.perf_counter()
    queued = queue_issue(issue_id=issue.pk)
    queue_seconds = time.perf_counter() - start
    print(f"queued: {queued:,} deliveries in {queue_seconds:.1f} s (target < 60 s)")

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "MASTHEAD_NEWSLETTER_RATE": str(args.rate),
        "MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT": "5",
        "MASTHEAD_WORKER_LEASE_SECONDS": "3",
        "MASTHEAD_WORKER_HEARTBEAT_SECONDS": "1",
        "PYTHONPATH": str(ROOT),
    }
    log = Path(data_dir) / "worker.log"
    send_start = time.perf_counter()
    worker = start_worker(env, log)
    kill_at = int(n * args.kill_at)
    deadline = time.monotonic() + args.timeout
    while sink.received < kill_at:
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            sys.exit(f"worker stopped early or timed out; see {log}")
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_after = sink.received
    steady = killed_after / (time.perf_counter() - (sink.first_at or send_start)) * 60
    from django.db import connection

    marked = Delivery.objects.filter(issue=issue, status="sent").count()
    connection.close()
    print(
        f"SIGKILL: worker killed after {killed_after:,} messages arrived "
        f"({marked:,} marked sent in the database); {steady:,.0f}/min until then"
    )

    worker = start_worker(env, log)
    try:
        while issue_status(issue.pk) != Issue.Status.SENT:
            if worker.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"second worker stopped early or timed out; see {log}")
            time.sleep(0.2)
    finally:
        if worker.poll() is None and issue_status(issue.pk) != Issue.Status.SENT:
            worker.kill()  # never leave a worker behind
    send_seconds = time.perf_counter() - send_start
    os.kill(worker.pid, signal.SIGTERM)
    worker.wait(timeout=60)
    time.sleep(0.2)
    controller.stop()

    distinct = len([m for m in sink.message_ids if m])
    duplicates = sink.received - distinct
    expected = {f"reader{i}@{DOMAIN}" for i in range(n)}
    lost = len(expected - set(sink.recipients))
    repeated = sum(1 for c in sink.recipients.values() if c > 1)
    counts = Counter(
        Delivery.objects.filter(issue=issue).values_list("status", flat=True)
    )
    print(
        f"sent: {sink.received:,} messages in {send_seconds:.1f} s including the "
        f"crash and takeover ({sink.received / send_seconds * 60:,.0f}/min; "
        f"configured {args.rate:,}/min)"
    )
    print(f"distinct Message-IDs: {distinct:,}; recipients mailed twice: {repeated}")
    print(f"duplicates: {duplicates}   lost: {lost}")
    print(f"delivery rows: {dict(counts)}")
    if duplicates or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
