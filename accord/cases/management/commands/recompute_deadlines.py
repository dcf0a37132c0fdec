"""`accord recompute_deadlines`: recount a partnership's open deadlines after a calendar change."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases.actions import CaseActionRejected, recompute_open_deadlines
from accord.cases.actions.calendar import dues_moved
from accord.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Recompute the open deadlines of every open case of a partnership with the bank "
        "holidays and closures in force, recording each before and after in the case's log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--actor", required=True, metavar="EMAIL", help="who is doing this")
        parser.add_argument("--reason", required=True, help="why (recorded in each case's log)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = Partnership.objects.get(slug=options["partnership"])
        except Partnership.DoesNotExist:
            raise CommandError(f"No partnership has the slug {options['partnership']!r}") from None
        try:
            actor = Person.objects.get(email__iexact=options["actor"], is_active=True)
        except Person.DoesNotExist:
            raise CommandError(f"No active person has the e-mail {options['actor']!r}") from None
        try:
            changed = recompute_open_deadlines(
                partnership=partnership, actor=actor, now=timezone.now(), reason=options["reason"]
            )
        except CaseActionRejected as rejected:
            raise CommandError(rejected.message) from None
        for case, changes in changed.items():
            for change in changes:
                alerts = " (alerts only: the due stays)" if change.alerts_only else ""
                self.stdout.write(
                    f"{case.reference} {change.key}: {change.before} -> {change.after}{alerts}"
                )
        self.stdout.write(f"{dues_moved(changed)} deadlines moved in {len(changed)} cases.")
