"""`accord verify [--case REF] [--checkpoints FILE]`: check every case's event log against its
keyed chain, its head and its checkpoints; print each break; exit 1 if there is any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.cases.chain import verify
from accord.cases.checkpoints import read_kept
from accord.cases.models import Case, ChainCheckpoint


class Command(BaseCommand):
    help = (
        "Check that no case's event log has been altered: every event's keyed hash and link, "
        "each case's head and its checkpoints. Prints each break (case reference and event "
        "number) and exits 1 if there is any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", metavar="REF", help="check this case only")
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="also hold the logs to checkpoints exported earlier (`accord checkpoints export`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["case"]
        kept = {}
        if options["checkpoints"]:
            kept = self._kept(options["checkpoints"])
        if (
            reference
            and not Case.objects.filter(reference=reference).exists()
            and not ChainCheckpoint.objects.filter(case_reference=reference).exists()
            and reference not in kept
        ):
            raise CommandError(f"No case {reference}")
        breaks = 0
        for found in verify(reference, kept=kept):
            breaks += 1
            self.stdout.write(str(found))
        what = f"case {reference}" if reference else "every case"
        if breaks:
            raise CommandError(f"{breaks} breaks in the event log of {what}", returncode=1)
        self.stdout.write(f"The event log of {what} verifies.")

    def _kept(self, path: str) -> dict[str, list[tuple[int, str]]]:
        try:
            with open(path, encoding="utf-8") as file:
                return read_kept(file)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{path}:{error}") from None
