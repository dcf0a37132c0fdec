"""Replaying a case's clocks: anchors, units, steps, budgets, urgency, conditions, stored dues."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from accord.engine.bank_holidays import calendar_for
from accord.engine.case_state import DeadlineKind
from accord.engine.events import (
    Escalated,
    Event,
    FactSet,
    Referred,
    Resolved,
    StepDone,
    Withdrawn,
)
from accord.engine.lifecycle import EventRejected
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    Budget,
    Step,
    Unit,
)
from accord.engine.replay import replay

from .builders import (
    at,
    day,
    deadline,
    due,
    either,
    example,
    only,
    quiet,
    raise_on,
    run,
    with_stage,
)

RAISED = raise_on("2026-12-21")


def up(text: str, to_stage: int | None = None) -> Escalated:
    return Escalated(at=at(text), to_stage=to_stage)


def test_the_section_3_example() -> None:
    case = run(
        example(),
        [
            raise_on("2026-12-21", facts={"cp_plan": True}),
            StepDone(at=at("2026-12-22"), step="response"),
            up("2026-12-23", 2),
            Resolved(at=at("2027-01-05")),
            Withdrawn(at=at("2027-01-06")),
        ],
    )
    found = {
        d.id: (d.start.date(), d.due, d.done and d.done.date(), d.status) for d in case.deadlines
    }
    assert found == {
        "stage:1": (day("2026-12-21"), day("2026-12-23"), day("2026-12-23"), "met"),
        "stage:1/step:response": (day("2026-12-21"), day("2026-12-22"), day("2026-12-22"), "met"),
        "stage:1/step:confirmation": (day("2026-12-22"), day("2026-12-23"), None, "dropped"),
        "budget:overall": (day("2026-12-21"), day("2027-01-15"), day("2027-01-05"), "met"),
        "stage:2": (day("2026-12-23"), day("2027-01-05"), day("2027-01-05"), "met"),
    }
    assert (case.status, case.stage, case.withdrawn) == ("resolved", 2, True)
    assert [d.kind for d in case.deadlines] == ["stage", "step", "step", "budget", "stage"]
    assert [v.left_by for v in case.visits] == ["escalated", "resolved"]


def test_labels_name_the_stage_and_the_step() -> None:
    case = run(example(), [RAISED])
    assert deadline(case, "stage:1").label == "Stage 1: Practitioners"
    assert deadline(case, "stage:1/step:response").label == (
        "Receiving agency reviews its decision and responds"
    )


@pytest.mark.parametrize(
    ("events", "as_of", "expected"),
    [
        ([RAISED], "2026-12-23", "open"),
        ([RAISED], "2026-12-24", "overdue"),
        ([RAISED, Resolved(at=at("2026-12-29"))], None, "late"),
        ([RAISED, Resolved(at=at("2026-12-23", "23:00"))], None, "met"),
        ([RAISED, Withdrawn(at=at("2026-12-22"))], None, "dropped"),
    ],
)
def test_stage_deadline_status(events: list[Event], as_of: str | None, expected: str) -> None:
    assert deadline(run(example(), events, as_of), "stage:1").status == expected


def test_a_step_appears_only_once_its_anchor_happened() -> None:
    case = run(example(), [RAISED, up("2026-12-22")])
    assert case.deadline("stage:1/step:confirmation") is None
    assert deadline(case, "stage:1/step:response").status == "dropped"
    assert deadline(case, "stage:1").done == at("2026-12-22")


@pytest.mark.parametrize(
    ("anchor", "concern_on", "start", "expected_due"),
    [
        (CASE_RAISED, None, "2026-12-21", "2026-12-29"),  # 22, 23, then 29 (24th closed)
        (CONCERN_IDENTIFIED, date(2026, 12, 17), "2026-12-17", "2026-12-22"),  # 18, 21, 22
        (CONCERN_IDENTIFIED, None, "2026-12-21", "2026-12-29"),  # the raised date
    ],
)
def test_stage_two_step_anchors(
    anchor: str, concern_on: date | None, start: str, expected_due: str
) -> None:
    step = Step("brief", "Brief the managers", only(due(3, "working_days", anchor)))
    policy = with_stage(example(), 2, steps=(step,))
    case = run(policy, [raise_on("2026-12-21", concern_on=concern_on), up("2026-12-23")])
    found = deadline(case, "stage:2/step:brief")
    assert (found.start, found.due) == (at(start), day(expected_due))


def test_a_stage_clock_from_the_concern() -> None:
    policy = with_stage(example(), 1, due=only(due(2, "working_days", CONCERN_IDENTIFIED)))
    case = run(policy, [raise_on("2026-12-21", concern_on=date(2026, 12, 17))])
    assert (deadline(case, "stage:1").start, deadline(case, "stage:1").due) == (
        at("2026-12-17"),
        day("2026-12-21"),
    )


@pytest.mark.parametrize(
    ("raised", "expected"),
    [("2026-12-21", "2026-12-21"), ("2026-12-24", "2026-12-29"), ("2026-12-26", "2026-12-29")],
)
def test_within_zero_is_the_same_working_day(raised: str, expected: str) -> None:
    policy = with_stage(example(), 1, due=only(due(0, "working_days")))
    assert deadline(run(policy, [raise_on(raised)]), "stage:1").due == day(expected)


def test_calendar_days_and_none() -> None:
    events = [RAISED, up("2026-12-22"), up("2026-12-23"), up("2027-01-04")]
    case = run(example(), events)
    assert deadline(case, "stage:3").due == day("2027-01-02")  # ten calendar days on: a Saturday
    assert deadline(case, "stage:3").status == "late"
    four = deadline(case, "stage:4")
    assert (four.unit, four.due, four.status) == (Unit.NONE, None, "open")
    assert deadline(run(example(), events, "2030-01-01"), "stage:4").status == "open"


def test_the_raise_deadline() -> None:
    policy = replace(quiet(), raising_due=only(due(2, "working_days", CONCERN_IDENTIFIED)))
    on_time = run(policy, [raise_on("2026-12-21", concern_on=date(2026, 12, 17))])
    late = run(policy, [raise_on("2026-12-21", concern_on=date(2026, 12, 16))])
    unstated = run(policy, [RAISED])
    assert (on_time.deadlines[0].id, on_time.deadlines[0].kind) == ("raise", DeadlineKind.RAISE)
    raise_clock = deadline(on_time, "raise")
    assert (raise_clock.start, raise_clock.due, raise_clock.done) == (
        at("2026-12-17"),
        day("2026-12-21"),
        at("2026-12-21"),
    )
    assert raise_clock.status == "met"
    assert deadline(late, "raise").due == day("2026-12-18")
    assert deadline(late, "raise").status == "late"
    assert (deadline(unstated, "raise").start, deadline(unstated, "raise").status) == (
        at("2026-12-21"),
        "met",
    )
    assert run(quiet(), [RAISED]).deadline("raise") is None  # not timed unless the policy says


def test_the_raise_deadline_may_depend_on_a_fact() -> None:
    raising = either(
        "cp_plan",
        due(0, "working_days", CONCERN_IDENTIFIED),
        due(5, "working_days", CONCERN_IDENTIFIED),
    )
    policy = replace(quiet(), raising_due=raising)
    event = raise_on("2026-12-21", concern_on=date(2026, 12, 17), facts={"cp_plan": True})
    assert deadline(run(policy, [event]), "raise").due == day("2026-12-17")


class TestBudgets:
    def test_ends_when_the_case_escalates_beyond_its_last_stage(self) -> None:
        events = [RAISED, up("2026-12-22"), up("2026-12-23"), up("2027-01-18")]
        budget = deadline(run(example(), events), "budget:overall")
        assert (budget.done, budget.status) == (at("2027-01-18"), "late")

    def test_runs_on_while_the_case_stays_within_it(self) -> None:
        budget = deadline(
            run(example(), [RAISED, up("2026-12-22"), up("2026-12-23")]), "budget:overall"
        )
        assert (budget.done, budget.status) == (None, "open")

    def test_is_dropped_on_withdrawal(self) -> None:
        budget = deadline(
            run(example(), [RAISED, Withdrawn(at=at("2026-12-22"))]), "budget:overall"
        )
        assert (budget.done, budget.status) == (None, "dropped")

    def test_ends_on_referral_when_it_covers_the_top_stage(self) -> None:
        policy = replace(
            example(), budgets=(Budget("all", "All stages", (1, 2, 3, 4), 30, Unit.WORKING_DAYS),)
        )
        events = [
            RAISED,
            up("2026-12-22"),
            up("2026-12-23"),
            up("2027-01-04"),
            Referred(at=at("2027-01-05")),
        ]
        assert deadline(run(policy, events), "budget:all").done == at("2027-01-05")

    def test_starts_when_its_first_stage_is_entered(self) -> None:
        policy = replace(
            example(), budgets=(Budget("upper", "Stages 2 and 3", (2, 3), 3, Unit.CALENDAR_DAYS),)
        )
        assert run(policy, [RAISED]).deadline("budget:upper") is None
        budget = deadline(run(policy, [RAISED, up("2026-12-23")]), "budget:upper")
        assert (budget.start, budget.due, budget.stage) == (
            at("2026-12-23"),
            day("2026-12-26"),
            None,
        )

    def test_a_case_starting_inside_it_starts_it(self) -> None:
        case = run(example(), [raise_on("2026-12-21", stage=2, urgent=True)])
        assert deadline(case, "budget:overall").start == at("2026-12-21")

    def test_never_starts_when_the_case_skips_it(self) -> None:
        policy = replace(
            example(),
            may_skip=True,
            budgets=(Budget("two", "Stage 2", (2,), 3, Unit.WORKING_DAYS),),
        )
        assert run(policy, [RAISED, up("2026-12-22", 3)]).deadline("budget:two") is None


class TestUrgent:
    @pytest.mark.parametrize(
        ("number", "start", "expected"),
        [
            (1, "2026-12-21", "2026-12-22"),
            (3, "2026-12-22", "2026-12-23"),
            (4, "2026-12-23", "2026-12-24"),
        ],
    )
    def test_every_stage_deadline_is_urgent_due_from_the_stage_start(
        self, number: int, start: str, expected: str
    ) -> None:
        events = [raise_on("2026-12-21", urgent=True), up("2026-12-22", 3), up("2026-12-23", 4)]
        clock = deadline(run(example(), events), f"stage:{number}")
        assert (clock.unit, clock.start, clock.due) == (Unit.HOURS, at(start), at(expected))
        assert isinstance(clock.due, datetime)  # stage 4 is `none` for a case not urgent

    def test_steps_and_budgets_keep_their_own(self) -> None:
        case = run(example(), [raise_on("2026-12-21", urgent=True)])
        assert deadline(case, "stage:1/step:response").due == day("2026-12-22")
        assert deadline(case, "budget:overall").due == day("2027-01-15")

    def test_without_urgent_due_stages_keep_theirs(self) -> None:
        policy = replace(
            example(), immediate_risk=replace(example().immediate_risk, urgent_due=None)
        )
        case = run(policy, [raise_on("2026-12-21", urgent=True)])
        assert deadline(case, "stage:1").due == day("2026-12-23")

    def test_a_case_not_urgent_keeps_its_clocks(self) -> None:
        assert deadline(run(example(), [RAISED]), "stage:1").unit == Unit.WORKING_DAYS


class TestConditionalDue:
    policy = with_stage(
        example(), 2, due=either("cp_plan", due(1, "working_days"), due(5, "working_days"))
    )

    @pytest.mark.parametrize(
        ("facts", "expected"),
        [({"cp_plan": True}, "2026-12-29"), ({"cp_plan": False}, "2027-01-05"), ({}, "2027-01-05")],
    )
    def test_chosen_with_the_facts_when_the_stage_is_entered(
        self, facts: dict[str, bool], expected: str
    ) -> None:
        case = run(self.policy, [raise_on("2026-12-21", facts=facts), up("2026-12-23")])
        assert deadline(case, "stage:2").due == day(expected)

    def test_a_fact_set_before_the_stage_starts_counts(self) -> None:
        events = [
            RAISED,
            FactSet(at=at("2026-12-22"), fact="cp_plan", value=True),
            up("2026-12-23"),
        ]
        assert deadline(run(self.policy, events), "stage:2").due == day("2026-12-29")

    def test_a_fact_set_later_never_moves_a_started_deadline(self) -> None:
        events = [
            RAISED,
            up("2026-12-23"),
            FactSet(at=at("2026-12-24"), fact="cp_plan", value=True),
        ]
        case = run(self.policy, events)
        assert deadline(case, "stage:2").due == day("2027-01-05")
        assert case.facts == {"cp_plan": True}


class TestFixedDues:
    def test_a_stored_due_overrides_the_computed_one(self) -> None:
        case = run(example(), [RAISED], fixed_dues={"stage:1": date(2026, 12, 30)})
        assert deadline(case, "stage:1").due == day("2026-12-30")
        assert deadline(case, "stage:1/step:response").due == day("2026-12-22")

    def test_a_clock_without_a_computed_due_ignores_a_stored_one(self) -> None:
        events = [RAISED, up("2026-12-22"), up("2026-12-22"), up("2026-12-22")]
        case = run(example(), events, fixed_dues={"stage:4": date(2026, 12, 30)})
        assert deadline(case, "stage:4").due is None  # its date comes from `deadline_set` events

    def test_a_calendar_change_does_not_move_a_stored_due(self) -> None:
        closed = replace(example(), closures=((day("2026-12-22"), day("2026-12-24")),))
        calendar = calendar_for(closed, [2026, 2027])
        stored = {"stage:1": day("2026-12-23")}
        case = replay(closed, calendar, [RAISED], fixed_dues=stored)
        assert deadline(case, "stage:1").due == day("2026-12-23")
        assert deadline(replay(closed, calendar, [RAISED]), "stage:1").due == day("2026-12-30")
        assert (
            case.calendar_revision == calendar.revision != calendar_for(example(), [2026]).revision
        )


def test_as_of_before_the_last_event_leaves_later_events_out() -> None:
    events = [RAISED, StepDone(at=at("2026-12-22"), step="response"), up("2026-12-23")]
    case = run(example(), events, "2026-12-22")
    assert (case.status, case.stage) == ("open", 1)
    assert deadline(case, "stage:1").status == "open"
    assert case.deadline("stage:2") is None
    assert case.as_of.date() == date(2026, 12, 22)


def test_replaying_twice_gives_equal_states() -> None:
    events = [RAISED, StepDone(at=at("2026-12-22"), step="response"), up("2026-12-23")]
    assert run(example(), events, "2027-02-01") == run(example(), events, "2027-02-01")


def test_events_after_as_of_are_still_checked() -> None:
    events = [RAISED, up("2026-12-23"), up("2026-12-23", 2)]
    with pytest.raises(EventRejected) as rejected:
        run(example(), events, "2026-12-22")
    assert rejected.value.index == 2


def test_a_case_needs_its_raised_event() -> None:
    with pytest.raises(ValueError, match="raised"):
        run(example(), [])
