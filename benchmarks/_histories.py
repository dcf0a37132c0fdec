"""Open cases with histories of chosen lengths for `benchmarks/writes.py`: a partnership with the
tests' example policy, two agencies and their people, and the cases (raised, then tasks added to
reach the length)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from accord.engine.london import LONDON

RAISED_AT = datetime(2026, 6, 1, 10, 0, tzinfo=LONDON)  # a Monday with no bank holiday near


def world() -> dict[str, Any]:
    from accord.accounts.models import Level
    from tests.factories import AgencyFactory, PartnershipFactory, PersonFactory
    from tests.factories import PolicyVersionFactory as Version

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


def load_histories(cases: int, histories: dict[str, int]) -> tuple[dict[str, list[Any]], str]:
    """`cases` open cases for each named history length (events); the line saying how fast."""
    from accord.cases import actions

    w = world()
    people = {k: w[k] for k in ("raising", "receiving", "raising_next", "receiving_next")}
    made: dict[str, list[Any]] = {}
    started = time.perf_counter()
    written = 0
    for name, events in histories.items():
        made[name] = []
        for n in range(cases):
            at = RAISED_AT + timedelta(minutes=n)
            case = actions.raise_case(
                partnership=w["home"],
                policy_version=w["version"],
                raised_by=w["raising"],
                raising_agency=w["school"],
                receiving_agency=w["social"],
                receiving_holder=w["receiving"],
                decision_summary="Referral closed with no further action.",
                outcome_sought="A child and family assessment.",
                subject_name="Bench Child",
                now=at,
            )
            for m in range(events - 1):
                actions.add_task(
                    case=case,
                    actor=w["raising"],
                    title=f"Task {m}",
                    owner=w["raising"],
                    now=at + timedelta(minutes=m + 1),
                )
            case.refresh_from_db()
            made[name].append((case, people))
            written += events
    took = time.perf_counter() - started
    total = cases * len(histories)
    return made, (
        f"{total} cases, {written} events written through the actions in {took:.1f} s "
        f"({written / took:.0f} events/s)"
    )
