"""The example of policy-format.md section 1 loads, with the structure and defaults it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from accord.engine.policy.loader import load_policy_file, load_policy_text
from accord.engine.policy.model import (
    Alternative,
    Budget,
    Counterpart,
    Duration,
    Jurisdiction,
    NotifyRule,
    Panel,
    Policy,
    Unit,
)

EXAMPLE = Path(__file__).parent.parent / "fixtures" / "example-borough.toml"


def example() -> Policy:
    return load_policy_file(str(EXAMPLE))


def test_the_header_and_its_defaults() -> None:
    policy = example()
    assert (policy.id, policy.version, policy.jurisdiction) == (
        "example-borough",
        "2026-04",
        Jurisdiction.ENG,
    )
    assert policy.partnership == "Example Borough Safeguarding Partnership"
    assert policy.effective_from == date(2026, 4, 1)
    assert (policy.population, policy.scope, policy.subjects) == (
        "children",
        "between_agencies",
        ("child",),
    )
    assert policy.closures == ((date(2026, 12, 24), date(2026, 12, 24)),)
    assert len(policy.roles) == 9
    assert policy.roles["business_manager"] == "Partnership business manager"
    assert policy.facts == {"cp_plan": "Is the child subject to a child protection plan?"}
    assert (policy.raising_due, policy.may_skip) == ((), False)


def test_the_ladder() -> None:
    policy = example()
    assert [s.name for s in policy.stages] == [
        "Practitioners",
        "First line managers",
        "Meeting with an independent chair",
        "Senior managers",
    ]
    assert policy.top_stage == 4
    first = policy.stage(1)
    assert first.raising == (Counterpart("practitioner", line=34),)
    assert first.receiving == (Counterpart("practitioner", line=35),)
    assert first.due == (Alternative(Duration(Unit.WORKING_DAYS, 2, line=39), line=39),)
    assert len(first.checklist) == 2
    assert [(s.id, s.due[0].value.anchor) for s in first.steps] == [
        ("response", "stage_start"),
        ("confirmation", "step:response"),
    ]
    assert policy.stage(2).notify == (
        NotifyRule("entered", ("business_manager",), "notification", line=57),
    )


def test_the_chair_meeting_and_the_stage_without_a_deadline() -> None:
    third, fourth = example().stages[2:]
    assert third.chair == (
        Alternative("standards_manager", "cp_plan", line=64),
        Alternative("independent_team_manager", None, line=65),
    )
    assert third.meeting is True
    assert [(n.on, n.form) for n in third.notify] == [
        ("entered", "stage-3-monitoring"),
        ("resolved", "resolution-record"),
    ]
    assert third.due[0].value == Duration(Unit.CALENDAR_DAYS, 10, line=67)
    assert fourth.due[0].value == Duration(
        Unit.NONE, nudge_every=Duration(Unit.WORKING_DAYS, 2, line=76), line=76
    )
    assert not fourth.due[0].value.has_due_date


def test_budgets_urgency_non_response_and_exceptions() -> None:
    policy = example()
    assert policy.budgets == (
        Budget("overall", "Whole process", (1, 2, 3), 15, Unit.WORKING_DAYS, line=78),
    )
    risk = policy.immediate_risk
    assert risk.may_start_at == (1, 2, 3)
    assert risk.urgent_due == Duration(Unit.HOURS, 24, line=88)
    assert risk.inform == ("safeguarding_lead",)
    assert risk.guidance.startswith("If a child is at immediate risk")
    assert policy.non_response is not None
    assert policy.non_response.grace == Duration(Unit.WORKING_DAYS, 1, line=92)
    assert policy.non_response.action == "alert_next_level"
    assert [(e.id, e.policy) for e in policy.exceptions] == [
        ("cp-conference", None),
        ("own-manager", None),
    ]


def test_resolution_forms_and_themes() -> None:
    policy = example()
    resolution = policy.resolution
    assert resolution.final == "panel"
    assert resolution.panel == Panel(3, True, "independent_chair")
    assert resolution.report_to == ("business_manager", "independent_chair")
    assert resolution.record == ("agreed_outcome", "outstanding_issues", "tasks", "learning")
    assert (resolution.sign_off, resolution.debrief) == ("both_parties", "offered")
    form = policy.form("stage-3-monitoring")
    assert form is not None
    assert [(f.id, f.type, f.source) for f in form.fields][:2] == [
        ("raised_on", "date", "case.raised_on"),
        ("referrer", "text", "case.raised_by.name"),
    ]
    assert [f.source for f in form.fields][-2:] == [None, None]
    assert len(policy.themes) == 5


def test_the_file_and_its_text_load_alike() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert load_policy_text(text, "example.toml") == example()
