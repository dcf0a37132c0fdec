"""The work of `benchmarks/reports.py`, in a process of its own (see there). Prints its figures."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from accord.engine.london import LONDON

ADMIN_URL = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
NAME = os.environ.get("ACCORD_BENCH_REPORTS_DB", "accord_bench_reports")
CASES = int(os.environ.get("ACCORD_BENCH_REPORTS_CASES", "1000000"))
PARTNERSHIPS = int(os.environ.get("ACCORD_BENCH_REPORTS_PARTNERSHIPS", "150"))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)
QUARTER = "2026-Q3"
BOARD_TARGET_MS = 300
REPORT_TARGET_MS = 2000
SAMPLE = 20


def main() -> int:
    from accord.config import pgadmin

    os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + "/" + NAME
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    scale = f"{CASES} cases, {PARTNERSHIPS} partnerships, v1"
    if os.environ.get("ACCORD_BENCH_REPORTS_REBUILD") or _stored_scale() != scale:
        pgadmin.main(["drop", ADMIN_URL, NAME])
        pgadmin.main(["create", ADMIN_URL, NAME])
        _setup()
        from django.core.management import call_command

        from benchmarks import _reports_data

        call_command("migrate", verbosity=0)
        _reports_data.build(partnerships=PARTNERSHIPS, cases=CASES, now=NOW)
        _sql("CREATE TABLE bench_scale (scale text)")
        _sql("INSERT INTO bench_scale VALUES (%s)", [scale])
    else:
        _setup()
        print(f"(reusing the data in {NAME}; ACCORD_BENCH_REPORTS_REBUILD=1 builds it again)")
    for line in _run():
        print(line, flush=True)
    return 0


def _setup() -> None:
    import django

    django.setup()


def _stored_scale() -> str | None:
    import psycopg

    try:
        with psycopg.connect(ADMIN_URL.rsplit("/", 1)[0] + "/" + NAME, connect_timeout=3) as db:
            row = db.execute("SELECT scale FROM bench_scale").fetchone()
    except Exception:
        return None
    return str(row[0]) if row else None


def _sql(statement: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _timed(function: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _figures(label: str, times: list[float], target: float) -> str:
    times = sorted(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    verdict = "OK" if p95 < target else "OVER TARGET"
    return (
        f"{label}: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max "
        f"{times[-1]:.0f} ms over {len(times)} partnerships (target < {target:.0f} ms): {verdict}"
    )


def _run() -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.cases.models import Case, CaseEvent
    from accord.partnerships.models import Partnership
    from accord.reports.board import board_for
    from accord.reports.exports import report_pdf
    from accord.reports.periods import parse_quarter
    from accord.reports.quarterly import quarterly_report

    quarter = parse_quarter(QUARTER, today=NOW.date())
    partnerships = list(Partnership.objects.order_by("pk"))
    step = max(1, len(partnerships) // SAMPLE)
    sample = partnerships[::step][:SAMPLE]
    lines = [
        f"PostgreSQL: {Case.objects.count():,} cases, {CaseEvent.objects.count():,} events, "
        f"{len(partnerships)} partnerships; as of {NOW:%Y-%m-%d %H:%M}, quarter {QUARTER}"
    ]
    for partnership in sample[:3]:  # warm the caches
        board_for(partnership.pk, now=NOW)
        quarterly_report(partnership, quarter, today=NOW.date())
    with CaptureQueriesContext(connection) as board_queries:
        board = board_for(sample[0].pk, now=NOW)
    lines.append(
        f"one board: {board.active.count:,} active cases, {board.overdue.count} overdue, "
        f"{len(board_queries)} queries"
    )
    boards = [_timed(lambda p=p: board_for(p.pk, now=NOW), repeat=2) for p in sample]
    lines.append(_figures("live board", boards, BOARD_TARGET_MS))
    with CaptureQueriesContext(connection) as report_queries:
        report = quarterly_report(sample[0], quarter, today=NOW.date())
    raised = dict(report.table("summary").rows)["Raised"]  # type: ignore[arg-type]
    lines.append(
        f"one quarterly report: {raised} raised in the quarter, {len(report_queries)} queries"
    )
    reports = [
        _timed(lambda p=p: quarterly_report(p, quarter, today=NOW.date()), repeat=2) for p in sample
    ]
    lines.append(_figures("quarterly report figures", reports, REPORT_TARGET_MS))
    lines.append(
        f"(not in the target) its PDF: {_timed(lambda: report_pdf(report)):.0f} ms to render"
    )
    lines += _plans(sample[0].pk, quarter, NOW.date())
    return lines


def _plans(partnership_id: int, quarter: Any, today: date) -> list[str]:
    """EXPLAIN ANALYZE of the queries that read the large tables."""
    from django.db.models import Count

    from accord.cases.models import CaseEvent
    from accord.cases.worklists import with_due
    from accord.reports.population import active_cases_of, cases_in_play
    from accord.reports.trends import deadlines_due, raised_before_the_end, stage_events

    in_play = cases_in_play(partnership_id, quarter)
    ids = list(in_play.values_list("pk", flat=True))
    queries = {
        "board: active cases, grouped": active_cases_of(partnership_id)
        .order_by()
        .values("status", "stage", "urgent", "raising_agency_id", "receiving_agency_id")
        .annotate(n=Count("pk")),
        "board: overdue": with_due(active_cases_of(partnership_id), NOW)
        .filter(**{"overdue": True})
        .order_by()
        .values("pk"),
        "report: the cases in play": in_play.order_by().values_list("pk", "raised_at"),
        "report: their stage events": stage_events(ids),
        "report: deadlines due": deadlines_due(raised_before_the_end(partnership_id, quarter),
                                              quarter),
        "report: resolutions (debriefs)": CaseEvent.objects.filter(
            case_id__in=ids, kind="resolved", at__gte=quarter.starts_at,
            at__lt=quarter.ends_before,
        ).order_by().values_list("case_id", "at"),
    }  # fmt: skip
    lines = []
    for label, query in queries.items():
        lines.append(f"plan, {label}:")
        plan = query.explain(analyze=True).splitlines()
        lines += [f"    {line[:160]}" for line in plan]
    return lines


if __name__ == "__main__":
    sys.exit(main())
