"""The work of `benchmarks/pages.py`, in a process of its own (see there). Prints its figures."""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from benchmarks._pages_data import STATE_NAMES, fill, progress, templates, world

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/accord_bench_pages"
)
CASES = int(os.environ.get("BENCH_CASES", "100000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "2000000"))
CASE_PAGES = 200
LIST_ROUNDS = 12
CASE_MEDIAN_MS, CASE_P95_MS, LIST_P95_MS = 50, 100, 150
API_CASE_P95_MS = 50  # issue 18: a case read through the API


def main() -> int:
    import psycopg
    from psycopg import sql as pgsql

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(
                pgsql.SQL("DROP DATABASE IF EXISTS {}").format(pgsql.Identifier(name))
            )
            connection.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))
    except psycopg.Error as error:
        print(f"skipped: no PostgreSQL at {admin} ({type(error).__name__})")
        return 0
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    os.environ["ACCORD_API_RATE"] = "1000000/minute"  # the benchmark measures, it is not limited
    try:
        for line in _run():
            print(line, flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(
                    pgsql.SQL("DROP DATABASE IF EXISTS {}").format(pgsql.Identifier(name))
                )
    return 0


def _run() -> list[str]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC)
    w = world(now)
    made = templates(w, now)
    fill(w, made, CASES, EVENTS)
    client = _client(w["manager"])
    lines = [
        f"PostgreSQL: {CASES:,} cases (clones of {len(STATE_NAMES)} cases made through the "
        f"actions: {', '.join(STATE_NAMES)}), {_count('cases_caseevent'):,} events, "
        f"{_count('cases_deadline'):,} deadlines, {_count('cases_holding'):,} holdings; "
        "asked as the partnership's business manager, server-side (Django's test Client)",
        _load(),
        *_case_pages(client),
        "the business manager's filtered list:",
        *_lists(client, w),
        *_api_reads(w),
    ]
    if os.environ.get("BENCH_EXPLAIN"):
        lines += _plans(w)
    return lines


def _load() -> str:
    """The machine's load: the figures are wall-clock, so a busy machine inflates them."""
    one, five, _ = os.getloadavg()
    return f"(load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs)"


def _count(table: str) -> int:
    from benchmarks._pages_data import scalar

    return int(scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 - our own table names


def _client(person: Any) -> Any:
    from django.test import Client

    from tests.signing_in import force_login_fully  # what a full sign-in leaves in the session

    client = Client()
    force_login_fully(client, person)
    return client


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER TARGET"


def _get(client: Any, url: str, data: dict[str, str] | None = None) -> Any:
    response = client.get(url, data or {})
    assert response.status_code == 200, (url, data, response.status_code)
    return response


def _case_pages(client: Any) -> list[str]:
    from django.db import connection
    from django.urls import reverse

    from accord.cases.models import Case

    references = list(
        Case.objects.filter(reference__startswith="ACC-2025-").values_list("reference", flat=True)
    )
    chosen = random.Random(4).sample(references, CASE_PAGES + 20)
    urls = [reverse("web:case-detail", args=[r]) for r in chosen]
    for url in urls[:20]:  # warm-up: connections, templates, the policy's parse
        _get(client, url)
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        _get(client, urls[20])
    progress("case pages ...")
    times = [_timed(lambda u=url: _get(client, u)) for url in urls[20:]]  # type: ignore[misc]
    median, p95 = statistics.median(times), _p95(times)
    return [
        f"the case page (web:case-detail), {CASE_PAGES} random cases, {len(queries)} queries each:",
        f"  median {median:.1f} ms (target < {CASE_MEDIAN_MS} ms): "
        f"{_verdict(median, CASE_MEDIAN_MS)}",
        f"  p95 {p95:.1f} ms (target < {CASE_P95_MS} ms): {_verdict(p95, CASE_P95_MS)}",
        f"  slowest {max(times):.1f} ms",
    ]


def _api_reads(w: dict[str, Any]) -> list[str]:
    """The API's case read and a page of 50 of the partnership's cases, with the business
    manager's token (issue 18: a case read's p95 under 50 ms)."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accord.api.tokens import make_token
    from accord.cases.models import Case

    token = make_token(
        person=w["manager"], name="bench", scope="read", days=7, now=timezone.now()
    ).text
    client = Client(headers={"Authorization": f"Bearer {token}"})
    references = list(
        Case.objects.filter(reference__startswith="ACC-2025-").values_list("reference", flat=True)
    )
    chosen = random.Random(5).sample(references, CASE_PAGES + 20)
    urls = [f"/api/v1/cases/{r}/" for r in chosen]
    for url in urls[:20]:
        _get(client, url)
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        _get(client, urls[20])
    progress("API case reads ...")
    times = [_timed(lambda u=url: _get(client, u)) for url in urls[20:]]  # type: ignore[misc]
    median, p95 = statistics.median(times), _p95(times)
    _get(client, "/api/v1/partnership-cases/")
    pages = [
        _timed(lambda: _get(client, "/api/v1/partnership-cases/", {"limit": "50"}))
        for _ in range(LIST_ROUNDS)
    ]
    return [
        f"the API's case read (GET /api/v1/cases/{{reference}}/), {CASE_PAGES} random cases, "
        f"{len(queries)} queries each:",
        f"  median {median:.1f} ms; p95 {p95:.1f} ms (target < {API_CASE_P95_MS} ms): "
        f"{_verdict(p95, API_CASE_P95_MS)}",
        f"the API's page of 50 partnership cases: p95 {_p95(pages):.1f} ms",
    ]


def _filters(w: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    agency = str(w["agencies"][3].pk)
    return [
        ("no filter (newest first)", {}),
        ("open", {"status": "open"}),
        ("active and overdue", {"status": "active", "overdue": "1"}),
        ("stage 2, open", {"stage": "2", "status": "open"}),
        ("one agency", {"agency": agency}),
        (
            "one agency, active, soonest due",
            {"agency": agency, "status": "active", "sort": "next_due"},
        ),
        ("urgent", {"urgent": "1"}),
        ("theme, closed", {"theme": "Thresholds", "status": "closed"}),
        ("raised in a quarter", {"raised_from": "1/1/2026", "raised_to": "31/3/2026"}),
        ("active, soonest due", {"status": "active", "sort": "next_due"}),
        ("by reference, page 20", {"sort": "-reference", "page": "20"}),
        ("referred, by stage", {"status": "referred", "sort": "stage"}),
    ]


def _lists(client: Any, w: dict[str, Any]) -> list[str]:
    from django.urls import reverse

    url = reverse("web:partnership-cases")
    lines, everything = [], []
    progress("lists ...")
    for label, query in _filters(w):
        _get(client, url, query)  # warm-up
        times = [_timed(lambda q=query: _get(client, url, q)) for _ in range(LIST_ROUNDS)]  # type: ignore[misc]
        everything += times
        lines.append(
            f"  {label:<34} median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms"
        )
    p95 = _p95(everything)
    lines.append(
        f"  all {len(everything)} requests: median {statistics.median(everything):.1f} ms, "
        f"p95 {p95:.1f} ms (target < {LIST_P95_MS} ms): {_verdict(p95, LIST_P95_MS)}"
    )
    return lines


def _plans(w: dict[str, Any]) -> list[str]:
    """With BENCH_EXPLAIN=1: the plans of the list's two queries for two filters."""
    from django.utils import timezone

    from accord.cases.case_filters import CaseFilters
    from accord.cases.worklists import partnership_cases

    lines = []
    for label, filters in (
        ("no filter", CaseFilters()),
        ("active, soonest due", CaseFilters(status="active", sort="next_due")),
    ):
        cases = partnership_cases(w["manager"], filters, now=timezone.now())
        for part, query in (("page", cases[:51]), ("count", cases)):
            explained = query.explain(analyze=True) if part == "page" else _count_plan(query)
            lines.append(f"plan, {label}, {part}:")
            lines += [f"    {line}" for line in explained.splitlines()]
    return lines


def _count_plan(query: Any) -> str:
    from django.db import connection

    from accord.web.views.queues import COUNT_CAP as cap  # the list's count stops there

    inner, params = query.order_by().values("pk")[: cap + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE SELECT count(*) FROM ({inner}) AS q", params)  # noqa: S608
        return "\n".join(row[0] for row in cursor.fetchall())


if __name__ == "__main__":
    raise SystemExit(main())
