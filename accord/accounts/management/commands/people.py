"""`accord people import PARTNERSHIP FILE [--dry-run]`: add the people of a CSV file to the
partnership's agencies, with the checks of the import page (every problem as `FILE:LINE:
message`, nobody added when there is one). People already in the agency their row names are
left alone, so importing the same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accord.accounts import actions
from accord.accounts.models import Agency
from accord.accounts.people_file import MAX_BYTES, decode
from accord.accounts.people_import import ImportPlan, plan_import
from accord.partnerships.models import Partnership


class DryRun(Exception):
    """Undo the dry run's writes."""


def problem_lines(file: str, plan: ImportPlan) -> list[str]:
    """`FILE:LINE: message` (the row as a spreadsheet counts it: the header is line 1)."""
    lines = []
    for problem in plan.problems:
        where = f"{file}:{problem.row}" if problem.row is not None else file
        column = f"{problem.column}: " if problem.column else ""
        lines.append(f"{where}: {column}{problem.message}")
    return lines


class Command(BaseCommand):
    help = "Import people from a CSV file (`people import PARTNERSHIP FILE [--dry-run]`)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        load = commands.add_parser("import", help="add the people of a CSV file")
        load.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's slug")
        load.add_argument("file", metavar="FILE")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would change"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        file = options["file"]
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {options['partnership']!r}")
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror})") from None
        text = decode(data) if len(data) <= MAX_BYTES else None
        if text is None:
            raise CommandError(f"{file}: not a UTF-8 CSV file of at most 2 MB")
        agencies = list(Agency.objects.filter(home_partnership=partnership))
        roles = actions.roles_to_assign(partnership, now=timezone.now())
        plan = plan_import(text=text, agencies=agencies, skip_existing=True, roles=roles)
        if plan.problems:
            for line in problem_lines(file, plan):
                self.stderr.write(line)
            count = len(plan.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''}; nobody was imported"
            )
        there = len(plan.already_there)
        if not plan.people:
            self.stdout.write(f"{file}: all {there} people are already in Accord; nothing changed.")
            return
        try:
            with transaction.atomic():
                made = actions.import_people(
                    actor=None,
                    partnership=partnership,
                    text=text,
                    now=timezone.now(),
                    skip_existing=True,
                )
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write(
                f"{file}: would add {len(made)} people ({there} already in Accord); "
                "dry run, nothing changed."
            )
            return
        except actions.AdminActionRejected as refused:
            raise CommandError(f"{file}: {refused.message}") from None
        self.stdout.write(f"{file}: added {len(made)} people ({there} already in Accord).")
