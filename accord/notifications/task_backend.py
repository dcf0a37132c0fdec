"""django-tasks-db's task backend, its rows written the way Accord writes its own: one statement
prepared once per session, not compiled by the ORM for every task.

Every case action that e-mails someone enqueues a delivery task in its own transaction (decision
23). The library writes the task's row with `DBTaskResult.objects.create`, which Django compiles
afresh each time: about a tenth of an escalation's time in Python on PostgreSQL (issue 17). Here
the same row, with the same values (the model's defaults, `enqueued_at` filled in as it saves,
and its `pre_save` handler's "no `run_after`" date), goes through `notifications.inserts`: on
PostgreSQL a statement prepared once per session, sent in the same round trip as the writes
waiting before it. Everything else (checking the task, the `task_enqueued` signal, the result
returned, the worker) is the library's.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult, get_date_max

from .inserts import insert_all


class TaskBackend(DatabaseBackend):
    """`django_tasks_db.DatabaseBackend`, writing its task rows by `inserts.insert_all`."""

    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> DBTaskResult[Any, Any]:
        row: DBTaskResult[Any, Any] = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            # What the library's `pre_save` handler (`set_run_after`) sets when there is none.
            run_after=task.run_after or get_date_max(),
            backend_name=self.alias,
        )
        insert_all(DBTaskResult, [row])  # `enqueued_at` filled in, as `auto_now_add` saves it
        row._state.adding = False
        return row
