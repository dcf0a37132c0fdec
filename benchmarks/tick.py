"""A one-shot `accord tick` with nothing due, as cron runs it each minute: a whole process of its
own, from the interpreter's start to its exit. Target (issue 17): under 0.5 s.

Compiles Accord's bytecode first, as installing it does (`pip install` compiles a wheel's
modules; this machine's environment sets PYTHONDONTWRITEBYTECODE, so without it every run would
compile Accord's 100-odd modules afresh, 0.1 s that no installation pays), migrates a throwaway
SQLite database (ACCORD_VAR_DIR in a temporary folder), then runs
`python -m accord tick` ROUNDS times and prints the median wall time, the median CPU time of the
process (user + system: what the process itself cost, whatever else the machine was doing) and
the load average. One more run under `-X importtime` says whether the PDF library, the
spreadsheet library or the URL configuration were imported (none of them should be).
BENCH_TICK_ROUNDS changes the number of runs (default 9).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accord.cli import TICK_DOES_NOT_IMPORT

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("BENCH_TICK_ROUNDS", "9"))
TARGET_S = 0.5
UNWANTED = TICK_DOES_NOT_IMPORT


def _accord(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run `python [args]`: its wall time, its CPU time (user + system) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own module
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def run() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="accord-bench-tick-") as var:
        env = {
            **os.environ,
            "ACCORD_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "accord.config.settings.local",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)  # SQLite under `var`
        _accord(env, "-m", "compileall", "-q", str(ROOT / "accord"))
        _accord(env, "-m", "accord", "migrate", "--no-input")
        walls, cpus = [], []
        for _ in range(ROUNDS):
            wall, cpu, _ = _accord(env, "-m", "accord", "tick")
            walls.append(wall)
            cpus.append(cpu)
        _, _, imports = _accord(env, "-X", "importtime", "-m", "accord", "tick")
    imported = {line.rsplit("|", 1)[-1].strip() for line in imports.splitlines() if "|" in line}
    loaded = ", ".join(m for m in UNWANTED if m in imported) or f"none of {', '.join(UNWANTED)}"
    one, five, _ = os.getloadavg()
    median = statistics.median(walls)
    verdict = "ok" if median < TARGET_S else "OVER TARGET"
    return [
        f"`accord tick` with nothing due, a process of its own, SQLite, {ROUNDS} runs:",
        f"  wall: median {median:.2f} s (target < {TARGET_S} s: {verdict}), "
        f"min {min(walls):.2f} s, max {max(walls):.2f} s",
        f"  CPU (user + system): median {statistics.median(cpus):.2f} s",
        f"  imported on the way: {loaded}",
        f"  (load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs)",
    ]
