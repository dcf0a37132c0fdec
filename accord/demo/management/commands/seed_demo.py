"""`seed_demo`: load fictional demo partnerships, people and cases (for `make serve`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case
from accord.demo.cases import Script
from accord.demo.people import (
    ADMIN_EMAIL,
    EMAIL_DOMAIN_SUFFIX,
    PARTNERSHIPS,
    _Names,
    build_partnership,
)
from accord.demo.reset import demo_loaded, remove_demo
from accord.demo.roles import assign_roles
from accord.demo.signin import DEMO_PASSWORD, sign_in_help
from accord.demo.two_factor import give_demo_authenticators
from accord.partnerships.policies import InvalidFile, policy_of
from accord.partnerships.themes import seed_themes


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today {text!r} is not a date: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Load demonstration data: five fictional partnerships (one per shipped policy), their "
        "agencies and people, and cases at every stage and state. Does nothing when already "
        "loaded, unless --reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="replace earlier demo data (and only that)"
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="the day the demo is dated around (default today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = _day(options["today"]) if options["today"] else timezone.localdate(now)
        if not options["reset"] and demo_loaded():
            self.stdout.write("The demo data is already loaded (use --reset to replace it).")
            give_demo_authenticators(  # demo data loaded before two factors were required
                Person.objects.filter(Q(email__endswith=EMAIL_DOMAIN_SUFFIX) | Q(email=ADMIN_EMAIL))
            )
            self.stdout.write(sign_in_help())
            return
        try:
            with transaction.atomic():
                counts = self._load(today=today, reset=options["reset"])
        except (InvalidFile, CaseActionRejected, FileNotFoundError) as problem:
            raise CommandError(
                f"The demo data was not loaded (nothing was written): {problem}"
            ) from problem
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded, dated around {today}: {summary}."))
        self.stdout.write(sign_in_help())

    def _load(self, *, today: date, reset: bool) -> Counter[str]:
        if reset:
            remove_demo()
        call_command("calendar_seed", from_year=today.year - 2, years=5, stdout=self.stdout)
        now = timezone.now()
        password_hash = make_password(DEMO_PASSWORD)  # hashed once: all demo people share it
        names = _Names()
        counts: Counter[str] = Counter()
        for policy_file, slug, name, subdomain in PARTNERSHIPS:
            demo = build_partnership(
                policy_file, slug, name, subdomain, password_hash=password_hash, now=now,
                names=names,
            )  # fmt: skip
            assign_roles(demo, names=names)
            seed_themes(demo.partnership, policy_of(demo.version))
            Script(demo, today).run()
        Person.objects.create(
            email=ADMIN_EMAIL,
            full_name="Demo Administrator",
            job_title="Accord administrator",
            password=password_hash,
            is_staff=True,
            is_superuser=True,
        )
        give_demo_authenticators(
            Person.objects.filter(Q(email__endswith=EMAIL_DOMAIN_SUFFIX) | Q(email=ADMIN_EMAIL))
        )
        counts.update(
            Case.objects.filter(partnership__slug__in=[row[1] for row in PARTNERSHIPS]).values_list(
                "status", flat=True
            )
        )
        return counts
