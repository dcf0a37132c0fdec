"""Accord's task backend writes the row django-tasks-db's own backend would, by its prepared
insert: the same values in every column but the task's id and when it was queued, read and run
by the library's worker as its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from accord.notifications.task_backend import TaskBackend
from accord.notifications.tasks import send_outbox

pytestmark = pytest.mark.django_db(transaction=True)

_MADE_AFRESH = {"id", "enqueued_at"}


def _written_by(backend: Any, task: Any, *args: Any) -> dict[str, Any]:
    result = backend.enqueue(task, args, {})
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.enqueued_at is not None
    return {k: v for k, v in model_to_dict(row).items() if k not in _MADE_AFRESH}


@pytest.mark.parametrize(
    "options",
    [{}, {"run_after": datetime(2027, 3, 22, 9, tzinfo=UTC), "priority": 7}],
    ids=["as-queued", "deferred-and-prioritised"],
)
def test_the_row_is_the_librarys(options: dict[str, Any]) -> None:
    task = send_outbox.using(**options)
    ours = TaskBackend("default", {"QUEUES": ["default"]})
    theirs = DatabaseBackend("default", {"QUEUES": ["default"]})
    written = _written_by(ours, task, [3, 1, 2])
    assert written == _written_by(theirs, task, [3, 1, 2])
    assert written["args_kwargs"] == {"args": [[3, 1, 2]], "kwargs": {}}
    assert written["status"] == "READY"


def test_the_result_returned_is_the_rows() -> None:
    before = timezone.now()
    result = send_outbox.enqueue([5])
    row = DBTaskResult.objects.get(pk=result.id)
    assert result.args == [[5]]
    assert result.status == "READY"
    assert before <= row.enqueued_at == result.enqueued_at <= timezone.now()


def test_the_libraries_worker_runs_it() -> None:
    result = send_outbox.enqueue([])  # nothing to send: the task runs and reports so
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == {"sent": 0, "failed": 0, "dead": 0, "retry_at": None}


def test_it_is_one_statement_prepared_once_a_session() -> None:
    send_outbox.enqueue([1])
    with CaptureQueriesContext(connection) as queries:
        send_outbox.enqueue([2])
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        assert queries[0]["sql"].startswith("EXECUTE accord_")
