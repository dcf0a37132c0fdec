"""`accord partnership create SLUG --name ... --jurisdiction ... --short-name ... --admin-email ...
--admin-name ...`: a new partnership (not live) and its first administrator, for scripted
set-up. Running it again with the same details changes nothing and says so."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.accounts import actions
from accord.partnerships.models import JURISDICTION_CHOICES
from accord.partnerships.readiness import gaps
from accord.signin.invitations import create_partnership_inviting

DETAILS = ("slug", "name", "jurisdiction", "short_name", "admin_email", "admin_name")


class Command(BaseCommand):
    help = "Create a partnership and its first administrator (`partnership create SLUG ...`)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        create = commands.add_parser(
            "create", help="a new partnership, not yet live, and its first administrator"
        )
        create.add_argument("slug", metavar="SLUG", help="e.g. north-tyneside")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--jurisdiction",
            required=True,
            help=f"one of {', '.join(code for code, _ in JURISDICTION_CHOICES)}",
        )
        create.add_argument("--short-name", required=True, help="e.g. NTSCP (20 at most)")
        create.add_argument("--admin-email", required=True, metavar="EMAIL")
        create.add_argument(
            "--admin-name", default="", help="the administrator's full name (if new to Accord)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        try:
            result = create_partnership_inviting(
                actor=None,
                now=now,
                **{key: options[key] for key in DETAILS},
            )
        except actions.AdminActionRejected as refused:
            raise CommandError(refused.message) from None
        partnership, admin = result.partnership, result.administrator
        if not result.changed:
            self.stdout.write(
                f"{partnership.slug}: already exists with these details and {admin.email} as "
                "an administrator; nothing changed."
            )
            return
        self.stdout.write(
            f"{partnership.slug}: {partnership.name} set up with {admin.email} as administrator."
        )
        if result.invited:
            self.stdout.write(f"{admin.email} has been e-mailed a link to choose a password.")
        missing = gaps(partnership, on=timezone.localdate(now))
        self.stdout.write(f"Not live yet: {len(missing)} things to do before it can go live.")
