import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core import periodic


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

    def handle(self, *args, interval=1.0, no_periodic=False, **options):
        stop = threading.Event()
        if not no_periodic:
            names = ", ".join(job.name for job in periodic.registered_jobs()) or "none"
            self.stdout.write(f"periodic jobs: {names}")
            periodic.start_scheduler(stop)
        try:
            call_command(
                "db_worker",
                "--backend=durable",
                "--queue-name=*",
                f"--interval={interval}",
                "--no-startup-delay",
            )
        finally:
            stop.set()
