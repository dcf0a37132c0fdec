"""The work of `benchmarks/documents.py`, in a process of its own (see there): prints figures."""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from accord.engine.london import LONDON

EVENTS = 200
RUNS = 5
TARGET_S = 2.0
ROOT = Path(__file__).resolve().parents[1]
RAISED_AT = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)


def _progress(text: str) -> None:
    print(f"   .. {text}", file=sys.stderr, flush=True)


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


def _case() -> Any:
    """A case of the generic procedure escalated to stage 2, then worked on until its event log
    has EVENTS events: tasks added and completed, meetings recorded."""
    from accord.accounts.models import Agency, AgencyKind, Level, Person
    from accord.cases import actions
    from accord.cases.models import CaseEvent
    from accord.partnerships.models import Partnership
    from accord.partnerships.policies import load_policy_version

    home = Partnership.objects.create(slug="bench", name="Bench Partnership", live=True)
    text = (ROOT / "accord" / "policies" / "generic-lscb.toml").read_text(encoding="utf-8")
    version = load_policy_version(
        partnership=home,
        text=text,
        file_name="generic-lscb.toml",
        now=RAISED_AT - timedelta(days=60),
    )
    school = Agency.objects.create(
        name="Bench School", kind=AgencyKind.EDUCATION, home_partnership=home
    )
    care = Agency.objects.create(
        name="Bench Social Care", kind=AgencyKind.SOCIAL_CARE, home_partnership=home
    )

    def person(name: str, agency: Any, level: str) -> Any:
        return Person.objects.create(
            email=f"{name.lower().replace(' ', '.')}@bench.example", full_name=name, agency=agency,
            level=level, job_title=level.replace("_", " ").capitalize(),
        )  # fmt: skip

    raiser = person("Bench Raiser", school, Level.PRACTITIONER)
    worker = person("Bench Worker", care, Level.PRACTITIONER)
    case = actions.raise_case(
        partnership=home, policy_version=version, raised_by=raiser, raising_agency=school,
        receiving_agency=care, receiving_holder=worker, decision_summary="Referral closed.",
        outcome_sought="An assessment.", subject_name="Bench Child", now=RAISED_AT,
    )  # fmt: skip
    now = RAISED_AT + timedelta(hours=2)
    raising = person("Bench Raising Manager", school, Level.FIRST_LINE_MANAGER)
    receiving = person("Bench Receiving Manager", care, Level.FIRST_LINE_MANAGER)
    case = actions.escalate_case(
        case=case, actor=raiser, raising_holder=raising, receiving_holder=receiving,
        reason="No agreement", now=now,
    )  # fmt: skip
    count = CaseEvent.objects.filter(case=case).count()
    n = 0
    while count < EVENTS:
        now += timedelta(minutes=30)
        n += 1
        if n % 5 == 0:
            actions.record_meeting(
                case=case, actor=raising, held_at=now - timedelta(minutes=10), now=now,
                chair=raising, attendees=[receiving], minutes=f"Meeting {n}: progress reviewed.",
            )  # fmt: skip
            count += 1
            continue
        task = actions.add_task(
            case=case, actor=raising, title=f"Task {n}: share the records asked for",
            owner=receiving if n % 2 else raising, due_on=(now + timedelta(days=7)).date(), now=now,
        )  # fmt: skip
        count += 1
        if count < EVENTS:
            actions.complete_task(task=task, actor=raising, now=now + timedelta(minutes=5))
            count += 1
    case.refresh_from_db()
    return case, raising


def _run() -> list[str]:
    from pypdf import PdfReader

    from accord.cases import summaries
    from accord.cases.models import CaseEvent
    from accord.documents.pdf import render_pdf

    started = time.perf_counter()
    case, person = _case()
    events = CaseEvent.objects.filter(case=case).count()
    _progress(f"built a case of {events} events in {time.perf_counter() - started:.1f} s")
    now = RAISED_AT + timedelta(days=30)
    render_pdf(
        "case_summary", summaries.case_summary(case, person=person, now=now), language="en-gb"
    )  # warm up
    gathering, rendering, totals, cpu, pages = [], [], [], [], 0
    for _ in range(RUNS):
        began, cpu_began = time.perf_counter(), time.process_time()
        document = summaries.case_summary(case, person=person, now=now)
        gathered = time.perf_counter()
        body = render_pdf("case_summary", document, language="en-gb")
        done = time.perf_counter()
        gathering.append(gathered - began)
        rendering.append(done - gathered)
        totals.append(done - began)
        cpu.append(time.process_time() - cpu_began)
        pages = len(PdfReader(io.BytesIO(body)).pages)
    median, worst = statistics.median(totals), max(totals)
    verdict = "met" if median < TARGET_S else "MISSED"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return [
        f"case summary PDF of a case with {events} events ({len(body):,} bytes, {pages} pages)",
        f"gathering from the case: median {statistics.median(gathering) * 1000:.0f} ms",
        f"rendering the tagged PDF: median {statistics.median(rendering) * 1000:.0f} ms",
        f"in all: median {median:.2f} s, worst {worst:.2f} s of {RUNS} "
        f"(target < {TARGET_S:.0f} s: {verdict})",
        f"CPU time: median {statistics.median(cpu):.2f} s (load average {load:.1f} on "
        f"{os.cpu_count()} CPUs: the wall-clock figures include waiting for a CPU)",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
