"""`calendar_seed`: store every jurisdiction's bank holidays for several years (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.partnerships.seeding import seed_bank_holidays


class Command(BaseCommand):
    help = (
        "Store the bank holidays of every jurisdiction from last year to --years ahead. "
        "Safe to run again: existing days are kept (names refreshed), new ones added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=5, help="years ahead (default 5)")
        parser.add_argument("--from-year", type=int, help="first year (default: last year)")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        first = options["from_year"] or this_year - 1
        ahead = options["years"]
        if ahead < 0 or ahead > 50 or not 1900 <= first <= 2200:
            raise CommandError("--years is 0 to 50 and --from-year a year from 1900 to 2200")
        added = seed_bank_holidays(range(first, this_year + ahead + 1))
        self.stdout.write(
            f"Bank holidays {first} to {this_year + ahead}: {added} added, the rest already stored."
        )
