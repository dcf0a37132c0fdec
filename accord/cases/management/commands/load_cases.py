"""`accord cases load FILE`: load past cases (JSON Lines, CSV or XLSX) through the actions
(accord.cases.loading)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.cases.loading import LoadRefused, load_cases


class Command(BaseCommand):
    help = (
        "Load past cases from a history file (JSON Lines: one case a line, its events in order; "
        "or a CSV or XLSX spreadsheet, one event a row), each through the same checks as the "
        "pages. All or nothing: any line refused is reported as FILE:LINE and nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a .jsonl, .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        started = time.perf_counter()
        try:
            report = load_cases(path)
        except LoadRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            if refused.more:
                self.stderr.write(f"... and {refused.more} more lines refused")
            raise CommandError(
                f"{path.name}: nothing loaded ({len(refused.problems) + refused.more} lines "
                "refused)"
            ) from None
        except UnicodeDecodeError:
            raise CommandError(f"{path.name}: not a UTF-8 text file; nothing loaded") from None
        took = time.perf_counter() - started
        self.stdout.write(
            f"{path.name}: {report.cases} cases loaded with {report.events} events in {took:.1f} s"
            f"; {report.emails_withheld} e-mails about their history recorded, not sent"
        )
