from django.core.management.base import BaseCommand

from masthead.demo.admin_account import DEMO_ADMIN_USERNAME, ensure_demo_admin
from masthead.demo.builders import load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Also create the 'admin' superuser and print its generated password.",
        )

    def handle(self, *args, with_admin=False, **options):
        for line in load_demo():
            self.stdout.write(f"  {line}")
        if not with_admin:
            return
        password = ensure_demo_admin()
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"  admin account created: username {DEMO_ADMIN_USERNAME}  "
                    f"password {password}\n"
                    "  (shown only this once; change it in the admin)"
                )
            )
        else:
            self.stdout.write(
                f"  admin account '{DEMO_ADMIN_USERNAME}' already exists; its password "
                f"is unchanged (reset: masthead manage changepassword "
                f"{DEMO_ADMIN_USERNAME})"
            )
