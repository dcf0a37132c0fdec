"""The data of `benchmarks/pages.py`: a partnership of 20 agencies, ten template cases made through
the actions, cloned with SQL into `cases` cases and `events` events in all (PostgreSQL only).

Each clone copies a template's case, holdings, deadlines, outcomes, sign-offs and events, moved
back in time by a whole number of days (0 to 729), between two of the agencies, raised and held by
their people. Filler events (`task_added`, as a case's tasks write them) bring the events to the
total. Hashes are copied from the template, so the clones' chains do not verify.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = 20
PEOPLE = 60  # per agency
# Which template each clone copies, by clone number modulo 20: mostly finished cases.
MIX = [0, 0, 1, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 8, 9, 1]
STATE_NAMES = [
    "open",
    "responded",
    "stage 2",
    "stage 3",
    "resolved",
    "signed off",
    "closed",
    "withdrawn",
    "referred",
    "urgent",
]


def progress(text: str) -> None:
    import sys

    print(f"   .. {text}", file=sys.stderr, flush=True)


def sql(statement: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def scalar(statement: str) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0]


def world(now: datetime) -> dict[str, Any]:
    """The partnership, its policy, agencies, people and business manager."""
    from django.contrib.auth.hashers import make_password

    from accord.accounts.models import Agency, AgencyKind, PartnershipRole, Person
    from accord.partnerships.models import Partnership
    from accord.partnerships.policies import load_policy_version

    home = Partnership.objects.create(slug="bench", name="Bench Partnership", live=True)
    text = (ROOT / "accord" / "policies" / "generic-lscb.toml").read_text(encoding="utf-8")
    version = load_policy_version(
        partnership=home, text=text, file_name="generic-lscb.toml", now=now - timedelta(days=800)
    )
    kinds = list(AgencyKind.values)
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {n:02d}", kind=kinds[n % len(kinds)], home_partnership=home)
        for n in range(AGENCIES)
    )
    for agency in agencies:
        agency.serves.add(home)
    unusable = make_password(None)
    people = Person.objects.bulk_create(
        Person(
            email=f"p{a}.{k}@bench.example",
            full_name=f"Person {a}.{k}",
            agency=agency,
            job_title="Social worker",
            password=unusable,
        )
        for a, agency in enumerate(agencies)
        for k in range(PEOPLE)
    )
    manager = Person.objects.create_user("bm@bench.example", None, full_name="Business manager")
    PartnershipRole.objects.create(person=manager, partnership=home, role="business_manager")
    sql("CREATE TABLE bench_agency (n integer PRIMARY KEY, id bigint)")
    sql("CREATE TABLE bench_person (agency bigint, k integer, id bigint, PRIMARY KEY (agency, k))")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_agency VALUES (%s, %s)", [(n, a.pk) for n, a in enumerate(agencies)]
        )
        cursor.executemany(
            "INSERT INTO bench_person VALUES (%s, %s, %s)",
            [(p.agency_id, i % PEOPLE, p.pk) for i, p in enumerate(people)],
        )
    return {
        "home": home,
        "version": version,
        "agencies": agencies,
        "people": people,
        "manager": manager,
    }


def templates(w: dict[str, Any], now: datetime) -> list[int]:
    """Ten cases through the actions, one per entry of STATE_NAMES; their ids in that order."""
    from accord.cases import actions
    from accord.cases.models import Case

    school, social = w["agencies"][0], w["agencies"][1]
    people = {a.pk: [p for p in w["people"] if p.agency_id == a.pk] for a in (school, social)}
    start = now - timedelta(days=12)
    made: list[Case] = []

    def raised(n: int, **extra: Any) -> Case:
        return actions.raise_case(
            partnership=w["home"],
            policy_version=w["version"],
            raised_by=people[school.pk][n],
            raising_agency=school,
            receiving_agency=social,
            receiving_holder=people[social.pk][n],
            decision_summary="The referral was closed with no further action.",
            outcome_sought="A child and family assessment.",
            subject_name="Template Child",
            theme="Thresholds",
            now=start + timedelta(minutes=n),
            **extra,
        )

    def holding(case: Case) -> Any:
        return case.holdings.get(side="raising", ended_at__isnull=True).person

    def up(case: Case, to: int, hours: int) -> Case:
        while case.stage < to:
            case = actions.escalate_case(
                case=case,
                actor=holding(case),
                raising_holder=people[school.pk][10 + case.stage],
                receiving_holder=people[social.pk][10 + case.stage],
                reason="No agreement",
                now=case.last_event_at + timedelta(hours=hours),
            )
        return case

    def resolved(n: int) -> Case:
        case = raised(n)
        actions.resolve_case(
            case=case,
            actor=case.raised_by,
            agreed_outcome="Assessment agreed",
            now=case.last_event_at + timedelta(hours=20),
        )
        return Case.objects.get(pk=case.pk)

    def signed(n: int) -> Case:
        case = resolved(n)
        for side, person in (("raising", case.raised_by), ("receiving", people[social.pk][n])):
            actions.sign_off(
                case=case, actor=person, side=side, now=case.last_event_at + timedelta(hours=2)
            )
            case = Case.objects.get(pk=case.pk)
        return case

    made.append(raised(0))
    case = raised(1)
    actions.record_response(
        case=case,
        actor=people[social.pk][1],
        position="disagree",
        note="We stand by the decision.",
        now=start + timedelta(hours=5),
    )
    made.append(case)
    made.append(up(raised(2), 2, 20))
    made.append(up(raised(3), 3, 20))
    made.append(resolved(4))
    made.append(signed(5))
    case = signed(6)
    made.append(
        actions.close_case(
            case=case, actor=case.raised_by, now=case.last_event_at + timedelta(hours=3)
        )
    )
    case = raised(7)
    made.append(
        actions.withdraw_case(
            case=case,
            actor=case.raised_by,
            reason="Agreed informally",
            now=case.last_event_at + timedelta(hours=3),
        )
    )
    case = up(raised(8), 4, 2)
    made.append(
        actions.refer_case(
            case=case,
            actor=holding(case),
            reason="Unresolved",
            now=case.last_event_at + timedelta(hours=2),
        )
    )
    made.append(raised(9, urgent=True, reason="Risk of harm tonight"))
    return [c.pk for c in made]


def _columns(model: Any, overrides: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every column of `model` but its id, and what to select for each from template row `t` of
    plan row `b`: dates and instants moved by the plan's shift, `overrides` as given."""
    from django.db import models

    columns, selects = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        column = field.column
        if column in overrides:
            select = overrides[column]
        elif isinstance(field, models.DateTimeField):
            select = f"t.{column} - b.shift_days * interval '1 day'"
        elif isinstance(field, models.DateField):
            select = f"t.{column} - b.shift_days"
        else:
            select = f"t.{column}"
        columns.append(column)
        selects.append(select)
    return columns, selects


def _clone(model: Any, overrides: dict[str, str], join: str = "t.case_id = b.template_id") -> None:
    columns, selects = _columns(model, overrides)
    table = model._meta.db_table
    sql(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selects)} "  # noqa: S608
        f"FROM bench_case b JOIN {table} t ON {join}"
    )


def fill(w: dict[str, Any], template_ids: list[int], cases: int, events: int) -> None:
    """The clones, then the filler events; ANALYZE."""
    from accord.cases.models import Case, CaseEvent, Deadline, Holding, Outcome, SignOff

    started = time.perf_counter()
    themes = [
        "Thresholds",
        "Roles and responsibilities",
        "The need for action",
        "Communication",
        "",
    ]
    sql("CREATE TABLE bench_template (n integer PRIMARY KEY, id bigint)")
    for n, template in enumerate(MIX):
        sql("INSERT INTO bench_template VALUES (%s, %s)", [n, template_ids[template]])
    sql(
        f"""CREATE TABLE bench_case AS
        SELECT g, t.id AS template_id, (g * 7919) % 730 AS shift_days, ra.id AS raising,
            rv.id AS receiving, NULL::bigint AS case_id
        FROM generate_series(1, {int(cases)}) AS g
        JOIN bench_template t ON t.n = g % {len(MIX)}
        JOIN bench_agency ra ON ra.n = g % {AGENCIES}
        JOIN bench_agency rv ON rv.n = (g % {AGENCIES} + 1 + (g * 7) % ({AGENCIES} - 1))
            % {AGENCIES}"""  # noqa: S608 - integers only
    )
    sql("ALTER TABLE bench_case ADD COLUMN raiser bigint")
    sql(
        f"UPDATE bench_case b SET raiser = p.id FROM bench_person p "  # noqa: S608
        f"WHERE p.agency = b.raising AND p.k = (b.g * 17) % {PEOPLE}"
    )
    theme_case = " ".join(f"WHEN {n} THEN '{t}'" for n, t in enumerate(themes))
    _clone(
        Case,
        {
            "reference": "'ACC-2025-' || lpad(b.g::text, 6, '0')",
            "raising_agency_id": "b.raising",
            "receiving_agency_id": "b.receiving",
            "raised_by_id": "b.raiser",
            "theme": f"CASE b.g % {len(themes)} {theme_case} END",
        },
        join="t.id = b.template_id",
    )
    sql(
        "UPDATE bench_case b SET case_id = c.id FROM cases_case c "
        "WHERE c.reference = 'ACC-2025-' || lpad(b.g::text, 6, '0')"
    )
    sql("CREATE UNIQUE INDEX ON bench_case (case_id)")
    progress(f"{cases:,} cases in {time.perf_counter() - started:.0f} s")
    who = (
        f"CASE WHEN t.side = 'raising' AND t.stage = 1 THEN b.raiser ELSE (SELECT p.id FROM "  # noqa: S608
        f"bench_person p WHERE p.agency = CASE t.side WHEN 'raising' THEN b.raising ELSE "
        f"b.receiving END AND p.k = (b.g * 31 + t.stage * 7) % {PEOPLE}) END"
    )
    _clone(Holding, {"case_id": "b.case_id", "person_id": who})
    _clone(Deadline, {"case_id": "b.case_id"})
    sql(  # what the actions keep on each case: its earliest open deadline's date
        "UPDATE cases_case c SET next_due_on = d.first FROM (SELECT case_id, min(due_on) AS first "
        "FROM cases_deadline WHERE done_at IS NULL AND status IN ('open', 'overdue') "
        "GROUP BY case_id) d WHERE d.case_id = c.id"
    )
    _clone(Outcome, {"case_id": "b.case_id", "recorded_by_id": "b.raiser"})
    _clone(SignOff, {"case_id": "b.case_id", "person_id": "b.raiser"})
    sql(
        "INSERT INTO cases_subject (case_id, name, date_of_birth, address) "
        "SELECT case_id, 'Bench Child ' || g, date '2012-01-01' + g % 4000, '' FROM bench_case"
    )
    at = "((t.payload->>'at')::timestamptz - b.shift_days * interval '1 day')"
    moved = f"to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00'"
    _clone(
        CaseEvent,
        {
            "case_id": "b.case_id",
            "actor_id": "b.raiser",
            "payload": f"CASE WHEN t.payload ? 'at' THEN jsonb_set(t.payload, '{{at}}', "
            f"to_jsonb({moved})) ELSE t.payload END",
        },
    )
    progress(f"holdings, deadlines, events cloned at {time.perf_counter() - started:.0f} s")
    _filler(cases, events)
    sql("ANALYZE")
    total = scalar("SELECT count(*) FROM cases_caseevent")
    progress(f"{total:,} events; filled in {time.perf_counter() - started:.0f} s")


def _filler(cases: int, events: int) -> None:
    """`task_added` events after each clone's own, to `events` in all: each case gets the same
    share give or take 15 (so some have 5, some 35), the remainder to the first cases."""
    have = scalar("SELECT count(*) FROM cases_caseevent")
    wanted = max(0, events - have)
    share = wanted // max(cases, 1)
    sql(
        "ALTER TABLE bench_case ADD COLUMN filler integer, ADD COLUMN last_seq integer, "
        "ADD COLUMN last_at timestamptz"
    )
    sql(f"UPDATE bench_case SET filler = greatest(0, {share} + (g * 13) % 31 - 15)")  # noqa: S608
    extra = wanted - scalar("SELECT coalesce(sum(filler), 0) FROM bench_case")
    if extra > 0:  # the clipping at 0 adds; this makes up any shortfall
        sql(
            f"UPDATE bench_case SET filler = filler + {extra // cases} "  # noqa: S608
            f"+ CASE WHEN g <= {extra % cases} THEN 1 ELSE 0 END"
        )
    rebuild = _drop_indexes("cases_caseevent")  # quicker to build once, after the rows
    sql(
        "UPDATE bench_case b SET last_seq = e.seq, last_at = e.at FROM (SELECT case_id, "
        "max(sequence) AS seq, max(at) AS at FROM cases_caseevent GROUP BY case_id) e "
        "WHERE e.case_id = b.case_id"
    )
    sql(
        """INSERT INTO cases_caseevent (case_id, sequence, kind, actor_id, at, payload, summary,
            previous_hash, hash, key_id)
        SELECT b.case_id, b.last_seq + s, 'task_added', b.raiser,
            b.last_at + s * interval '7 minutes',
            jsonb_build_object('type', 'task_added', 'at',
                to_char((b.last_at + s * interval '7 minutes') AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00',
                'task', null, 'owner', b.raiser, 'due_on', null),
            'Task added', md5(b.case_id || '.' || s) || md5(s || '.' || b.case_id),
            md5(s || '/' || b.case_id) || md5(b.case_id || '/' || s), 'bench'
        FROM bench_case b CROSS JOIN LATERAL generate_series(1, b.filler) AS s"""
    )
    for statement in rebuild:
        sql(statement)
    total = scalar("SELECT count(*) FROM cases_caseevent")
    if total > events:  # the templates' own events over the share: trim the last fillers
        from accord.cases.log_triggers import create_sql, drop_sql

        for statement in drop_sql("postgresql"):  # the log is append-only below the application
            sql(statement)
        sql(
            f"DELETE FROM cases_caseevent WHERE id IN (SELECT id FROM cases_caseevent "  # noqa: S608
            f"WHERE kind = 'task_added' ORDER BY id DESC LIMIT {total - events})"
        )
        for statement in create_sql("postgresql"):
            sql(statement)


def _drop_indexes(table: str) -> list[str]:
    """Drop the table's indexes and unique constraints but its primary key; the statements that
    put them back."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE '%%pkey'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {rule}' for name, rule in constraints] + [
        definition for _, definition in indexes
    ]
