from time import monotonic

from django.core.management.base import BaseCommand, CommandError

from masthead.demo import archive


class Command(BaseCommand):
    help = (
        "Generate a large archive of stories in bulk (issue 15): sections, authors, "
        "tags, figures, corrections, revisions and search entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to an archive already generated on this site.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be made."
        )

    def handle(self, *args, stories, seed, batch, append, dry_run, **options):
        if dry_run:
            existing = archive.count_archive_stories()
            self.stdout.write(
                f"would make {stories} stories (seed {seed}, batches of {batch}) over "
                f"{archive.YEARS} years in {archive.SECTION_COUNT} sections, with "
                f"{archive.TAG_COUNT} tags, {archive.AUTHOR_COUNT} authors, 1-4 "
                f"figures each, ~{archive.CORRECTION_RATE:.0%} corrected; "
                f"{existing} generated stories already present"
                + (" (refused without --append)" if existing and not append else "")
            )
            return
        started = monotonic()
        try:
            totals = archive.generate_archive(
                stories=stories,
                seed=seed,
                batch=batch,
                append=append,
                report=self.stdout.write,
            )
        except archive.ArchiveExists as error:
            raise CommandError(str(error)) from error
        made = ", ".join(f"{count} {name}" for name, count in totals.items())
        self.stdout.write(
            self.style.SUCCESS(f"done in {monotonic() - started:.1f} s: {made}")
        )
