"""`accord tick`: runs `accord.cases.sweep.tick` once, or every `--loop` seconds for ever."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from accord.cases.sweep import tick

log = logging.getLogger(__name__)


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now {text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.get_default_timezone())
    return value


class Command(BaseCommand):
    # No system checks: they import the URL configuration and, through it, every view and the
    # PDF library (2-4 s), which a cron job running `accord tick` each minute would pay every
    # time. `accord manage check` and every web process still run them.
    requires_system_checks: list[str] = []
    help = (
        "Find every reminder, overdue alert, non-response and partnership notification that is "
        "due, record each once and queue its e-mails; re-queue stuck e-mails; send daily digests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", type=float, metavar="SECONDS", help="run again every SECONDS, forever"
        )
        parser.add_argument("--json", action="store_true", help="print what each run did as JSON")
        parser.add_argument(
            "--now", metavar="ISO", help="run as of this instant (tests and demos; London time)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["loop"] is not None and options["loop"] <= 0:
            raise CommandError("--loop takes a number of seconds greater than 0")
        while True:
            # The clock is read once per run, here, and passed down.
            now = _instant(options["now"]) if options["now"] else timezone.now()
            try:
                report = tick(now=now)
            except Exception as error:
                if options["loop"] is None:
                    if isinstance(error, DatabaseError):
                        raise CommandError(
                            f"tick as of {now.isoformat()} failed: {error}"
                        ) from None
                    raise
                # Keep looping whatever happened: the next run finds whatever this one could not
                # (everything is keyed); a case that cannot be replayed is already skipped.
                log.exception("tick as of %s failed: %s", now.isoformat(), type(error).__name__)
                close_old_connections()
                time.sleep(options["loop"])
                continue
            if options["json"]:
                self.stdout.write(json.dumps(report))
            else:
                self.stdout.write(
                    f"{report['now']}: {report['notifications']} alerts from "
                    f"{report['deadlines']} deadlines, {report['missed']} missed found in "
                    f"{report['cases_rechecked']} recent cases, {report['emails_requeued']} "
                    f"e-mails re-queued, {report['emails_sent_again']} given-up e-mails sent "
                    f"again, {report['tasks_lost']} lost tasks, {report['digests']} digests"
                )
                for failed in report["failed"]:
                    self.stderr.write(f"{failed['case']}: skipped: {failed['reason']}")
            if options["loop"] is None:
                return
            close_old_connections()
            time.sleep(options["loop"])
