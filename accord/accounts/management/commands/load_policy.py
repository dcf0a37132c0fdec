"""`accord policy load PARTNERSHIP FILE [--effective DATE] [--dry-run] [--by EMAIL]`: upload a
policy file and publish it, with the checks of the upload page.

Every problem is printed as `FILE:LINE: message` and the command exits 1, loading nothing.
Loading a file already published changes nothing and says so. `--dry-run` checks and says what
would happen. The upload and the publication are recorded in the administration log under the
administrator `--by` names (a partnership administrator or a site administrator), or as done by
the `accord` command when `--by` is not given.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accord.accounts import actions
from accord.accounts.models import Person
from accord.engine.compare import compare
from accord.engine.policy.loader import policy_text
from accord.engine.problems import InvalidFile, Problem
from accord.partnerships.models import Partnership
from accord.partnerships.models import PolicyVersionState as State
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force

PROG = "accord policy load"


class Command(BaseCommand):
    help = "Check a policy file and publish it for a partnership (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's slug")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--effective",
            type=date.fromisoformat,
            metavar="DATE",
            help="the first day new cases use it (YYYY-MM-DD, today or later; default: the "
            "file's effective_from when that is not past, else today)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and say what would happen; change nothing"
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="the administrator loading it, for the administration log (default: recorded "
            "as the accord command)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = self.load(
            options["partnership"],
            options["file"],
            effective=options["effective"],
            dry_run=options["dry_run"],
            by=options["by"],
        )
        if code:
            sys.exit(code)

    def fail(self, message: str) -> int:
        self.stderr.write(message)
        return 1

    def load(
        self, slug: str, file: str, *, effective: date | None, dry_run: bool, by: str | None
    ) -> int:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            return self.fail(f"{PROG}: there is no partnership {slug!r} (give its slug)")
        actor = None  # the command's operator, recorded as "The accord command"
        if by:
            actor = Person.objects.filter(email__iexact=by.strip(), is_active=True).first()
            if actor is None:
                return self.fail(
                    f"{PROG}: --by names nobody: give the e-mail address of an administrator "
                    f"of {partnership.name}"
                )
        try:
            text = policy_text(_read(file), file)
            checked = actions.check_policy(partnership=partnership, text=text, file_name=file)
        except InvalidFile as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            return 1
        policy, stored = checked.policy, checked.stored
        named = f"{policy.id} {policy.version}"
        if stored is not None and stored.state == State.PUBLISHED:
            self.stdout.write(
                f"{file}: {named} is already loaded for {partnership.name} (new cases from "
                f"{stored.effective_from.isoformat()}): nothing changed"
            )
            return 0
        if stored is not None and stored.state != State.DRAFT:
            return self.fail(
                f"{file}: {named} was {stored.get_state_display().lower()}: give the file a new "
                "version to load it again"
            )
        today = timezone.localdate()
        day = effective or max(policy.effective_from or today, today)
        if day < today:
            return self.fail(f"{PROG}: --effective must be today or later, not {day.isoformat()}")
        if dry_run:
            self.stdout.write(
                f"{file}: ok: {named} would be published for {partnership.name}, new cases from "
                f"{day.isoformat()}{self.replacing(partnership, checked)} (dry run: nothing "
                "changed)"
            )
            return 0
        now = timezone.now()
        try:
            with transaction.atomic():
                version, _ = actions.upload_policy(
                    actor=actor, partnership=partnership, text=text, file_name=file, now=now
                )
                actions.publish_policy(actor=actor, version=version, effective=day, now=now)
        except actions.AdminActionRejected as refused:
            return self.fail(f"{file}: {refused.message}")
        self.stdout.write(
            f"{file}: {named} loaded for {partnership.name}: new cases from {day.isoformat()}"
            f"{self.replacing(partnership, checked)}"
        )
        return 0

    @staticmethod
    def replacing(partnership: Partnership, checked: actions.CheckedPolicy) -> str:
        """`; replaces version X (N changes)` when another version of the policy is in force."""
        try:
            current = policy_version_in_force(
                partnership, on=timezone.localdate(), policy_id=checked.policy.id
            )
        except NoPolicyInForce:
            return ""
        changes = len(compare(policy_of(current), checked.policy).changes)
        return (
            f"; replaces version {current.version} ({changes} change{'s' if changes != 1 else ''}"
            f": see accord policy compare)"
        )


def _read(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidFile([Problem(file, 0, f"cannot read the file: {reason}")]) from None
