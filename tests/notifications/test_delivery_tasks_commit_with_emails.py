"""An action's delivery task is written in the action's own transaction, with its e-mails (the
transactional outbox): one commit a write; the worker sees the task only when the e-mails have
committed, and if the action rolls back, its task goes with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accord.notifications.models import OutboxMessage
from accord.notifications.tasks import send_outbox

from .walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db


class _Undone(Exception):
    """Raised to roll an action's transaction back after it has written its rows."""


def delivery_tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=send_outbox.module_path)


def raise_and_roll_back(walker: Walker) -> tuple[list[int], list[Any]]:
    """Raise an urgent case in a transaction rolled back after it: the e-mails' ids and the
    delivery tasks' arguments seen inside it, before it ended."""
    seen: tuple[list[int], list[Any]] = ([], [])
    try:
        with transaction.atomic():
            walker.raise_case(london("2027-03-22"), stage=2, urgent=True)
            seen[0].extend(sorted(OutboxMessage.objects.values_list("pk", flat=True)))
            seen[1].extend(t.args_kwargs["args"] for t in delivery_tasks())
            raise _Undone
    except _Undone:
        pass
    return seen


def test_the_task_is_written_with_the_emails_and_rolled_back_with_them() -> None:
    emails, tasks = raise_and_roll_back(Walker(partnership_for("blackburn-with-darwen.toml")))
    assert len(emails) == 4  # the holders, the Head of Safeguarding, the senior manager
    # In the action's transaction, before it ended: nothing left to write after its commit.
    assert tasks == [[emails]]
    assert not OutboxMessage.objects.exists()
    assert not delivery_tasks().exists()
