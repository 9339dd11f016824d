"""``masthead manage score_ingest_corpus``: score the importer against the
development corpus (``masthead/ingest/corpus/documents``), one line per document
and a total; ``--with-parser-corpus`` adds the parser tests' documents."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from masthead.ingest import scoring

PARSER_CORPUS = Path(scoring.__file__).resolve().parent / "tests" / "corpus"


class Command(BaseCommand):
    help = "Score the importer against the development corpus."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="*", help="corpus folders to score")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--verbose", action="store_true", help="list every check that failed"
        )
        parser.add_argument(
            "--with-parser-corpus",
            action="store_true",
            help="also score the parser tests' corpus (ingest/tests/corpus)",
        )

    def handle(self, *args, **options):
        folders = [Path(f) for f in options["folders"]] or [scoring.CORPUS]
        if options["with_parser_corpus"]:
            folders.append(PARSER_CORPUS)
        scores = scoring.score_corpus(folders)
        if options["json"]:
            data = {
                "summary": scoring.summarise(scores),
                "documents": [s.to_dict() for s in scores],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(scoring.format_report(scores, verbose=options["verbose"]))
