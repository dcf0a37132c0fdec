"""`accord checkpoints export [--after ID]`: print the case-head checkpoints as JSON lines, to be
kept somewhere the database's users cannot write (`accord verify --checkpoints FILE` reads them)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.cases.checkpoints import export_checkpoints


class Command(BaseCommand):
    help = "Print the checkpoints of every case's event-log head as JSON lines (no personal data)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="print the checkpoints, oldest first")
        export.add_argument(
            "--after", type=int, default=0, metavar="ID", help="only those after checkpoint ID"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for row in export_checkpoints(after=options["after"]):
            self.stdout.write(json.dumps(row))
