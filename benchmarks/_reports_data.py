"""The data of `benchmarks/reports.py`, made by bulk SQL (generate_series) on PostgreSQL.

150 partnerships of 12 agencies each; 1,000,000 cases raised evenly from January 2023 to the
benchmark's NOW, 5% of them between agencies of two partnerships; 10 events each (10,000,000):
raised, 0 to 3 escalations, steps, and by fate a resolution, sign-offs and closing, a withdrawal
or a referral; 3 deadlines each (met, late, open or overdue); an outcome per resolution and a
debrief for some. Hashes are left empty: nothing here replays or verifies a case's chain, and the
figures never read them. Payloads carry only what the figures read (`type`, `stage`).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = 12
THEMES = ["Thresholds", "Roles and responsibilities", "The need for action", "Communication",
          "Case closure"]  # fmt: skip
FIRST_RAISED = "2023-01-02 09:00+00"


def progress(text: str) -> None:
    print(f"   .. {text}", file=sys.stderr, flush=True)


def _sql(statement: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params if params is not None else [])  # `%%` is always `%`


def _reset_sequence(table: str) -> None:
    """The table's id sequence after the ids given explicitly (`table`: one of ours)."""
    _sql(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - our own name
        f"(SELECT max(id) FROM {table}))"
    )


def build(*, partnerships: int, cases: int, now: datetime) -> None:
    """Fill an empty, migrated database."""
    started = time.perf_counter()
    _people_and_places(partnerships, now)
    progress(f"{partnerships} partnerships, their agencies, policies and themes")
    _plan(partnerships, cases, now)
    _cases(now)
    progress(f"{cases:,} cases ({time.perf_counter() - started:.0f} s)")
    _events(now)
    progress(f"{cases * 10:,} events ({time.perf_counter() - started:.0f} s)")
    _deadlines_outcomes_debriefs(now)
    _sql("DROP TABLE bench_plan")
    _sql("VACUUM ANALYZE")
    progress(f"deadlines, outcomes, debriefs; analysed ({time.perf_counter() - started:.0f} s)")


def _people_and_places(partnerships: int, now: datetime) -> None:
    from django.contrib.auth.hashers import make_password

    from accord.partnerships.models import Partnership, Theme
    from accord.partnerships.policies import load_policy_version
    from accord.partnerships.seeding import seed_bank_holidays

    seed_bank_holidays(range(2022, 2028))
    _sql(
        "INSERT INTO partnerships_partnership (id, slug, name, jurisdiction) "
        "SELECT g, 'bench-' || g, 'Bench partnership ' || lpad(g::text, 3, '0'), 'ENG' "
        "FROM generate_series(1, %s) g",
        [partnerships],
    )
    _sql(
        "INSERT INTO accounts_agency (id, name, kind, home_partnership_id) "
        "SELECT (p - 1) * %s + a, 'Agency ' || a || ' of ' || p, "
        "(ARRAY['education','social_care','health','police','housing','probation','voluntary',"
        "'other'])[1 + a %% 8], p "
        "FROM generate_series(1, %s) p, generate_series(1, %s) a",
        [AGENCIES, partnerships, AGENCIES],
    )
    _sql(
        "INSERT INTO accounts_agency_serves (agency_id, partnership_id) "
        "SELECT id, home_partnership_id FROM accounts_agency"
    )
    _sql(
        "INSERT INTO accounts_person (id, password, is_superuser, email, full_name, job_title, "
        "level, is_safeguarding_lead, is_active, is_staff, date_joined, agency_id, "
        "email_frequency) SELECT id, %s, false, 'person' || id || '@bench.example', "
        "'Person ' || id, '', 'practitioner', false, true, false, %s, id, 'immediate' "
        "FROM accounts_agency",
        [make_password(None), now],
    )
    for table in ("partnerships_partnership", "accounts_agency", "accounts_person"):
        _reset_sequence(table)
    text = (ROOT / "tests" / "engine" / "fixtures" / "example-borough.toml").read_text("utf-8")
    for partnership in Partnership.objects.order_by("pk"):
        load_policy_version(
            partnership=partnership,
            text=text.replace('id = "example-borough"', f'id = "bench-{partnership.pk}"', 1),
            file_name="bench.toml",
            now=datetime(2022, 12, 1, tzinfo=now.tzinfo),
        )
        Theme.objects.bulk_create(
            Theme(partnership=partnership, name=name, position=i)
            for i, name in enumerate(THEMES, start=1)
        )


def _plan(partnerships: int, cases: int, now: datetime) -> None:
    """One row per case: its partnership, agencies, when it was raised, its fate and how far
    it climbed (`k` escalations), and `d`, the days between its events."""
    _sql(
        "CREATE UNLOGGED TABLE bench_plan AS SELECT g, p, ra, CASE WHEN cross_ THEN "
        "(p %% %(n)s) * %(a)s + 1 + (g * 7) %% %(a)s ELSE (p - 1) * %(a)s + 1 + "
        "(ra_i + 1 + g %% 11) %% %(a)s END AS rc, raised_at, fate, "
        "CASE WHEN fate = 'referred' THEN 3 ELSE "
        "(CASE WHEN k_r < 60 THEN 0 WHEN k_r < 85 THEN 1 WHEN k_r < 97 THEN 2 ELSE 3 END) END "
        "AS k, "
        "1 + g %% 3 AS d FROM ("
        " SELECT g, p, ra_i, (p - 1) * %(a)s + 1 + ra_i AS ra, cross_, raised_at, k_r,"
        " CASE WHEN %(now)s::timestamptz - raised_at < interval '60 days' THEN"
        "  (CASE WHEN r < 55 THEN 'open' WHEN r < 70 THEN 'resolved' WHEN r < 75 THEN 'referred'"
        "   WHEN r < 95 THEN 'closed' ELSE 'withdrawn' END)"
        " ELSE (CASE WHEN r < 88 THEN 'closed' WHEN r < 95 THEN 'withdrawn' WHEN r < 96 THEN"
        "  'referred' WHEN r < 98 THEN 'open' ELSE 'resolved' END) END AS fate"
        " FROM (SELECT g, 1 + g %% %(n)s AS p, (g * 31) %% %(a)s AS ra_i,"
        "  (g * 17) %% 100 < 5 AS cross_, (g * 7919) %% 100 AS r, (g * 13) %% 100 AS k_r,"
        "  %(first)s::timestamptz + (%(now)s::timestamptz - %(first)s::timestamptz"
        "   - interval '1 day') * (g::float8 / %(c)s) AS raised_at"
        "  FROM generate_series(1::bigint, %(c)s::bigint) g) s) t",
        {"n": partnerships, "a": AGENCIES, "c": cases, "now": now, "first": FIRST_RAISED},  # type: ignore[arg-type]
    )
    _sql("ALTER TABLE bench_plan ADD PRIMARY KEY (g)")


def _cases(now: datetime) -> None:
    _sql(
        "INSERT INTO cases_case (id, reference, status, stage, urgent, facts, subject_kind, "
        "decision_summary, outcome_sought, theme, raised_at, closed_at, last_event_at, "
        "partnership_id, policy_version_id, raised_by_id, raising_agency_id, receiving_agency_id, "
        "awaiting_side) SELECT g, 'ACC-B-' || g, fate, 1 + k, (g * 41) %% 100 < 8, '{}', 'child', "
        "'Decision.', 'Outcome.', CASE WHEN (g * 23) %% 6 = 5 THEN '' ELSE "
        "(%(themes)s::text[])[1 + (g * 23) %% 6] END, raised_at, "
        "CASE WHEN fate IN ('closed', 'withdrawn') THEN "
        " LEAST(raised_at + 9 * d * interval '1 day', %(now)s) END, "
        "LEAST(raised_at + 9 * d * interval '1 day', %(now)s), p, v.id, ra, ra, rc, 'receiving' "
        "FROM bench_plan JOIN partnerships_policyversion v ON v.partnership_id = p",
        {"themes": THEMES, "now": now},  # type: ignore[arg-type]
    )
    _reset_sequence("cases_case")


# The kind of event `seq` (1 to 10) of a case with fate `fate` and `k` escalations.
_KIND = (
    "CASE WHEN seq = 1 THEN 'raised' WHEN seq <= 1 + k THEN 'escalated'"
    " WHEN fate IN ('closed', 'resolved') AND seq = 7 THEN 'resolved'"
    " WHEN fate = 'closed' AND seq IN (8, 9) THEN 'signed_off'"
    " WHEN fate = 'closed' AND seq = 10 THEN 'closed'"
    " WHEN fate = 'withdrawn' AND seq = 10 THEN 'withdrawn'"
    " WHEN fate = 'referred' AND seq = 7 THEN 'referred'"
    " WHEN seq >= 7 AND fate IN ('resolved', 'referred') THEN 'fact_set'"
    " ELSE 'step_done' END"
)


def _events(now: datetime) -> None:
    from django.db import connection

    # Insert with only the primary key; the other indexes are built once at the end.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_caseevent' "
            "AND indexname <> 'cases_caseevent_pkey'"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'cases_caseevent'::regclass AND contype IN ('u', 'f')"
        )
        constraints = cursor.fetchall()
    for name, _ in constraints:
        _sql(f'ALTER TABLE cases_caseevent DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        _sql(f'DROP INDEX IF EXISTS "{name}"')
    _sql(
        "INSERT INTO cases_caseevent (sequence, kind, at, payload, summary, previous_hash, hash, "  # noqa: S608 - _KIND is ours
        "case_id) SELECT seq, kind, at, CASE WHEN kind = 'raised' THEN "
        "jsonb_build_object('type', kind, 'stage', 1, 'at', at) ELSE "
        "jsonb_build_object('type', kind, 'at', at) END, kind, '', '', g "
        f"FROM (SELECT g, seq, {_KIND} AS kind, "
        "LEAST(raised_at + (seq - 1) * d * interval '1 day', %s) AS at "
        "FROM bench_plan, generate_series(1, 10) seq ORDER BY g, seq) e",
        [now],
    )
    for name, definition in constraints:
        _sql(f'ALTER TABLE cases_caseevent ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        if not any(name == c for c, _ in constraints):
            _sql(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def _deadlines_outcomes_debriefs(now: datetime) -> None:
    _sql(
        "INSERT INTO cases_deadline (case_id, key, label, kind, stage, unit, starts_on, due_on, "
        "done_at, status, calendar_revision, nudge_unit, nudges_sent, due_set_reason) "
        "SELECT g, key, key, 'stage', 1, 'working_days', raised_at::date, due_on, "
        "CASE WHEN done THEN due_on + (CASE WHEN late THEN 2 ELSE -1 END) END, "
        "CASE WHEN NOT done THEN (CASE WHEN due_on < %(today)s THEN 'overdue' ELSE 'open' END) "
        " WHEN late THEN 'late' ELSE 'met' END, '', '', 0, '' FROM ("
        " SELECT g, raised_at, n,"
        " (ARRAY['stage:1/step:response', 'stage:1', 'stage:last'])[n] AS key,"
        " (raised_at + (2 + 3 * n * d) * interval '1 day')::date AS due_on,"
        " (g * 3 + n) %% 10 >= 8 AS late,"
        " (fate IN ('closed', 'withdrawn', 'resolved') OR n < 3)"
        "  AND raised_at + (2 + 3 * n * d) * interval '1 day' < %(now)s AS done"
        " FROM bench_plan, generate_series(1, 3) n) x",
        {"now": now, "today": now.date()},  # type: ignore[arg-type]
    )
    _sql(
        "INSERT INTO cases_outcome (case_id, stage, agreed_outcome, outstanding_issues, pursuit, "
        "recorded_at, recorded_by_id) SELECT e.case_id, 1 + p.k, 'Agreed', '', '', e.at, p.ra "
        "FROM cases_caseevent e JOIN bench_plan p ON p.g = e.case_id "
        "WHERE e.sequence = 7 AND e.kind = 'resolved'"
    )
    _sql(
        "INSERT INTO cases_debrief (case_id, outcome, held_on, notes, recorded_at, recorded_by_id) "
        "SELECT case_id, CASE WHEN case_id %% 3 = 0 THEN 'declined' ELSE 'held' END, "
        "CASE WHEN case_id %% 3 = 0 THEN NULL ELSE recorded_at::date END, '', recorded_at, "
        "recorded_by_id FROM cases_outcome WHERE case_id %% 10 < 4"
    )
