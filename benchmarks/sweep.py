"""The sweep at national scale, on PostgreSQL: 1,000,000 open cases, nothing due; then 10,000
deadlines newly passed; then the same sweep again. Targets: < 1 s, < 2 s, < 1 s (issue 17).
Prints the cost per overdue deadline, the statements, and the shares of SQL, Python and (from
a profiled sweep of another 10,000) the engine.

Creates a throwaway database (`python -m accord.config.pgadmin create ...`), fills it with SQL
(`INSERT ... SELECT generate_series`), runs `accord tick`'s work as of chosen instants, prints the
figures and the query plans, and drops the database. Settings from the environment:
ACCORD_BENCH_POSTGRES (an admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
ACCORD_BENCH_CASES (default 1000000), ACCORD_BENCH_DUE (default 10000), ACCORD_BENCH_SWEEP_ROUNDS
(default 3: sweeps of newly passed deadlines, each of another set, with their median),
ACCORD_BENCH_PROFILE (a file for the profiled sweep's statistics); and ACCORD_SWEEP_WORKERS, the
sweep's own (its batches on that many threads, decision 39; SQL time is summed over their
connections, so it can exceed the wall time).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from accord.engine.london import LONDON
from benchmarks._ticks import Statements, measured_tick, timed_tick

ADMIN_URL = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
CASES = int(os.environ.get("ACCORD_BENCH_CASES", "1000000"))
DUE = int(os.environ.get("ACCORD_BENCH_DUE", "10000"))
ROUNDS = int(os.environ.get("ACCORD_BENCH_SWEEP_ROUNDS", "3"))  # sweeps of newly passed deadlines

NOW = datetime(2027, 1, 4, 9, 30, tzinfo=LONDON)  # a Monday morning's tick
NAME = f"accord_bench_sweep_{os.getpid()}"


def run() -> list[str]:
    import psycopg

    from accord.config import pgadmin

    try:
        pgadmin.main(["create", ADMIN_URL, NAME])
    except psycopg.Error as error:
        return [f"skipped: no PostgreSQL at {ADMIN_URL} ({type(error).__name__})"]
    try:
        return _run(ADMIN_URL.rsplit("/", 1)[0] + "/" + NAME)
    finally:
        from django.db import connections

        connections.close_all()
        pgadmin.main(["drop", ADMIN_URL, NAME])


def _progress(text: str) -> None:
    print(f"   .. {text}", file=sys.stderr, flush=True)


def _run(url: str) -> list[str]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    _progress(f"migrated in {time.perf_counter() - started:.1f} s")
    ids = _people_and_policy()
    _fill(ids)
    lines = [f"{CASES:,} open cases, {CASES:,} deadlines, {2 * CASES:,} holdings"]
    lines += _sweeps()
    _sql("ANALYZE")  # the plans as the planner sees tables after a day's work
    lines += _plans()
    return lines


def _people_and_policy() -> dict[str, int]:
    """A Blackburn with Darwen demo partnership (people, chains, role assignments) via the ORM."""
    from accord.demo.people import PARTNERSHIPS, _Names, build_partnership
    from accord.demo.roles import assign_roles
    from accord.partnerships.seeding import seed_bank_holidays

    seed_bank_holidays(range(2025, 2029))
    row = next(p for p in PARTNERSHIPS if p[0] == "blackburn-with-darwen.toml")
    names = _Names()
    unusable = "!"  # no one signs in to a benchmark
    demo = build_partnership(
        *row, password_hash=unusable, now=NOW - timedelta(days=400), names=names
    )
    assign_roles(demo, names=names)
    education, social = demo.agencies["education"], demo.agencies["social_care"]
    return {
        "partnership": demo.partnership.pk,
        "version": demo.version.pk,
        "raising_agency": education.agency.pk,
        "receiving_agency": social.agency.pk,
        "raiser": education.by_level["practitioner"].pk,
        "receiving_holder": social.by_level["first_line_manager"].pk,
    }


def _sql(statement: str, params: dict[str, Any] | None = None) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
    return time.perf_counter() - started


def _fill(ids: dict[str, int]) -> None:
    """Cases, their two holders and one open stage deadline each, due in the future."""
    raised = NOW - timedelta(days=30)
    params = {**ids, "n": CASES, "raised": raised}
    took = _sql(
        """
        INSERT INTO cases_case (reference, partnership_id, policy_version_id, status, stage,
            urgent, facts, subject_kind, decision_summary, outcome_sought, theme,
            raising_agency_id, receiving_agency_id, raised_by_id, raised_at, last_event_at,
            awaiting_side)
        SELECT 'ACC-2026-' || g, %(partnership)s, %(version)s, 'open', 1, false, '{}', 'child',
            '', '', '', %(raising_agency)s, %(receiving_agency)s, %(raiser)s, %(raised)s,
            %(raised)s, 'receiving'
        FROM generate_series(1, %(n)s) AS g
        """,
        params,
    )
    _progress(f"{CASES:,} cases in {took:.1f} s")
    took = _sql(
        """
        INSERT INTO cases_holding (case_id, stage, side, person_id, started_at)
        SELECT c.id, 1, s.side, CASE s.side WHEN 'raising' THEN %(raiser)s
            ELSE %(receiving_holder)s END, c.raised_at
        FROM cases_case c CROSS JOIN (VALUES ('raising'), ('receiving')) AS s(side)
        """,
        params,
    )
    _progress(f"{2 * CASES:,} holdings in {took:.1f} s")
    # Due well after NOW: each deadline's next alert (due soon) is days away, spread over a year.
    took = _sql(
        """
        INSERT INTO cases_deadline (case_id, key, label, kind, stage, unit, starts_on, starts_at,
            due_on, status, calendar_revision, running_since, nudge_unit, nudges_sent,
            due_set_reason, due_soon_alert_at, passed_alert_at, non_response_alert_at,
            next_alert_at, due_soon_from, overdue_after)
        SELECT c.id, 'stage:1', 'Stage 1: First line managers', 'stage', 1, 'working_days',
            c.raised_at::date, c.raised_at, d.due::date, 'open', 'bench', c.raised_at, '', 0, '',
            d.due - interval '1 day' + interval '9 hours',
            d.due + interval '1 day' + interval '9 hours',
            d.due + interval '2 days' + interval '9 hours',
            d.due - interval '1 day' + interval '9 hours',
            d.due - interval '1 day' + interval '9 hours',
            d.due + interval '1 day' - interval '1 microsecond'
        FROM cases_case c,
            LATERAL (SELECT date_trunc('day', %(now)s::timestamptz)
                + (2 + c.id %% 365) * interval '1 day' AS due) AS d
        """,
        {"now": NOW},
    )
    _progress(f"{CASES:,} deadlines in {took:.1f} s")
    took = _events(raised)
    _progress(f"{CASES:,} events, keyed chains and heads in {took:.1f} s")
    took = _sql("ANALYZE")
    _progress(f"analysed in {took:.1f} s")


def _events(raised: datetime) -> float:
    """One event a case, signed into its chain as the actions sign it, and its head (already
    checkpointed: a day's steady state), so the sweep's turn of log checks finds sound logs."""
    from django.db import connection

    from accord.cases.audit import signing_key
    from accord.cases.models.events import GENESIS_HASH, chain_hash

    started = time.perf_counter()
    key_id, key = signing_key()
    payload = {"type": "note"}
    at = raised.isoformat()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, reference FROM cases_case ORDER BY id")
        cases = cursor.fetchall()
    raw = connection.connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(
            "COPY cases_caseevent (case_id, sequence, kind, at, payload, summary, previous_hash,"
            " hash, key_id) FROM STDIN"
        ) as copy,
    ):
        for pk, reference in cases:
            signed = chain_hash(
                key=key, previous_hash=GENESIS_HASH, case_reference=reference, sequence=1,
                kind="note", actor_id=None, at=raised, payload=payload, summary="Note",
            )  # fmt: skip
            copy.write_row(
                (pk, 1, "note", at, '{"type":"note"}', "Note", GENESIS_HASH, signed, key_id)
            )
    _sql(
        """
        INSERT INTO cases_chainhead (case_id, sequence, hash, checkpointed)
        SELECT case_id, sequence, hash, sequence FROM cases_caseevent
        """
    )
    return time.perf_counter() - started


def _make_due(count: int, *, offset: int = 0) -> None:
    """`count` deadlines, spread through the table, passed just before NOW (a different set for
    each `offset` below the spacing)."""
    step = max(CASES // count, 1)
    _sql(
        """
        UPDATE cases_deadline SET due_on = %(due)s, due_soon_alert_at = NULL,
            passed_alert_at = %(passed)s, non_response_alert_at = %(grace)s,
            next_alert_at = %(passed)s
        WHERE id IN (SELECT id FROM cases_deadline WHERE id %% %(step)s = %(offset)s ORDER BY id
            LIMIT %(count)s)
        """,
        {
            "due": (NOW - timedelta(days=1)).date(),
            "passed": NOW - timedelta(minutes=30),
            "grace": NOW + timedelta(days=1),
            "step": step,
            "offset": offset % step,
            "count": count,
        },
    )
    _sql("ANALYZE cases_deadline")


def _engine_share(now: datetime) -> float:
    """The share of the sweep's Python time spent in the engine (`accord.engine`), from a
    profiled sweep of another DUE deadlines (the profiler slows Python, not the database), run
    serially (ACCORD_SWEEP_WORKERS=1)."""
    import cProfile
    import pstats

    from django.test import override_settings

    profile = cProfile.Profile()
    with override_settings(ACCORD_SWEEP_WORKERS=1):  # the profiler sees only its own thread
        profile.enable()
        measured_tick(now)
        profile.disable()
    if dump := os.environ.get("ACCORD_BENCH_PROFILE"):
        profile.dump_stats(dump)  # for `python -m pstats`
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    engine = os.sep + os.path.join("accord", "engine") + os.sep
    total = sum(row[2] for row in stats.values())
    inside = sum(row[2] for (path, _, _), row in stats.items() if engine in path)
    return inside / total if total else 0.0


def _sweeps() -> list[str]:
    from accord.cases.models import CaseNotification
    from accord.notifications.models import InAppNotification, OutboxMessage

    lines = []
    took, report = timed_tick(NOW)
    verdict = "ok" if took < 1 else "OVER TARGET"
    lines.append(
        f"nothing due: {took * 1000:.0f} ms (target < 1 s: {verdict}); "
        f"{report['notifications']} notifications"
    )
    _make_due(DUE)
    _progress(f"{DUE:,} deadlines made due")
    took, report, statements = measured_tick(NOW + timedelta(seconds=1))
    verdict = "ok" if took < 2 else "OVER TARGET"
    lines.append(
        f"{DUE:,} newly passed: {took:.2f} s (target < 2 s: {verdict}); "
        f"{report['notifications']:,} notifications, "
        f"{InAppNotification.objects.count():,} in-app, {OutboxMessage.objects.count():,} e-mails"
    )
    lines += _costs(took, statements, overdue=report["deadlines"])
    first = took
    took, report = timed_tick(NOW + timedelta(seconds=2))
    verdict = "ok" if took < 1 else "OVER TARGET"
    lines.append(
        f"run again: {took * 1000:.0f} ms (target < 1 s: {verdict}); "
        f"{report['notifications']} new, {CaseNotification.objects.count():,} in all"
    )
    lines += _more_rounds(first)
    _make_due(DUE, offset=ROUNDS)
    share = _engine_share(NOW + timedelta(seconds=3 + ROUNDS))
    lines.append(f"engine: {share:.0%} of the sweep's Python time (profiled, another {DUE:,} due)")
    return lines


def _more_rounds(first: float) -> list[str]:
    """The sweep of another DUE newly passed deadlines (a different set each time), ROUNDS - 1
    times more: this machine's speed moves by up to a third from run to run, so one sweep says
    little. Each round's time and CPU, and the median of all with the first."""
    from django.conf import settings

    took = [first]
    lines = []
    for round_ in range(1, ROUNDS):
        _make_due(DUE, offset=round_)
        seconds, report, statements = measured_tick(NOW + timedelta(seconds=2 + round_))
        took.append(seconds)
        lines.append(
            f"round {round_ + 1}: {seconds:.2f} s for {report['deadlines']:,} newly passed "
            f"(SQL {statements.seconds:.2f} s summed over {statements.connections} connections, "
            f"this process's CPU {statements.cpu:.2f} s)"
        )
    median = statistics.median(took)
    verdict = "ok" if median < 2 else "OVER TARGET"
    one, five, _ = os.getloadavg()
    lines.append(
        f"median of {ROUNDS} rounds: {median:.2f} s (target < 2 s: {verdict}); "
        f"ACCORD_SWEEP_WORKERS {settings.ACCORD_SWEEP_WORKERS}; "
        f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"
    )
    return lines


def _costs(took: float, statements: Statements, *, overdue: int) -> list[str]:
    """The cost per overdue deadline, the statements, and where the time went."""
    per = 1000 * took / overdue if overdue else 0.0
    # One connection: the wall time less the SQL is Python's. Several at once (the batch threads):
    # their SQL summed can exceed the wall time, so the process's CPU says what Python took.
    python = max(took - statements.seconds, 0.0) if statements.connections == 1 else None
    share = f"Python {python:.2f} s ({python / took:.0%}); " if python is not None else ""
    return [
        f"per overdue deadline: {per:.3f} ms; {statements.count:,} SQL statements "
        f"({statements.count / max(overdue, 1):.3f} a deadline)",
        f"time: SQL {statements.seconds:.2f} s summed over {statements.connections} connections "
        f"({statements.seconds / took:.0%} of {took:.2f} s wall), "
        f"{share}this process's CPU {statements.cpu:.2f} s",
        *(f"slow statement: {s * 1000:.0f} ms {sql}" for s, sql in statements.slowest),
    ]


def _plans() -> list[str]:
    """EXPLAIN ANALYZE of the sweep's own queries, as the code builds them."""
    from django.db import transaction

    from accord.cases.sweep import due_deadlines, written_between
    from accord.notifications.digests import awaiting
    from accord.notifications.outbox import stuck

    queries = {
        "due deadlines": due_deadlines(NOW),
        "cases written since the last sweep": written_between(NOW - timedelta(hours=25), NOW),
        "stuck e-mails": stuck(NOW),
        "digests waiting": awaiting(NOW),
    }
    lines = []
    for name, query in queries.items():
        lines.append(f"plan, {name}:")
        with transaction.atomic():  # select_for_update needs one
            plan = query.explain(analyze=True)
        lines += [f"  {line}" for line in plan.splitlines()]
    return lines
