"""The work of `benchmarks/access.py`, in a process of its own (see there). Prints its figures."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ADMIN_URL = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
NAME = f"accord_bench_access_{os.getpid()}"
FANOUT = 4  # each manager has 4 reports: 4**6 = 4,096 practitioners under the director
DEPTH = 6  # managers above a practitioner
ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
QUERY_TARGET = 2
TIME_TARGET_MS = 50


def _progress(text: str) -> None:
    print(f"   .. {text}", file=sys.stderr, flush=True)


def main() -> int:
    postgres = _postgres_available()
    with tempfile.TemporaryDirectory() as scratch:
        if postgres:
            from accord.config import pgadmin

            pgadmin.main(["create", ADMIN_URL, NAME])
            os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + "/" + NAME
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["ACCORD_VAR_DIR"] = scratch
        default = 100_000 if postgres else 20_000
        cases = int(os.environ.get("ACCORD_BENCH_ACCESS_CASES", default))
        try:
            for line in _run(cases, "PostgreSQL" if postgres else "SQLite"):
                print(line, flush=True)
        finally:
            from django.db import connections

            connections.close_all()
            if postgres:
                pgadmin.main(["drop", ADMIN_URL, NAME])
    return 0


def _postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except Exception:
        return False
    return True


def _run(cases: int, database: str) -> list[str]:
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    world = _world()
    _fill(world, cases)
    return [
        f"{database}: {cases:,} cases; {world['people']:,} people; the raising agency's chain is "
        f"{DEPTH} managers deep above each practitioner ({FANOUT} reports each)",
        *_case_page_checks(world),
        *_list_pages(world),
        *(_plans(world) if os.environ.get("ACCORD_BENCH_EXPLAIN") else []),
    ]


def _plans(world: dict[str, Any]) -> list[str]:
    """With ACCORD_BENCH_EXPLAIN=1: the plans of the case page's and the list's queries."""
    from accord.accounts.models import Person
    from accord.cases import access
    from accord.cases.models import Case
    from accord.cases.queries import case_list_for

    director = Person.objects.get(agency=world["school"], level="director")
    case = Case.objects.order_by("pk")[len(world["raisers"]) // 2]
    lines = []
    for label, query in (
        ("case page, director", access.readable_by(director).filter(reference=case.reference)),
        ("case list, director", case_list_for(director)[:50]),
    ):
        lines.append(f"plan, {label}:")
        lines += [f"  {line}" for line in query.explain(analyze=True).splitlines()]
    return lines


def _tree(agency: Any, fanout: int, levels: list[str], prefix: str) -> list[list[Any]]:
    """People in a management tree, top first: one list per level."""
    from django.contrib.auth.hashers import make_password

    from accord.accounts.models import Person

    unusable = make_password(None)
    rows: list[list[Any]] = []
    managers: list[Any] = [None]
    for depth, level in enumerate(levels):
        made = [
            Person(
                email=f"{prefix}.{depth}.{n}.{i}@bench.example",
                full_name=f"{prefix} {depth} {n}",
                agency=agency,
                level=level,
                line_manager=manager,
                password=unusable,
            )
            for n, manager in enumerate(managers)
            for i in range(1 if manager is None else fanout)
        ]
        Person.objects.bulk_create(made, batch_size=2000)
        rows.append(made)
        managers = made
    return rows


def _world() -> dict[str, Any]:
    from accord.accounts.models import Agency, AgencyKind, Level, PartnershipRole, Person
    from accord.partnerships.models import Partnership
    from accord.partnerships.policies import load_policy_version

    home = Partnership.objects.create(slug="bench", name="Bench Partnership", live=True)
    text = (ROOT / "accord" / "policies" / "generic-lscb.toml").read_text(encoding="utf-8")
    version = load_policy_version(
        partnership=home, text=text, file_name="generic-lscb.toml", now=NOW - timedelta(days=400)
    )
    school = Agency.objects.create(name="Schools", kind=AgencyKind.EDUCATION, home_partnership=home)
    social = Agency.objects.create(
        name="Social care", kind=AgencyKind.SOCIAL_CARE, home_partnership=home
    )
    for agency in (school, social):
        agency.serves.add(home)
    managers = [Level.DIRECTOR, Level.SENIOR_MANAGER, Level.SENIOR_MANAGER, Level.SERVICE_LEADER,
                Level.SERVICE_LEADER, Level.FIRST_LINE_MANAGER]  # fmt: skip
    raising = _tree(school, FANOUT, [*managers, Level.PRACTITIONER], "school")
    receiving = _tree(social, 3, [*managers[2:], Level.PRACTITIONER], "social")
    _progress(f"{Person.objects.count():,} people in management trees")
    lead = Person.objects.create_user(
        "lead@bench.example", None, full_name="Lead", agency=social, is_safeguarding_lead=True
    )
    manager = Person.objects.create_user("bm@bench.example", None, full_name="Business manager")
    PartnershipRole.objects.create(person=manager, partnership=home, role="business_manager")
    outsider = Person.objects.create_user(
        "outsider@bench.example", None, full_name="Outsider", agency=school
    )
    return {
        "home": home, "version": version, "school": school, "social": social,
        "raisers": raising[-1], "receivers": receiving[-1], "lead": lead, "manager": manager,
        "outsider": outsider, "people": Person.objects.count(),
    }  # fmt: skip


def _sql(statement: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _series(count: int) -> str:
    """A table expression `s(g)` of 1..count, on either database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"(SELECT generate_series(1, {int(count)}) AS g) AS s"
    return (
        "(WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n "  # noqa: S608 - an int
        f"WHERE g < {int(count)}) SELECT g FROM n) AS s"
    )


def _fill(world: dict[str, Any], cases: int) -> None:
    """Cases raised by the practitioners in turn against the receiving practitioners in turn,
    each held by both at stage 1."""
    from django.db import connection

    started = time.perf_counter()
    _sql("CREATE TABLE bench_raiser (n integer PRIMARY KEY, person integer)")
    _sql("CREATE TABLE bench_receiver (n integer PRIMARY KEY, person integer)")
    for table, people in (
        ("bench_raiser", world["raisers"]),
        ("bench_receiver", world["receivers"]),
    ):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (n, person) VALUES (%s, %s)",  # noqa: S608 - our own names
                [(n, p.pk) for n, p in enumerate(people)],
            )
    raised = NOW - timedelta(days=30)
    _sql(
        f"""
        INSERT INTO cases_case (reference, partnership_id, policy_version_id, status, stage,
            urgent, facts, subject_kind, decision_summary, outcome_sought, theme,
            raising_agency_id, receiving_agency_id, raised_by_id, raised_at, last_event_at,
            awaiting_side)
        SELECT 'ACC-2026-' || g, %s, %s, 'open', 1, false, '{{}}', 'child', '', '', '', %s, %s,
            r.person, %s, %s, 'receiving'
        FROM {_series(cases)}
        JOIN bench_raiser r ON r.n = g %% {len(world["raisers"])}
        """,  # noqa: S608 - only integers are formatted in
        [
            world["home"].pk,
            world["version"].pk,
            world["school"].pk,
            world["social"].pk,
            raised,
            raised,
        ],
    )
    _sql(
        f"""
        INSERT INTO cases_holding (case_id, stage, side, person_id, started_at)
        SELECT c.id, 1, 'raising', c.raised_by_id, c.raised_at FROM cases_case c
        UNION ALL
        SELECT c.id, 1, 'receiving', v.person, c.raised_at FROM cases_case c
        JOIN bench_receiver v ON v.n = c.id % {len(world["receivers"])}
        """  # noqa: S608 - only integers are formatted in
    )
    if connection.vendor == "postgresql":
        _sql("ANALYZE")
    _progress(
        f"{cases:,} cases and {2 * cases:,} holdings in {time.perf_counter() - started:.1f} s"
    )


def _median_ms(action: Callable[[], object], rounds: int = 30) -> float:
    action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _case_page_checks(world: dict[str, Any]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.accounts.models import Person
    from accord.accounts.scope import forget_roles
    from accord.cases import access
    from accord.cases.models import Case, Holding

    case = Case.objects.order_by("pk")[len(world["raisers"]) // 2]
    holdings = list(Holding.objects.filter(case=case))
    viewers: list[tuple[str, Person, bool]] = []
    person: Person | None = Person.objects.get(pk=case.raised_by_id)
    for depth in range(DEPTH + 1):
        assert person is not None
        label = "the raiser" if depth == 0 else f"{depth} level{'s' if depth > 1 else ''} up"
        viewers.append((label, person, True))
        person = person.line_manager
    receiver = next(h.person for h in holdings if h.side == "receiving")
    viewers += [
        ("the receiving holder", receiver, True),
        ("a safeguarding lead", world["lead"], True),
        ("the business manager", world["manager"], True),
        ("someone refused", world["outsider"], False),
    ]

    def check(viewer: Person) -> None:
        forget_roles(viewer)  # as on a new request
        try:
            found = access.get_case_for(viewer, case.reference)
        except Case.DoesNotExist:
            return
        access.may_respond(access.case_access(viewer, found, holdings))

    lines = ["the case page's access check (the case read through the rules, then the roles):"]
    counts = set()
    worst = 0.0
    for label, viewer, sees in viewers:
        with CaptureQueriesContext(connection) as queries:
            check(viewer)
        seen = True
        try:
            access.get_case_for(viewer, case.reference)
        except Case.DoesNotExist:
            seen = False
        assert seen == sees, label
        took = _median_ms(lambda v=viewer: check(v))  # type: ignore[misc]
        worst = max(worst, took)
        counts.add(len(queries.captured_queries))
        lines.append(
            f"  {label:<22} {len(queries.captured_queries)} queries, median {took:.2f} ms"
            f"{'' if sees else ' (refused: 404)'}"
        )
    verdict = "ok" if max(counts) <= QUERY_TARGET else "OVER TARGET"
    lines.append(
        f"  at most {max(counts)} queries at any depth (target <= {QUERY_TARGET}): {verdict}"
    )
    verdict = "ok" if worst < TIME_TARGET_MS else "OVER TARGET"
    lines.append(f"  slowest median {worst:.2f} ms (target < {TIME_TARGET_MS} ms): {verdict}")
    return lines


def _list_pages(world: dict[str, Any]) -> list[str]:
    from accord.accounts.models import Person
    from accord.cases.queries import case_list_for

    director = Person.objects.get(agency=world["school"], level="director")
    raiser = world["raisers"][len(world["raisers"]) // 2]
    lines = ["the case list's first 50 rows (one query):"]
    for label, viewer in (
        ("the raiser", raiser),
        ("the director, 6 levels up", director),
        ("the business manager", world["manager"]),
        ("a safeguarding lead", world["lead"]),
    ):
        took = _median_ms(lambda v=viewer: list(case_list_for(v)[:50]), rounds=10)  # type: ignore[misc]
        lines.append(f"  {label:<26} median {took:.1f} ms")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
