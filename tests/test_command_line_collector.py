"""`accord` runs Django's commands with the garbage collector off only while Django starts (issue
17: a one-shot `accord tick` is quick): the command itself, a `tick --loop` or a `runserver`,
runs with it on, as it always did, and a process that had turned it off keeps it off."""

from __future__ import annotations

from pathlib import Path

from tests.processes import run_python

SCRIPT = """
import gc
from accord.cli import main
main(["shell", "-c", "import gc; print('DURING', gc.isenabled(), gc.get_freeze_count() > 0)"])
print("AFTER", gc.isenabled())
main(["help"])
print("AFTER HELP", gc.isenabled())
gc.disable()
main(["help"])
print("LEFT OFF", gc.isenabled())
"""


def test_a_command_runs_with_the_collector_on_and_startups_objects_set_aside(
    tmp_path: Path,
) -> None:
    done = run_python(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "DURING True True" in done.stdout, done.stdout
    assert "AFTER True" in done.stdout, done.stdout
    assert "AFTER HELP True" in done.stdout, done.stdout
    assert "LEFT OFF False" in done.stdout, done.stdout
