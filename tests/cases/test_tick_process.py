"""`accord tick` run as cron runs it, a process of its own: it loads neither the PDF library nor
the spreadsheet library nor the pages (issue 17: a one-shot tick with nothing due is quick), and
nor does a tick with alerts due and e-mails to write (their links from `accord.site_paths`, their
words from the e-mails' own template engine)."""

from __future__ import annotations

from pathlib import Path

from accord.cli import TICK_DOES_NOT_IMPORT
from tests.processes import run_python

UNWANTED = TICK_DOES_NOT_IMPORT

# Migrate a fresh SQLite file, then run the command line exactly as `accord tick` does (system
# checks included, unlike call_command), and say which of UNWANTED the process imported.
SCRIPT = f"""
import sys
import django
django.setup()
from django.core.management import call_command
from accord.cli import main
call_command("migrate", verbosity=0)
main(["tick", "--now", "2026-11-20T10:00:00+00:00"])
print("LOADED", [m for m in {UNWANTED!r} if m in sys.modules])
"""


def test_a_tick_process_loads_no_pdf_library_and_no_pages(tmp_path: Path) -> None:
    done = run_python(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "0 alerts from 0 deadlines" in done.stdout
    assert "LOADED []" in done.stdout, done.stdout


# A case raised before a long gap, in a process of its own (raising it may load anything).
RAISE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.notifications.walking import Walker, london, partnership_for
Walker(partnership_for("blackburn-with-darwen.toml")).raise_case(london("2026-12-21"))
"""

# Then the tick, as cron runs it, that finds its alerts due and writes their e-mails.
DUE = f"""
import sys
import django
django.setup()
from accord.cli import main
from accord.notifications.models import OutboxMessage
main(["tick", "--now", "2027-01-04T09:30:00+00:00"])
print("EMAILS", OutboxMessage.objects.count())
print("LOADED", [m for m in {UNWANTED!r} if m in sys.modules])
"""


def test_a_tick_with_alerts_and_emails_to_write_loads_no_pages_either(tmp_path: Path) -> None:
    raised = run_python(RAISE, tmp_path)
    assert raised.returncode == 0, raised.stderr[-3000:]
    done = run_python(DUE, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    # Due soon, passed and non-response, all at once after the New Year (test_sweep's walk).
    assert "3 alerts from 1 deadlines" in done.stdout, done.stdout
    emails = int(done.stdout.split("EMAILS ", 1)[1].split()[0])
    assert emails > 0, done.stdout
    assert "LOADED []" in done.stdout, done.stdout
