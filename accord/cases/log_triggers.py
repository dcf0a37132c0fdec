"""The database triggers that make the case event log append-only below the application
(decision 16), for SQLite and PostgreSQL.

- `cases_caseevent` and `cases_accesslog`: no UPDATE; a DELETE only of the rows of a case a
  purge has first recorded in `cases_purgedcase` (`accord.cases.purge`), so no row goes without a
  record of it; no TRUNCATE. One exception: an event of a case whose personal details retention
  removed (recorded first in `cases_retentionpurge`, `accord.cases.retention`) may have its
  payload rewritten, and nothing else of it (decision 29; the chain checks the rewrite's seal).
- `cases_chaincheckpoint`, `cases_purgedcase` and `cases_retentionpurge`: no UPDATE, DELETE or
  TRUNCATE at all.
- `cases_chainhead`: a head only moves forward, onto an event that exists; it is deleted only
  with its purged case.

Someone with the rights to drop a trigger can still change the rows: the keyed chain, the heads
and the checkpoints kept elsewhere are what catch that (`accord.cases.chain`). On SQLite, a later
migration that rebuilds one of these tables drops its triggers: it must create them again
(`create_sql`), and tests/cases/test_log_triggers.py fails until it does.
"""

from __future__ import annotations

EVENT_TABLES = ("cases_caseevent", "cases_accesslog")
SEALED_TABLES = ("cases_chaincheckpoint", "cases_purgedcase", "cases_retentionpurge")
HEADS = "cases_chainhead"

_PURGED = "SELECT 1 FROM cases_purgedcase p WHERE p.case_id = OLD.case_id"
_RETENTION_PURGED = "SELECT 1 FROM cases_retentionpurge r WHERE r.case_id = OLD.case_id"
# Everything of an event but its payload, on SQLite and PostgreSQL (`same` is the null-safe
# equality: IS, IS NOT DISTINCT FROM).
_UNCHANGED = (
    "id",
    "case_id",
    "sequence",
    "kind",
    "actor_id",
    "at",
    "summary",
    "previous_hash",
    "hash",
    "key_id",
)


def _only_payload(same: str) -> str:
    return " AND ".join(f"NEW.{column} {same} OLD.{column}" for column in _UNCHANGED)


_HEAD_ON_EVENT = (
    "SELECT 1 FROM cases_caseevent e WHERE e.case_id = NEW.case_id"
    " AND e.sequence = NEW.sequence AND e.hash = NEW.hash"
)
_BACKWARDS = (
    "NEW.case_id <> OLD.case_id OR NEW.sequence < OLD.sequence"
    " OR (NEW.sequence = OLD.sequence AND NEW.hash <> OLD.hash)"
)


def trigger_names() -> list[tuple[str, str]]:
    """(trigger, table) of every trigger, the same names on both databases."""
    names = []
    for table in EVENT_TABLES + SEALED_TABLES:
        names += [(f"{table}_no_update", table), (f"{table}_no_delete", table)]
    names += [(f"{HEADS}_forward", HEADS), (f"{HEADS}_on_event", HEADS)]
    names += [(f"{HEADS}_no_delete", HEADS)]
    return names


def create_sql(vendor: str, *, retention: bool = True) -> list[str]:
    """The statements that create every trigger on `vendor` ("sqlite" or "postgresql").
    `retention=False` gives them as they were before retention's purge log existed (for the
    migration that first made them)."""
    sealed = SEALED_TABLES if retention else SEALED_TABLES[:2]
    if vendor == "postgresql":
        return _postgresql(sealed, retention=retention)
    return _sqlite(sealed, retention=retention)


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in trigger_names()] + [
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"
            for table in EVENT_TABLES + SEALED_TABLES + (HEADS,)
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in trigger_names()]


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _sqlite(sealed: tuple[str, ...], *, retention: bool) -> list[str]:
    sql = []
    for table in EVENT_TABLES + sealed:
        redacted = (
            f" WHEN NOT (EXISTS ({_RETENTION_PURGED}) AND {_only_payload('IS')})"
            if table == "cases_caseevent" and retention
            else ""
        )
        sql.append(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}{redacted} "
            + _abort(f"{table} is append-only")
        )
        when = f" WHEN NOT EXISTS ({_PURGED})" if table in EVENT_TABLES else ""
        sql.append(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}{when} "
            + _abort(f"{table} rows are removed only by a recorded purge")
        )
    sql += [
        f"CREATE TRIGGER {HEADS}_forward BEFORE UPDATE ON {HEADS} "
        f"WHEN {_BACKWARDS} OR NOT EXISTS ({_HEAD_ON_EVENT}) "
        + _abort("a case head only moves forward, onto one of its events"),
        f"CREATE TRIGGER {HEADS}_on_event BEFORE INSERT ON {HEADS} "
        f"WHEN NOT EXISTS ({_HEAD_ON_EVENT}) " + _abort("a case head must be one of its events"),
        f"CREATE TRIGGER {HEADS}_no_delete BEFORE DELETE ON {HEADS} "
        f"WHEN NOT EXISTS ({_PURGED}) " + _abort("a case head goes only with a recorded purge"),
    ]
    return sql


def _postgresql(sealed: tuple[str, ...], *, retention: bool) -> list[str]:
    sql = [
        """CREATE OR REPLACE FUNCTION accord_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$""",
        f"""CREATE OR REPLACE FUNCTION accord_log_purged_only() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS ({_PURGED}) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% rows are removed only by a recorded purge', TG_TABLE_NAME;
END $$""",
        f"""CREATE OR REPLACE FUNCTION accord_log_redaction_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS ({_RETENTION_PURGED}) AND {_only_payload("IS NOT DISTINCT FROM")} THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$""",
        f"""CREATE OR REPLACE FUNCTION accord_log_head_forward() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND ({_BACKWARDS}) THEN
    RAISE EXCEPTION 'a case head only moves forward';
  END IF;
  IF NOT EXISTS ({_HEAD_ON_EVENT}) THEN
    RAISE EXCEPTION 'a case head must be one of its events';
  END IF;
  RETURN NEW;
END $$""",
    ]
    for table in EVENT_TABLES + sealed:
        delete = "accord_log_purged_only" if table in EVENT_TABLES else "accord_log_refuse"
        redacted = table == "cases_caseevent" and retention
        update = "accord_log_redaction_only" if redacted else "accord_log_refuse"
        sql += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {update}()",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {delete}()",
        ]
    for table in EVENT_TABLES + sealed + (HEADS,):
        sql.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION accord_log_refuse()"
        )
    sql += [
        f"CREATE TRIGGER {HEADS}_forward BEFORE UPDATE ON {HEADS} "
        "FOR EACH ROW EXECUTE FUNCTION accord_log_head_forward()",
        f"CREATE TRIGGER {HEADS}_on_event BEFORE INSERT ON {HEADS} "
        "FOR EACH ROW EXECUTE FUNCTION accord_log_head_forward()",
        f"CREATE TRIGGER {HEADS}_no_delete BEFORE DELETE ON {HEADS} "
        "FOR EACH ROW EXECUTE FUNCTION accord_log_purged_only()",
    ]
    return sql
