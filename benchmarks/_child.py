"""Running a benchmark in its own process (Django is set up once per process, each benchmark for
its own database): its printed lines, and the end of its errors if it failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_child(module: str, *args: str) -> list[str]:
    """Run `python -m <module> [args]` from the project's root; the lines it printed."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(  # noqa: S603 - our own interpreter on one of our modules
        [sys.executable, "-m", module, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        check=False,
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0:
        lines += ["FAILED:", *done.stderr.splitlines()[-15:]]
    return lines
