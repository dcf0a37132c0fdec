"""The sweep's alert batches on two threads (`accord.cases.sweep_batches`, decision 39): the same
notifications, e-mails and deadline marks as one after another; serial inside a transaction."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from accord.cases import sweep as sweep_module
from accord.cases.models import CaseNotification, Deadline, SweepRun
from accord.cases.sweep import sweep
from accord.notifications.models import AwaitingEmail, InAppNotification, OutboxMessage
from tests.notifications.walking import TICK, Walker, london, partnership_for

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the threads' connections see what is committed
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the batches run on threads only on PostgreSQL: SQLite has one writer, so the "
        "sweep there is always serial",
    ),
]

NOW = london("2027-01-04", TICK)


def _rows(model: type[Model], *leave_out: str) -> list[tuple[Any, ...]]:
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in {"id", *leave_out}]
    return sorted(model.objects.values_list(*names), key=repr)


def _outcome() -> dict[str, Any]:
    """Everything the sweep writes that the batches decide, without the rows' own ids."""
    marks = ["status", "nudges_sent", "next_alert_at", *Deadline.ALERT_FIELDS]
    return {
        "notifications": _rows(CaseNotification),
        "in_app": _rows(InAppNotification),
        # A gathered e-mail's key (and so its message id) ends with the id of its latest notice,
        # which the undone serial sweep had taken: the person and the text are compared.
        "emails": _rows(OutboxMessage, "key", "message_id"),
        "email_keys": sorted(
            k.rsplit("/", 1)[0]
            for k in OutboxMessage.objects.values_list("key", flat=True)
            if k.startswith("gathered/")
        )
        + sorted(
            OutboxMessage.objects.exclude(key__startswith="gathered/").values_list("key", flat=True)
        ),
        "awaiting": _rows(AwaitingEmail, "notification_id"),
        "deadlines": sorted(Deadline.objects.values_list("id", *marks)),
    }


def _world() -> None:
    """Twenty-four cases, each with an alert due on Monday 4 January: eight batches of three."""
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    for number in range(24):
        if number % 2:
            walker.raise_case(london("2026-12-21"), stage=2, urgent=True)  # e-mailed at once
        else:
            walker.raise_case(london("2026-12-21"))  # gathered into one e-mail a person


def _watched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads the batches' reads of their cases ran on."""
    threads: list[int] = []
    read = sweep_module.recipient_cases

    def watched(ids: Any) -> Any:
        threads.append(threading.get_ident())
        return read(ids)

    monkeypatch.setattr(sweep_module, "recipient_cases", watched)
    return threads


def test_two_threads_record_what_one_does(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr(sweep_module, "BATCH", 3)
    settings.ACCORD_SWEEP_WORKERS = 2
    _world()
    threads = _watched(monkeypatch)
    with transaction.atomic():  # serial in this connection (the test below), then undone
        serial = sweep(now=NOW)
        expected = _outcome()
        transaction.set_rollback(True)
    assert set(threads) == {threading.get_ident()}
    assert serial.deadlines == 24
    threads.clear()
    threaded = sweep(now=NOW)
    assert len(set(threads) - {threading.get_ident()}) == 2  # the batches ran on two threads
    assert (threaded.deadlines, threaded.notifications, threaded.failed) == (
        serial.deadlines,
        serial.notifications,
        serial.failed,
    )
    assert threaded.emails == serial.emails > 0
    assert _outcome() == expected
    assert sweep(now=NOW).notifications == 0  # and again: nothing more


def test_inside_a_transaction_the_batches_run_serially_in_the_callers_connection(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(sweep_module, "BATCH", 3)
    settings.ACCORD_SWEEP_WORKERS = 2
    with transaction.atomic():  # nothing committed: another connection would see no case
        _world()
        threads = _watched(monkeypatch)
        report = sweep(now=NOW)
        assert report.deadlines == 24
        assert set(threads) == {threading.get_ident()}


def test_an_error_in_a_thread_fails_the_sweep_as_a_serial_batchs_does(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(sweep_module, "BATCH", 3)
    settings.ACCORD_SWEEP_WORKERS = 2
    _world()
    read = sweep_module.recipient_cases

    def lost(ids: Any) -> Any:  # the connection lost, on the batch threads only
        if threading.current_thread() is not threading.main_thread():
            raise DatabaseError("connection lost")
        return read(ids)

    monkeypatch.setattr(sweep_module, "recipient_cases", lost)
    with pytest.raises(DatabaseError, match="connection lost"):
        sweep(now=NOW)
    assert not SweepRun.objects.exists()  # the tick failed: the next one sweeps again
    assert Deadline.objects.filter(next_alert_at__lte=NOW).count() == 24
