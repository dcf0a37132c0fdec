"""The sweep survives anything one case can do: every action the web offers, followed by a sweep,
never stops it; a case whose events no longer replay is recorded, skipped, shown to its
administrators and tried again, while every other case is swept."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accord.cases import actions
from accord.cases.management.commands import tick as tick_command
from accord.cases.models import (
    Case,
    CaseEvent,
    CaseNotification,
    Deadline,
    FormRecord,
    SweepFailure,
)
from accord.cases.models.events import canonical_json
from accord.cases.sweep import tick
from accord.demo.cases import Script
from accord.demo.people import PARTNERSHIPS
from accord.engine.policy.model import Policy
from tests.access.helpers import signed_in
from tests.cases.tampering import EVENTS, json_value, raw, resign
from tests.factories import holder

from .walking import TICK, Walker, london, partnership_for

pytestmark = pytest.mark.django_db

ACTIONS = [name for name in actions.__all__ if name[0].islower() and name != "log_case_view"]


@pytest.fixture
def ticking_after_every_action(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every case action, as the web calls it, followed by a sweep a minute later that must
    skip nothing. Yields the names of the actions taken."""
    taken: list[str] = []

    def then_tick(name: str, action: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(action)
        def taking(*args: Any, **kwargs: Any) -> Any:
            result = action(*args, **kwargs)
            report = tick(now=kwargs["now"] + timedelta(minutes=1))
            assert report["failed"] == [], (name, report["failed"])
            taken.append(name)
            return result

        return taking

    for name in ACTIONS:
        monkeypatch.setattr(actions, name, then_tick(name, getattr(actions, name)))
    return taken


def _answered(record: FormRecord) -> dict[str, Any]:
    """The record's values with every required question the case left empty answered."""
    answers = {"date": "2027-02-15", "yesno": "yes", "list": ["An agency"]}
    values = dict(record.values)
    for field in record.definition:
        if field.get("required") and not values.get(field["id"]):
            choices = field.get("choices") or ["Noted."]
            values[field["id"]] = answers.get(field["type"], choices[0])
    return values


def _names_a_form(policy: Policy) -> bool:
    return any(rule.form for stage in policy.stages for rule in stage.notify)


def _extra_actions(script: Script, cases: list[Case]) -> None:
    """What the demo script does not do: bring a deadline forward, set a fact, skip a level,
    record the panel's or chair's decision, submit a form and correct it, plan a meeting, move
    it and cancel it."""
    policy = script.policy
    for made in cases:
        made.refresh_from_db()
    open_cases = [c for c in cases if c.status == "open"]
    case = open_cases[0]
    timed = Deadline.objects.filter(case=case, due_on__isnull=False, done_at__isnull=True).first()
    if timed is not None and timed.due_on is not None and timed.due_on > script.today:
        actions.set_deadline(
            case=case,
            actor=holder(case),
            deadline=timed.key,
            due=timed.due_on - timedelta(days=1),
            reason="The child is due to move school.",
            now=script.at(0, 9),
        )
    for fact in policy.facts:
        actions.set_fact(case=case, actor=holder(case), fact=fact, value=True, now=script.at(0, 10))
    if policy.may_skip and policy.top_stage > 2:
        fresh = script.raise_case(3)
        raising, receiving = script.sides(fresh)
        actions.escalate_case(
            case=fresh,
            actor=script.current(fresh),
            raising_holder=script.holder(raising, "raising", 3),
            receiving_holder=script.holder(receiving, "receiving", 3),
            reason="The first line managers cannot agree and it cannot wait.",
            to_stage=3,
            now=script.at(2),
        )
    referred = next(c for c in cases if c.status == "referred")
    actions.resolve_case(
        case=referred,
        actor=script.demo.staff.get("business_manager") or script.current(referred),
        agreed_outcome="The partnership decided the assessment goes ahead.",
        now=script.at(0, 11),
    )
    record = FormRecord.objects.filter(case__in=cases, status="draft").first()
    if _names_a_form(policy):
        assert record is not None, "a policy that names a form asks for it on the demo's paths"
        text = next(f["id"] for f in record.definition if f["type"] in {"text", "longtext"})
        submitted = actions.submit_form(
            record=record,
            actor=record.case.raised_by,
            values={**_answered(record), text: "As sent"},
            now=script.at(0, 12),
        )
        actions.correct_form(
            record=submitted,
            actor=record.case.raised_by,
            values={**submitted.values, text: "As corrected"},
            reason="The meeting moved",
            now=script.at(0, 13),
        )
    else:  # the Wales national procedure names no form
        assert record is None
    going_on = next(c for c in cases if c.status == "open")
    going_on.refresh_from_db()
    planner = script.current(going_on)
    planned = actions.plan_meeting(
        case=going_on, actor=planner, starts_at=script.at(-2, 14), place="Room 1",
        attendees=[script.current(going_on, "receiving")], now=script.at(0, 14),
    )  # fmt: skip
    actions.move_meeting(
        case=going_on, actor=planner, meeting=planned, starts_at=script.at(-3, 14),
        place="Room 2", now=script.at(0, 15),
    )  # fmt: skip
    actions.cancel_meeting(
        case=going_on, actor=planner, meeting=planned, reason="Agreed by phone",
        now=script.at(0, 16),
    )  # fmt: skip


@pytest.mark.parametrize("policy_file", [row[0] for row in PARTNERSHIPS])
def test_a_sweep_after_every_action_the_web_offers_skips_no_case(
    policy_file: str, ticking_after_every_action: list[str]
) -> None:
    demo = partnership_for(policy_file)
    script = Script(demo, date(2027, 2, 15))
    cases = script.run()
    _extra_actions(script, cases)
    assert not SweepFailure.objects.exists()
    taken = set(ticking_after_every_action)
    assert {"raise_case", "escalate_case", "refer_case", "resolve_case", "close_case"} <= taken
    assert {"withdraw_case", "record_response"} <= taken
    if _names_a_form(script.policy):
        assert {"submit_form", "correct_form"} <= taken
    assert {"plan_meeting", "move_meeting", "cancel_meeting"} <= taken
    if script.policy.facts:
        assert "set_fact" in taken
    if script.policy.resolution.final == "panel":
        assert "convene_panel" in taken


def test_a_deadline_brought_forward_then_swept_stops_nothing() -> None:
    """The reported failure: after a sweep has run, a holder brings a deadline forward; the
    next sweep replays the case with the dues as counted, and the alerts follow the new date."""
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    case = walker.raise_case(london("2027-02-15"))
    assert tick(now=london("2027-02-16", TICK))["failed"] == []
    actions.set_deadline(
        case=case,
        actor=holder(case),
        deadline="stage:1",
        due=date(2027, 2, 18),
        reason="The child moves school on Friday.",
        now=london("2027-02-16"),
    )
    report = tick(now=london("2027-02-16", TICK) + timedelta(hours=1))
    assert report["failed"] == []
    assert report["cases_rechecked"] == 1
    row = Deadline.objects.get(case=case, key="stage:1")
    assert row.due_on == date(2027, 2, 18)
    assert row.running(london("2027-02-17")) == "due_soon"  # the working day before
    tick(now=london("2027-02-19", TICK))
    assert CaseNotification.objects.filter(case=case, topic="stage:1", kind="passed").exists()


def _break(case: Case) -> None:
    """Make the case's history unreplayable, as an edited row would: its response dated before
    the case was raised (written past the append-only guard, as an attacker could)."""
    _set_response_at(case, "2027-01-01T10:00:00+00:00")


def _set_response_at(case: Case, at: str) -> None:
    """Written past the triggers and re-signed with the chain key, so that only the replay
    fails (tests/cases/test_audit.py shows an unsigned edit is caught as an altered log)."""
    event = CaseEvent.objects.filter(case=case, kind="responded").get()
    payload = canonical_json({**event.payload, "at": at})
    sql = f"UPDATE {EVENTS} SET payload = {json_value()} WHERE id = %s"  # noqa: S608
    raw(sql, [payload, event.pk])
    resign(case)


def test_a_case_that_no_longer_replays_is_skipped_recorded_and_tried_again() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    broken = walker.raise_case(london("2027-02-15"))
    actions.record_response(
        case=broken,
        actor=holder(broken),
        position="disagree",
        now=london("2027-02-15") + timedelta(hours=1),
    )
    healthy = walker.raise_case(london("2027-02-15"))
    _break(broken)
    report = tick(now=london("2027-02-15", TICK) + timedelta(hours=2))
    assert [f["case"] for f in report["failed"]] == [broken.reference]
    assert "event 2 (responded)" in report["failed"][0]["reason"]
    # Every other case is swept: the healthy case's alerts still fall when due.
    later = tick(now=london("2027-02-22", TICK))
    assert CaseNotification.objects.filter(case=healthy, kind="due_soon").exists()
    assert [f["case"] for f in later["failed"]] == [broken.reference]  # tried again
    failure = SweepFailure.objects.get(case=broken, cleared_at__isnull=True)
    assert failure.attempts == 2
    # Its partnership's administrators see it, by reference only.
    admin = demo.staff["administrator"]
    page = signed_in(admin).get("/manage/sweep/")
    assert page.status_code == 200
    assert broken.reference in page.content.decode()
    assert healthy.reference not in page.content.decode()
    # Repaired, it replays again and the failure is cleared.
    _set_response_at(broken, "2027-02-15T11:00:00+00:00")
    repaired = tick(now=london("2027-02-23", TICK))
    assert (repaired["failed"], repaired["recovered"]) == ([], 1)
    assert not SweepFailure.objects.filter(cleared_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)  # the loop closes its connection between runs
def test_the_loop_keeps_going_and_says_which_case_it_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    broken = walker.raise_case(london("2027-02-15"))
    actions.record_response(
        case=broken,
        actor=holder(broken),
        position="disagree",
        now=london("2027-02-15") + timedelta(hours=1),
    )
    _break(broken)
    runs: list[float] = []

    class Stop(BaseException):
        """Ends the endless loop after three runs (the loop itself never ends on an error)."""

    def sleep(seconds: float) -> None:
        runs.append(seconds)
        if len(runs) == 3:
            raise Stop

    monkeypatch.setattr(tick_command.time, "sleep", sleep)
    out, err = StringIO(), StringIO()
    with pytest.raises(Stop):
        call_command("tick", "--loop=60", "--now=2027-02-16T09:30", stdout=out, stderr=err)
    assert len(out.getvalue().splitlines()) == 3
    assert err.getvalue().count(f"{broken.reference}: skipped:") == 3
    one = StringIO()
    call_command("tick", "--json", "--now=2027-02-16T09:31", stdout=one)
    assert json.loads(one.getvalue())["failed"][0]["case"] == broken.reference
