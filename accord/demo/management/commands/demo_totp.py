"""`demo_totp [EMAIL]`: the current authenticator code for the demo people (DEMO ONLY)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.models import Person
from accord.demo.two_factor import DEMO_TOTP_SECRET, current_code, has_demo_authenticator


class Command(BaseCommand):
    help = (
        "Print the code the demo people's authenticator app shows now (they all share the demo "
        "secret). Refuses anyone whose authenticator is not the demo one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", help="a demo person's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"]
        if email:
            person = Person.objects.filter(email__iexact=email).first()
            if person is None or not has_demo_authenticator(person):
                raise CommandError(
                    f"{email} is not a demo person with the demo authenticator: this command "
                    "only gives codes for the demo accounts."
                )
        code, seconds = current_code()
        self.stdout.write(code)
        self.stderr.write(
            f"(valid for {seconds} more seconds; or add the secret {DEMO_TOTP_SECRET} to an "
            "authenticator app)"
        )
