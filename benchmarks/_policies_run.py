"""The work of `benchmarks/policies.py`, in a process of its own (see there): prints figures."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from accord.engine.london import LONDON

RUNS = 10
TARGET_S = 1.0
ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.pop("DATABASE_URL", None)
        os.environ["ACCORD_VAR_DIR"] = scratch
        os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
        os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        for line in _run():
            print(line, flush=True)
    return 0


def _run() -> list[str]:
    from accord.accounts import actions
    from accord.accounts.models import PartnershipRole, Person
    from accord.engine.compare import compare
    from accord.engine.explain import explain
    from accord.engine.policy.loader import policy_text
    from accord.partnerships.models import Partnership
    from accord.partnerships.policies import load_policy_version, policy_of

    largest = max((ROOT / "accord" / "policies").glob("*.toml"), key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    home = Partnership.objects.create(slug="bench", name="Bench Partnership")
    admin = Person.objects.create(email="admin@bench.example", full_name="Bench Admin")
    PartnershipRole.objects.create(person=admin, partnership=home, role="administrator")
    current = load_policy_version(
        partnership=home, text=text, file_name=largest.name, now=NOW - timedelta(days=60)
    )
    version_line = next(line for line in text.splitlines() if line.startswith("version = "))
    totals, changes = [], 0
    for run in range(RUNS + 1):  # the first warms up
        data = text.replace(version_line, f'version = "bench-{run}"', 1).encode("utf-8")
        began = time.perf_counter()
        uploaded, _ = actions.upload_policy(
            actor=admin,
            partnership=home,
            text=policy_text(data, largest.name),
            file_name=largest.name,
            now=NOW,
        )
        explain(policy_of(uploaded))
        changes = len(compare(policy_of(current), policy_of(uploaded)).changes)
        if run:
            totals.append(time.perf_counter() - began)
    median, worst = statistics.median(totals), max(totals)
    verdict = "met" if median < TARGET_S else "MISSED"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return [
        f"largest policy: {largest.name} ({largest.stat().st_size:,} bytes); {changes} changes "
        "from the version in force",
        f"upload-check-explain-compare: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} "
        f"ms over {RUNS} runs (target under {TARGET_S:.0f} s: {verdict}; load {load:.1f})",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
