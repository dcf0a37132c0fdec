"""Who is told what, when: notify rules, advisers, non-response, reminders, urgency and referral."""

from __future__ import annotations

from dataclasses import replace

from accord.engine.case_state import Alert, AlertKind, Notification
from accord.engine.events import DeadlineSet, Escalated, FactSet, Referred, Resolved, StepDone
from accord.engine.policy.model import Counterpart, Unit

from .builders import (
    alerted,
    alerts,
    at,
    due,
    example,
    notify,
    only,
    quiet,
    raise_on,
    run,
    triggers,
    with_stage,
)

RAISED = raise_on("2026-12-21")


def up(text: str, to_stage: int | None = None) -> Escalated:
    return Escalated(at=at(text), to_stage=to_stage)


def test_entered_fires_with_its_form() -> None:
    case = run(example(), [RAISED, up("2026-12-23")])
    assert case.notifications == (
        Notification(at("2026-12-23"), "stage:2/entered", ("business_manager",), "notification"),
    )


def test_stage_three_entered_and_resolved() -> None:
    events = [RAISED, up("2026-12-22"), up("2026-12-23"), Resolved(at=at("2026-12-29"))]
    case = run(example(), events)
    assert [(n.trigger, n.form) for n in case.notifications] == [
        ("stage:2/entered", "notification"),
        ("stage:3/entered", "stage-3-monitoring"),
        ("stage:3/resolved", "resolution-record"),
    ]


def test_notify_if_is_read_when_the_trigger_fires() -> None:
    policy = with_stage(
        quiet(), 2, notify=(notify("entered", "business_manager", if_fact="cp_plan"),)
    )
    assert run(policy, [RAISED, up("2026-12-23")]).notifications == ()
    late_fact = [RAISED, FactSet(at=at("2026-12-22"), fact="cp_plan", value=True), up("2026-12-23")]
    assert triggers(run(policy, late_fact)) == [("2026-12-23", "stage:2/entered")]


def test_escalating_fires_before_the_next_stage_is_entered() -> None:
    policy = with_stage(example(), 1, notify=(notify("escalating", "receiving_holder", "raiser"),))
    case = run(policy, [RAISED, up("2026-12-23")])
    assert [(n.trigger, n.to) for n in case.notifications] == [
        ("stage:1/escalating", ("receiving_holder", "raiser")),
        ("stage:2/entered", ("business_manager",)),
    ]


def test_advisers_are_told_when_the_stage_is_entered() -> None:
    policy = with_stage(quiet(), 1, advisers=("safeguarding_lead",))
    policy = with_stage(
        policy,
        2,
        advisers=("safeguarding_lead", "business_manager"),
        notify=example().stage(2).notify,
    )
    case = run(policy, [RAISED, up("2026-12-23")])
    assert case.notifications == (
        Notification(at("2026-12-21"), "stage:1/entered", ("safeguarding_lead",), None),
        Notification(
            at("2026-12-23"),
            "stage:2/entered",
            ("business_manager", "safeguarding_lead"),
            "notification",
        ),
    )


def test_a_case_raised_above_stage_one_reports_that_stage_entered() -> None:
    case = run(example(), [raise_on("2026-12-21", stage=2, urgent=True)])
    assert triggers(case) == [("2026-12-21", "stage:2/entered")]
    assert alerted(case, AlertKind.RAISED_URGENT) == [("2026-12-21", "raised/urgent")]
    assert case.alerts[0].to == (
        "raising_holder",
        "receiving_holder",
        "safeguarding_lead",
        "receiving_senior_manager",
    )


def test_a_skipped_stage_is_never_entered() -> None:
    case = run(replace(example(), may_skip=True), [RAISED, up("2026-12-23", 4)])
    assert triggers(case) == []


class TestTimed:
    policy = with_stage(
        quiet(),
        2,
        notify=(notify("due_soon", "receiving_holder"), notify("breached", "business_manager")),
    )

    def test_due_soon_one_working_day_before_and_breached_the_day_after(self) -> None:
        case = run(self.policy, [RAISED, up("2026-12-23")], "2027-01-06")  # stage 2 due 5 Jan
        assert triggers(case) == [
            ("2027-01-04", "stage:2/due_soon"),
            ("2027-01-06", "stage:2/breached"),
        ]

    def test_only_up_to_as_of(self) -> None:
        assert triggers(run(self.policy, [RAISED, up("2026-12-23")], "2027-01-05")) == [
            ("2027-01-04", "stage:2/due_soon")
        ]
        assert triggers(run(self.policy, [RAISED, up("2026-12-23")], "2027-01-01")) == []

    def test_nothing_once_the_stage_is_left(self) -> None:
        events = [RAISED, up("2026-12-23"), Resolved(at=at("2027-01-04"))]  # the same instant
        assert triggers(run(self.policy, events, "2027-02-01")) == []

    def test_hours_deadlines_breach_at_their_instant(self) -> None:
        policy = with_stage(quiet(), 1, notify=(notify("breached", "business_manager"),))
        case = run(policy, [raise_on("2026-12-21", urgent=True)], "2026-12-23")
        assert triggers(case)[-1] == ("2026-12-22", "stage:1/breached")  # 24 hours after 09:00

    def test_a_brought_forward_due_moves_its_alerts(self) -> None:
        events = [
            RAISED,
            up("2026-12-23"),
            DeadlineSet(
                at=at("2026-12-23", "10:00"),
                deadline="stage:2",
                due=at("2026-12-30").date(),
                reason="risk",
            ),
        ]
        assert triggers(run(self.policy, events, "2027-01-06")) == [
            ("2026-12-29", "stage:2/due_soon"),
            ("2026-12-31", "stage:2/breached"),
        ]


ALERTING = replace(quiet(), non_response=example().non_response)


class TestNonResponse:
    def test_the_next_stage_is_told_after_the_grace_period(self) -> None:
        # step response due 22 Dec, grace one working day: 23 Dec; told at 09:00 on the next
        # working day, Tue 29 (24 Dec is a closure, then Christmas, a weekend, Boxing Day's
        # holiday): nothing yet on the 24th, which it was before issue 17
        assert alerts(run(ALERTING, [RAISED], "2026-12-24"), AlertKind.NON_RESPONSE) == ()
        case = run(ALERTING, [RAISED], "2026-12-29")
        assert case.notifications == ()
        assert alerts(case, AlertKind.NON_RESPONSE) == (
            Alert(
                at("2026-12-29"),
                AlertKind.NON_RESPONSE,
                "stage:1/step:response",
                ("first_line_manager", "raiser"),  # the next level, and the raiser
            ),
        )

    def test_not_once_the_step_is_done_within_grace(self) -> None:
        # response done on the 23rd: late, but within grace. Stage 1 (due 23rd) and the
        # confirmation (due 29th, from the 23rd over the closure and holidays) still run.
        events = [RAISED, StepDone(at=at("2026-12-23"), step="response")]
        assert alerted(run(ALERTING, events, "2026-12-31"), AlertKind.NON_RESPONSE) == [
            ("2026-12-30", "stage:1/non_response"),
            ("2026-12-31", "stage:1/step:confirmation/non_response"),
        ]

    def test_the_next_stages_roles_by_kind_of_agency(self) -> None:
        policy = with_stage(
            ALERTING,
            2,
            receiving=(
                Counterpart("safeguarding_lead", "health"),
                Counterpart("first_line_manager"),
            ),
        )
        case = run(policy, [raise_on("2026-12-21", receiving_agency="health")], "2026-12-29")
        assert alerts(case, AlertKind.NON_RESPONSE)[0].to == (
            "first_line_manager",
            "safeguarding_lead",
            "raiser",
        )

    def test_the_partnership_is_told_at_the_top_stage(self) -> None:
        policy = with_stage(ALERTING, 4, due=only(due(1, "working_days")))
        events = [RAISED, up("2026-12-22"), up("2026-12-22"), up("2026-12-22")]
        case = run(policy, events, "2026-12-30")  # due 23rd, grace to the 29th
        assert alerts(case, AlertKind.NON_RESPONSE)[-1] == Alert(
            at("2026-12-30"),
            AlertKind.NON_RESPONSE,
            "stage:4",
            ("business_manager", "independent_chair", "raiser"),  # report_to, and the raiser
        )


class TestReminders:
    def test_a_stage_without_delay_nudges_its_holders(self) -> None:
        events = [RAISED, up("2027-01-06"), up("2027-01-07"), up("2027-01-11")]
        case = run(quiet(), events, "2027-01-19")
        assert alerted(case, AlertKind.NUDGE) == [
            ("2027-01-13", "stage:4/nudge"),
            ("2027-01-15", "stage:4/nudge"),
            ("2027-01-19", "stage:4/nudge"),
        ]
        assert alerts(case, AlertKind.NUDGE)[0].to == ("raising_holder", "receiving_holder")
        assert case.notifications == ()  # a policy with no `notify` rule notifies nobody

    def test_reminders_stop_after_the_default_three_and_the_managers_are_told_once(self) -> None:
        events = [RAISED, up("2027-01-06"), up("2027-01-07"), up("2027-01-11")]
        case = run(quiet(), events, "2027-02-26")
        assert alerted(case, AlertKind.NUDGE, AlertKind.NUDGES_STOPPED) == [
            ("2027-01-13", "stage:4/nudge"),
            ("2027-01-15", "stage:4/nudge"),
            ("2027-01-19", "stage:4/nudge"),
            ("2027-01-21", "stage:4/nudges_stopped"),
        ]
        (stopped,) = alerts(case, AlertKind.NUDGES_STOPPED)
        assert stopped.to == ("raising_managers", "receiving_managers")

    def test_the_policy_sets_how_many_reminders(self) -> None:
        every = due(1, "working_days")
        policy = with_stage(
            quiet(), 1, due=only(due(None, "none", nudge_every=every, nudge_limit=1))
        )
        assert alerted(
            run(policy, [RAISED], "2027-01-29"), AlertKind.NUDGE, AlertKind.NUDGES_STOPPED
        ) == [
            ("2026-12-22", "stage:1/nudge"),
            ("2026-12-23", "stage:1/nudges_stopped"),
        ]

    def test_the_default_interval_is_two_working_days(self) -> None:
        policy = with_stage(quiet(), 1, due=only(due(None, "none")))
        assert alerted(run(policy, [RAISED], "2026-12-30"), AlertKind.NUDGE) == [
            ("2026-12-23", "stage:1/nudge"),
            ("2026-12-30", "stage:1/nudge"),
        ]

    def test_an_agreed_deadline_nudges_until_a_date_is_set(self) -> None:
        every = due(1, "working_days")
        policy = with_stage(quiet(), 1, due=only(due(None, "agreed", nudge_every=every)))
        events = [
            RAISED,
            DeadlineSet(
                at=at("2026-12-23", "12:00"),
                deadline="stage:1",
                due=at("2027-01-08").date(),
                reason="agreed at the meeting",
            ),
        ]
        assert alerted(run(policy, events, "2027-01-20"), AlertKind.NUDGE) == [
            ("2026-12-22", "stage:1/nudge"),
            ("2026-12-23", "stage:1/nudge"),
        ]

    def test_steps_without_delay_nudge_too(self) -> None:
        policy = quiet()
        stage = policy.stage(1)
        steps = (
            replace(
                stage.steps[0], due=only(due(None, Unit.NONE, nudge_every=due(1, "working_days")))
            ),
        )
        policy = with_stage(policy, 1, steps=steps)
        assert alerted(run(policy, [RAISED], "2026-12-22"), AlertKind.NUDGE) == [
            ("2026-12-22", "stage:1/step:response/nudge")
        ]


def test_referral_tells_the_partnership() -> None:
    events = [
        RAISED,
        up("2026-12-22"),
        up("2026-12-22"),
        up("2026-12-22"),
        Referred(at=at("2026-12-23")),
    ]
    case = run(quiet(), events)
    assert case.notifications == ()
    assert alerts(case, AlertKind.REFERRED) == (
        Alert(
            at("2026-12-23"),
            AlertKind.REFERRED,
            None,
            # report_to, both holders (the side that referred it and the other) and the raiser
            (
                "business_manager",
                "independent_chair",
                "raising_holder",
                "receiving_holder",
                "raiser",
            ),
        ),
    )
    assert (case.status, case.final_process) == ("referred", "panel")


def test_notifications_are_ordered_by_time() -> None:
    policy = replace(example(), may_skip=False)
    case = run(policy, [raise_on("2026-12-21", urgent=True), up("2026-12-21", 3)], "2027-01-10")
    assert [n.at for n in case.notifications] == sorted(n.at for n in case.notifications)
