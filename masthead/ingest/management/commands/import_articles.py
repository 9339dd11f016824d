"""``masthead import SOURCE``: import a text/HTML file, a feed, a WordPress export
or a URL as draft stories (``--publish`` to publish), with a summary at the end."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from masthead.ingest import sources
from masthead.ingest.report import ImportFailed
from masthead.ingest.sections import find_section


class Command(BaseCommand):
    help = "Import stories from a file (.txt, .html, .xml WXR, .rss, .atom) or a URL."
    # A dry run must work before the database exists.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file path or an http(s) URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse only; save nothing"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--publish", action="store_true", help="publish instead of drafts"
        )
        parser.add_argument("--section", help="slug of the section to import into")
        parser.add_argument(
            "--no-images", action="store_true", help="do not fetch pictures"
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=25,
            metavar="N",
            help="print a progress line every N items of a batch (0: none; "
            "--json prints none)",
        )

    def handle(self, *args, **options):
        try:
            document = sources.read_source(options["source"])
            if options["dry_run"]:
                return self._dry_run(document, as_json=options["json"])
            section = find_section(options["section"]) if options["section"] else None
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        every = 0 if options["json"] else max(0, options["progress_every"])

        def progress(done: int, total: int, so_far) -> None:
            if every and (done % every == 0 or done == total) and total > every:
                self.stderr.write(
                    f"{done}/{total} items ({so_far.summary()}), "
                    f"{time.monotonic() - started:.0f} s"
                )

        report = sources.import_document(
            document,
            section=section,
            publish=options["publish"],
            fetch_images=not options["no_images"],
            progress=progress,
        )
        self._print_report(report, as_json=options["json"])
        if report.failed and not (report.created or report.updated or report.skipped):
            raise CommandError("nothing was imported")
        return None

    def _dry_run(self, document, *, as_json: bool) -> None:
        try:
            result = sources.parse_document(document)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        data = sources.describe_parsed(result)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for item in data if isinstance(data, list) else [data]:
            self.stdout.write(
                f"{item['headline']}: {len(item['paragraphs'])} paragraphs, "
                f"{len(item['figures'])} figures, {len(item['removed'])} lines removed"
            )

    def _print_report(self, report, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
            )
            return
        for label in report.created:
            self.stdout.write(f"created  {label}")
        for label in report.updated:
            self.stdout.write(f"updated  {label}")
        for label in report.skipped:
            self.stdout.write(f"skipped  {label}")
        for label, reason in report.failed:
            self.stdout.write(f"FAILED   {label}: {reason}")
        for note in report.notes:
            self.stdout.write(f"note     {note}")
        total = (
            len(report.created)
            + len(report.updated)
            + len(report.skipped)
            + len(report.failed)
        )
        self.stdout.write(f"{total} items: {report.summary()}")
