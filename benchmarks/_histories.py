"""Open cases with histories of chosen lengths for `benchmarks/writes.py`: a partnership with the
tests' example policy, two agencies and their people, and the cases (raised, then tasks added to
reach the length), written to a history file and loaded by `accord.cases.loading`."""

from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from accord.engine.london import LONDON

RAISED_AT = datetime(2026, 6, 1, 10, 0, tzinfo=LONDON)  # a Monday with no bank holiday near


def world() -> dict[str, Any]:
    from accord.accounts.models import Level
    from accord.partnerships.seeding import seed_bank_holidays
    from tests.factories import AgencyFactory, PartnershipFactory, PersonFactory
    from tests.factories import PolicyVersionFactory as Version

    seed_bank_holidays(range(2025, 2029))  # as a deployment has them: every calendar reads them
    home = PartnershipFactory(slug="bench-writes")
    version = Version(partnership=home)
    school = AgencyFactory(home_partnership=home, kind="education", name="Bench School")
    social = AgencyFactory(home_partnership=home, kind="social_care", name="Bench Social Care")
    people = {}
    for key, agency, level in (
        ("raising", school, Level.PRACTITIONER),
        ("receiving", social, Level.PRACTITIONER),
        ("raising_next", school, Level.FIRST_LINE_MANAGER),
        ("receiving_next", social, Level.FIRST_LINE_MANAGER),
    ):
        people[key] = PersonFactory(agency=agency, level=level, email=f"{key}@bench.example")
    return {"home": home, "version": version, "school": school, "social": social, **people}


def history_line(w: dict[str, Any], at: datetime, events: int) -> dict[str, Any]:
    """One line of a history file: a case raised at `at`, then tasks to `events` events."""
    raiser = w["raising"].email
    return {
        "partnership": w["home"].slug,
        "raised_at": at.isoformat(),
        "raised_by": raiser,
        "raising_agency": w["school"].name,
        "receiving_agency": w["social"].name,
        "receiving_holder": w["receiving"].email,
        "decision_summary": "Referral closed with no further action.",
        "outcome_sought": "A child and family assessment.",
        "subject_name": "Bench Child",
        "events": [
            {
                "action": "add_task",
                "at": (at + timedelta(minutes=m + 1)).isoformat(),
                "by": raiser,
                "title": f"Task {m}",
                "owner": raiser,
            }
            for m in range(events - 1)
        ],
    }


def load_histories(cases: int, histories: dict[str, int]) -> tuple[dict[str, list[Any]], str]:
    """`cases` open cases for each named history length (events), written to a history file and
    loaded with the bulk loader; the line saying how fast."""
    from accord.cases.loading import load_cases
    from accord.cases.models import Case

    w = world()
    people = {k: w[k] for k in ("raising", "receiving", "raising_next", "receiving_next")}
    with tempfile.TemporaryDirectory(prefix="accord-bench-histories-") as folder:
        path = Path(folder) / "histories.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for events in histories.values():
                for n in range(cases):
                    line = history_line(w, RAISED_AT + timedelta(minutes=n), events)
                    out.write(json.dumps(line) + "\n")
        started = time.perf_counter()
        report = load_cases(path)
        took = time.perf_counter() - started
    loaded = iter(Case.objects.filter(reference__in=report.references).order_by("pk"))
    made = {name: [(next(loaded), people) for _ in range(cases)] for name in histories}
    return made, (
        f"{report.cases} cases, {report.events} events loaded (accord cases load) in "
        f"{took:.1f} s ({report.events / took:.0f} events/s)"
    )
