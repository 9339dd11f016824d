"""Fault tests: a worker killed mid-send, and PostgreSQL restarting under a running
worker. Real processes, a real (stalling) mail server and, for the restart, a
PostgreSQL cluster of the test's own."""

from __future__ import annotations

import email

import pytest
from django.db import connection

from .helpers import (
    StallingSMTP,
    ThrowawayPostgreSQL,
    database_url,
    masthead_env,
    require_postgresql,
    start_masthead,
    stop,
    terminate,
    wait_until,
)

WORKER = ["manage", "run_worker", "--no-periodic", "--interval=0.2"]
FAST_LEASE = {
    "MASTHEAD_WORKER_LEASE_SECONDS": "3",
    "MASTHEAD_WORKER_HEARTBEAT_SECONDS": "1",
}


def queue_email(to: str = "desk@courier.example"):
    from masthead.contact.models import Conversation
    from masthead.contact.services.outbox import queue_contact_email

    conversation = Conversation.objects.create(name="A reader", email="r@example.org")
    return queue_contact_email(
        conversation=conversation,
        purpose="to_newsroom",
        to=to,
        subject="A tip",
        body="Look at the council minutes.",
    )


def message_id(raw: bytes) -> str:
    return email.message_from_bytes(raw)["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_worker_was_killed_mid_send_is_delivered_once_by_another(
    tmp_path,
):
    require_postgresql(connection)
    from masthead.contact.models import OutgoingEmail
    from masthead.contact.services.delivery import message_id_for

    with StallingSMTP(stall=1) as smtp:
        environment = masthead_env(
            tmp_path,
            DATABASE_URL=database_url(connection.settings_dict),
            EMAIL_URL=smtp.url,
            **FAST_LEASE,
        )
        outgoing = queue_email()
        first = start_masthead(WORKER, environment, tmp_path / "first.log")
        second = None
        try:
            assert smtp.handler.stalling.wait(60), (tmp_path / "first.log").read_text()
            first.kill()  # kill -9, mid-send: the server holds the message
            first.wait(10)
            second = start_masthead(WORKER, environment, tmp_path / "second.log")
            wait_until(
                lambda: smtp.handler.messages,
                timeout=60,
                what="the email from the second worker",
            )
            outgoing.refresh_from_db()
            wait_until(
                lambda: OutgoingEmail.objects.get(pk=outgoing.pk).status == "sent",
                timeout=10,
                what="the outbox row marked sent",
            )
            assert terminate(second) == 0  # SIGTERM while idle: a clean exit
        finally:
            stop(first)
            if second is not None:
                stop(second)
        log = (tmp_path / "second.log").read_text()
        assert "re-queued task" in log, log
        assert len(smtp.handler.messages) == 1
        outgoing.refresh_from_db()
        assert outgoing.attempts == 1  # the killed try left nothing behind
        expected = message_id_for(outgoing)
        assert message_id(smtp.handler.messages[0]) == expected
        assert message_id(smtp.handler.stalled[0]) == expected


@pytest.mark.django_db
def test_a_worker_keeps_running_through_a_postgresql_restart(tmp_path, settings):
    """The worker runs against a cluster of the test's own, which is stopped and
    started again under it; mail queued afterwards still goes out, and the outage
    is one line in the log, not a traceback a second."""
    require_postgresql(connection)
    server = ThrowawayPostgreSQL()
    server.init()
    server.start()
    try:
        server.create_database("masthead")
        with StallingSMTP(stall=0) as smtp:
            environment = masthead_env(
                tmp_path,
                DATABASE_URL=server.url("masthead"),
                EMAIL_URL=smtp.url,
                **FAST_LEASE,
            )
            migrate = start_masthead(["migrate"], environment, tmp_path / "m.log")
            assert migrate.wait(300) == 0, (tmp_path / "m.log").read_text()
            worker = start_masthead(WORKER, environment, tmp_path / "worker.log")
            try:
                queue_elsewhere(environment, tmp_path, "before@example.org")
                wait_until(
                    lambda: len(smtp.handler.messages) == 1,
                    timeout=60,
                    what="the first email",
                )
                server.stop()
                wait_until(
                    lambda: "database unavailable" in log_of(tmp_path),
                    timeout=30,
                    what="the worker noticing the outage",
                )
                server.start()
                queue_elsewhere(environment, tmp_path, "after@example.org")
                wait_until(
                    lambda: len(smtp.handler.messages) == 2,
                    timeout=90,
                    what="the email queued after the restart",
                )
                assert worker.poll() is None, "the worker exited"
                assert terminate(worker) == 0
            finally:
                stop(worker)
        log = log_of(tmp_path)
        assert log.count("database unavailable") == 1, log
        assert "database reachable again" in log
        assert "Traceback" not in log and "psycopg.pool" not in log, log
    finally:
        server.remove()


def log_of(tmp_path) -> str:
    return (tmp_path / "worker.log").read_text()


def queue_elsewhere(environment: dict, tmp_path, to: str) -> None:
    """Queue a contact email in the throwaway database (a separate process, as an
    app instance would)."""
    code = (
        "from masthead.contact.models import Conversation\n"
        "from masthead.contact.services.outbox import queue_contact_email\n"
        "c = Conversation.objects.create(name='A reader', email='r@example.org')\n"
        f"queue_contact_email(conversation=c, purpose='to_newsroom', to={to!r},"
        " subject='A tip', body='Hello.')\n"
    )
    process = start_masthead(
        ["manage", "shell", "-c", code], environment, tmp_path / "queue.log"
    )
    assert process.wait(120) == 0, (tmp_path / "queue.log").read_text()


@pytest.mark.django_db(transaction=True)
def test_sigterm_mid_task_puts_the_task_back_after_the_grace_period_and_exits_0(
    tmp_path,
):
    require_postgresql(connection)
    from django_tasks_db.models import DBTaskResult

    from masthead.contact.models import OutgoingEmail

    with StallingSMTP(stall=1, hold_seconds=60) as smtp:
        environment = masthead_env(
            tmp_path,
            DATABASE_URL=database_url(connection.settings_dict),
            EMAIL_URL=smtp.url,
            MASTHEAD_WORKER_GRACE_SECONDS="1",
        )
        outgoing = queue_email()
        worker = start_masthead(WORKER, environment, tmp_path / "worker.log")
        try:
            assert smtp.handler.stalling.wait(60), log_of(tmp_path)
            assert terminate(worker, timeout=20) == 0, log_of(tmp_path)
        finally:
            stop(worker)
    assert "put back in the queue" in log_of(tmp_path)
    assert DBTaskResult.objects.get().status == "READY"
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.QUEUED
    assert outgoing.attempts == 0
