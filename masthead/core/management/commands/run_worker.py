import os
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.core import periodic
from masthead.operations.worker import ResilientWorker


class Command(BaseCommand):
    help = (
        "Run the durable task queue (emails, imports, …) and the periodic jobs "
        "(scheduled publishing, feed polling)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between queue polls"
        )
        parser.add_argument(
            "--no-periodic", action="store_true", help="run queued tasks only"
        )
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="stop when the process that started this one ends (the demo)",
        )
        parser.add_argument("--worker-id", help="unique per worker (default: made up)")

    def handle(
        self,
        *args,
        interval=1.0,
        no_periodic=False,
        exit_with_parent=False,
        worker_id=None,
        **options,
    ):
        stop = threading.Event()
        if exit_with_parent:
            watch_parent(stop)
        worker = ResilientWorker(
            interval=interval,
            lease_seconds=settings.MASTHEAD_WORKER_LEASE_SECONDS,
            heartbeat_seconds=settings.MASTHEAD_WORKER_HEARTBEAT_SECONDS,
            grace_seconds=settings.MASTHEAD_WORKER_GRACE_SECONDS,
            worker_id=worker_id,
        )
        self.stdout.write(f"worker {worker.worker_id}")
        if not no_periodic:
            names = ", ".join(job.name for job in periodic.registered_jobs()) or "none"
            self.stdout.write(f"periodic jobs: {names}")
            periodic.start_scheduler(stop)
        self.stdout.flush()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


def watch_parent(stop: threading.Event) -> None:
    """Ask this worker to stop (as Ctrl+C would) once its parent has gone, so a
    killed demo never leaves an orphan worker behind."""
    parent = os.getppid()

    def watch() -> None:
        while not stop.is_set():
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(1)

    threading.Thread(target=watch, name="masthead-parent-watch", daemon=True).start()
