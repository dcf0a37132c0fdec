"""`accord tick` run as cron runs it, a process of its own: it loads neither the PDF library nor
the spreadsheet library nor the pages (issue 17: a one-shot tick with nothing due is quick)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from accord.cli import TICK_DOES_NOT_IMPORT

ROOT = Path(__file__).resolve().parents[2]
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
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        ACCORD_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="accord.config.settings.test",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "0 alerts from 0 deadlines" in done.stdout
    assert "LOADED []" in done.stdout, done.stdout
