"""The systemd units in deploy/systemd/ are valid (`systemd-analyze verify`, with the commands
pointed at this virtual environment), run what the Procfile runs (the Procfile is what
test_production_processes.py starts), and start the web, worker and sweep only after the one-shot
release unit has migrated the database."""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from .installation import BIN, PRODUCTION, ROOT, procfile

UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/accord/.venv/bin/"  # where docs/howto/deploy.md installs Accord
PROCESSES = {"accord-web.service": "web", "accord-worker@.service": "worker"}
PROCESSES["accord-sweep.service"] = "sweep"


def unit(name: str) -> dict[str, list[str]]:
    """`Key` -> its values (a key may repeat, as ExecStart does in a one-shot unit)."""
    values: dict[str, list[str]] = defaultdict(list)
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()].append(value.strip())
    return values


def command(text: str) -> str:
    """A command as the Procfile writes it: no install path, settings from the environment."""
    text = text.replace(INSTALLED, "").replace(f" --settings {PRODUCTION}", "")
    return text.replace(" --worker-id %H-%i", "")


def test_each_unit_runs_what_the_procfile_runs_with_production_settings() -> None:
    processes = procfile()
    assert set(processes) == {"release", "web", "worker", "sweep"}
    for name, process in PROCESSES.items():
        found = unit(name)
        assert [command(c) for c in found["ExecStart"]] == [command(processes[process])], name
        assert f"DJANGO_SETTINGS_MODULE={PRODUCTION}" in found["Environment"], name
        assert found["Restart"] == ["always"], name
    release = unit("accord-migrate.service")
    assert release["Type"] == ["oneshot"]
    assert command(release["ExecStart"][0]) == command(processes["release"])
    assert "collectstatic" in release["ExecStart"][1]


def test_web_workers_and_sweep_start_after_the_one_migration() -> None:
    for name in PROCESSES:
        found = unit(name)
        assert "accord-migrate.service" in found["Requires"][0].split(), name
        assert "accord-migrate.service" in found["After"][0].split(), name
    wanted = unit("accord.target")["Wants"][0].split()
    assert {"accord-web.service", "accord-sweep.service", "accord-worker@1.service"} <= set(wanted)


ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(ANALYZE is None, reason="needs systemd-analyze (Debian's systemd package)")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    assert ANALYZE is not None
    for path in UNITS.iterdir():
        text = path.read_text(encoding="utf-8").replace(INSTALLED, f"{BIN}/")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    names = [n if n != "accord-worker@.service" else "accord-worker@1.service" for n in PROCESSES]
    done = subprocess.run(  # noqa: S603 - systemd's own checker on our files
        [
            ANALYZE,
            "verify",
            "--man=no",
            "accord-migrate.service",
            *names,
            "accord.target",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # no warning either
