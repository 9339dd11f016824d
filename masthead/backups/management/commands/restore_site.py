from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.backups.services import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database (or over this one with --force). "
        "Stop the app and the workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database holds now",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="check the backup's checksums and fit, change nothing",
        )

    def handle(self, *args, source, force, verify_only, **options):
        try:
            if verify_only:
                manifest = verify_backup(source=source)
                self.stdout.write(
                    f"{source} is a complete backup from "
                    f"{manifest['created_at']} ({len(manifest['files'])} media files)"
                )
                return
            result = restore_backup(
                source=source, force=force, report=self.stdout.write
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        different = result.differences()
        if different:
            table, (expected, found) = next(iter(different.items()))
            raise CommandError(
                f"restored, but {len(different)} tables differ from the manifest "
                f"(e.g. {table}: {found} rows, expected {expected})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Restore complete. Run `masthead manage migrate` if this Masthead "
                "is newer than the backup, then start the site and the workers."
            )
        )
