from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.backups.services import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and media to one file (DEST: a file or a folder)."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination, **options):
        try:
            create_backup(destination=destination, report=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
