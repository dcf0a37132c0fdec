"""A Python script run as a process of its own, with Accord set up for it on a fresh SQLite file
in `tmp_path` (the test settings, no DATABASE_URL): for what only a new process shows, such as
what it imports as it starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`python -c script` in the project's folder: its exit status and its output."""
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
    return subprocess.run(  # noqa: S603 - our own interpreter on our own script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
