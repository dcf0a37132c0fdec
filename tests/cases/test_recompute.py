"""Recomputing open deadlines after a calendar change: only on purpose, with before and after."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.chain import verify
from accord.cases.models import CaseEvent, Deadline
from accord.partnerships.models import BankHoliday, Closure
from tests.factories import LONDON, OpenCaseFactory, later

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 15, tzinfo=LONDON)


def test_a_closure_moves_open_deadlines_only_when_recomputed() -> None:
    case = OpenCaseFactory()  # raised Mon 1 Jun 2026 10:00: stage:1 due Wed 3, response Tue 2
    actions.complete_step(case=case, actor=case.raised_by, step="response", now=later(case, 1))
    Closure.objects.create(partnership=case.partnership, date=date(2026, 6, 2), reason="Training")
    stage = Deadline.objects.get(case=case, key="stage:1")
    assert stage.due_on == date(2026, 6, 3)  # kept: nothing moves silently
    changes = actions.recompute_deadlines(
        case=case, actor=case.raised_by, now=NOW, reason="Training day agreed on 2 June"
    )
    # With Tue 2 closed, from Mon 1 Jun: stage 1 (2 wd) Wed 3 -> Thu 4; the confirmation step
    # (1 wd from the response, done Mon 1 at 11:00) Tue 2 -> Wed 3; the budget (15 wd: 2-5,
    # 8-12, 15-19, 22 Jun) Mon 22 -> Tue 23. The response step was met and keeps its date.
    assert sorted((c.key, c.before, c.after) for c in changes) == [
        ("budget:overall", "2026-06-22", "2026-06-23"),
        ("stage:1", "2026-06-03", "2026-06-04"),
        ("stage:1/step:confirmation", "2026-06-02", "2026-06-03"),
    ]
    stage.refresh_from_db()
    assert stage.due_on == date(2026, 6, 4)
    response = Deadline.objects.get(case=case, key="stage:1/step:response")
    assert stage.calendar_revision != response.calendar_revision
    event = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    assert event is not None
    assert event.kind == "deadlines_recomputed"
    assert {"deadline": "stage:1", "before": "2026-06-03", "after": "2026-06-04"} in (
        event.payload["changes"]
    )
    assert event.payload["reason"] == "Training day agreed on 2 June"
    assert list(verify(case.reference)) == []
    # The alerts follow the new date: due soon Wed 3 at 09:00, passed Fri 5 at 09:00.
    assert stage.due_soon_alert_at == datetime(2026, 6, 3, 9, tzinfo=LONDON)
    assert stage.passed_alert_at == datetime(2026, 6, 5, 9, tzinfo=LONDON)
    # Nothing more to move: nothing is written.
    assert actions.recompute_deadlines(case=case, actor=case.raised_by, now=NOW, reason="x") == []
    assert CaseEvent.objects.filter(case=case, kind="deadlines_recomputed").count() == 1


def test_a_reason_is_required() -> None:
    case = OpenCaseFactory()
    with pytest.raises(actions.CaseActionRejected, match="Say why"):
        actions.recompute_deadlines(case=case, actor=case.raised_by, now=NOW, reason=" ")


def test_the_command_recomputes_a_whole_partnership() -> None:
    case = OpenCaseFactory()
    BankHoliday.objects.create(jurisdiction="ENG", date=date(2026, 6, 3), name="New day")
    out = StringIO()
    call_command(
        "recompute_deadlines",
        partnership=case.partnership.slug,
        actor=case.raised_by.email,
        reason="New bank holiday",
        stdout=out,
    )
    assert f"{case.reference} stage:1: 2026-06-03 -> 2026-06-04" in out.getvalue()
    with pytest.raises(CommandError, match="slug"):
        call_command("recompute_deadlines", partnership="nope", actor="x@y", reason="r")


def test_the_admin_action_asks_for_a_reason_then_recomputes(client: object) -> None:
    case = OpenCaseFactory()
    admin = Person.objects.create_superuser("root@accord.example", "pw", full_name="Root")
    client.force_login(admin)  # type: ignore[attr-defined]
    BankHoliday.objects.create(jurisdiction="ENG", date=date(2026, 6, 3), name="New day")
    url = reverse("admin:cases_case_changelist")
    data = {"action": "recompute_deadlines_action", "_selected_action": [case.pk]}
    asked = client.post(url, data)  # type: ignore[attr-defined]
    assert asked.status_code == 200
    assert b"Why (recorded in each case" in asked.content
    done = client.post(url, {**data, "apply": "1", "reason": "New bank holiday"}, follow=True)  # type: ignore[attr-defined]
    assert b"stage:1 2026-06-03 to 2026-06-04" in done.content
    assert Deadline.objects.get(case=case, key="stage:1").due_on == date(2026, 6, 4)
