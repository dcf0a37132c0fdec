"""Every action: its happy path writes the change with its event; a refusal writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accord.accounts.models import Level
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.chain import verify
from accord.cases.models import (
    Case,
    CaseEvent,
    CaseReferenceCounter,
    Deadline,
    Holding,
    Meeting,
    Outcome,
    SignOff,
    Subject,
    Task,
)
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    ClosedCaseFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PersonFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    SignedOffCaseFactory,
    WithdrawnCaseFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

MODELS = [Case, CaseEvent, Deadline, Holding, Meeting, Outcome, SignOff, Subject, Task]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*MODELS, CaseReferenceCounter]}


def refused(call: object, **kwargs: object) -> str:
    """Run an action expected to be refused; assert nothing changed; return the message."""
    before = counts()
    with pytest.raises(CaseActionRejected) as refusal:
        call(**kwargs)  # type: ignore[operator]
    assert counts() == before
    return refusal.value.message


def test_raise_case_writes_the_case_its_subject_holders_deadlines_and_first_event() -> None:
    case = OpenCaseFactory()
    assert case.status == "open"
    assert case.stage == 1
    assert case.reference.startswith("ACC-2026-")
    assert case.subject.name == "Test Child"
    assert {(h.stage, h.side) for h in case.holdings.all()} == {(1, "raising"), (1, "receiving")}
    stage_1 = case.deadlines.get(key="stage:1")
    assert stage_1.due_on == date(2026, 6, 3)  # 2 working days after Monday 1 June
    assert stage_1.calendar_revision
    event = case.events.get()
    assert (event.sequence, event.kind, event.actor) == (1, "raised", case.raised_by)
    assert event.payload["type"] == "raised"
    assert "Test Child" not in event.summary
    assert not list(verify(case.reference))


def test_raise_case_refused_above_stage_1_without_urgency_writes_nothing() -> None:
    template = OpenCaseFactory()
    before = counts()
    with pytest.raises(CaseActionRejected, match="urgent"):
        actions.raise_case(
            partnership=template.partnership,
            policy_version=template.policy_version,
            raised_by=template.raised_by,
            raising_agency=template.raising_agency,
            receiving_agency=template.receiving_agency,
            receiving_holder=holder(template),
            decision_summary=template.decision_summary,
            outcome_sought=template.outcome_sought,
            stage=3,
            now=RAISED_AT,
        )
    assert counts() == before


def test_raise_case_refused_against_an_agency_not_working_in_the_partnership() -> None:
    template = OpenCaseFactory()
    elsewhere = AgencyFactory(name="Faraway Trust")  # at home in another partnership only
    counterpart = PersonFactory(agency=elsewhere)
    before = counts()
    with pytest.raises(CaseActionRejected, match="Faraway Trust does not work in"):
        actions.raise_case(
            partnership=template.partnership,
            policy_version=template.policy_version,
            raised_by=template.raised_by,
            raising_agency=template.raising_agency,
            receiving_agency=elsewhere,
            receiving_holder=counterpart,
            decision_summary=template.decision_summary,
            outcome_sought=template.outcome_sought,
            now=RAISED_AT,
        )
    assert counts() == before


def test_urgent_case_may_start_at_stage_2_with_a_reason() -> None:
    case = OpenCaseFactory(stage=2, urgent=True, reason="Immediate risk")
    assert (case.stage, case.urgent) == (2, True)
    assert case.deadlines.get(key="stage:2").due_at is not None  # urgent_due is 24 hours


def test_record_response() -> None:
    case = OpenCaseFactory()
    actions.record_response(
        case=case, actor=holder(case), position="disagree", note="See file", now=later(case, 2)
    )
    event = case.events.order_by("sequence").last()
    assert event.kind == "responded"
    assert event.payload["position"] == "disagree"


def test_record_response_refused_on_a_closed_case() -> None:
    case = ClosedCaseFactory()
    message = refused(
        actions.record_response, case=case, actor=case.raised_by, position="agree",
        now=later(case, 2),
    )  # fmt: skip
    assert "closed" in message


def test_complete_step_marks_its_deadline_done() -> None:
    case = OpenCaseFactory()
    actions.complete_step(case=case, actor=case.raised_by, step="response", now=later(case, 2))
    response = case.deadlines.get(key="stage:1/step:response")
    assert response.done_at == later(case, 2)
    assert response.status == "met"
    assert case.deadlines.filter(key="stage:1/step:confirmation").exists()


def test_complete_step_refused_for_an_unknown_step() -> None:
    case = OpenCaseFactory()
    refused(actions.complete_step, case=case, actor=case.raised_by, step="nope", now=later(case, 2))


def test_escalate_case_moves_the_holders_and_closes_the_stage_clock() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    assert case.stage == 2
    assert case.deadlines.get(key="stage:1").status in {"met", "late"}
    assert case.deadlines.get(key="stage:2").status == "open"
    assert case.holdings.filter(stage=1, ended_at__isnull=False).count() == 2
    assert case.holdings.filter(stage=2, ended_at__isnull=True).count() == 2


def test_escalate_case_refused_past_the_top_stage() -> None:
    case = EscalatedCaseFactory(to_stage=4)
    manager = PersonFactory(agency=case.raising_agency, level=Level.SENIOR_MANAGER)
    other = PersonFactory(agency=case.receiving_agency, level=Level.SENIOR_MANAGER)
    message = refused(
        actions.escalate_case, case=case, actor=holder(case, "raising"), raising_holder=manager,
        receiving_holder=other, reason="Still no agreement", now=later(case, 2),
    )  # fmt: skip
    assert "top" in message or "stage" in message


def test_escalate_case_needs_a_reason() -> None:
    case = OpenCaseFactory()
    refused(
        actions.escalate_case, case=case, actor=case.raised_by, raising_holder=case.raised_by,
        receiving_holder=case.raised_by, reason=" ", now=later(case, 2),
    )  # fmt: skip


def test_resolve_case_records_the_outcome() -> None:
    case = ResolvedCaseFactory()
    assert case.status == "resolved"
    outcome = case.outcomes.get()
    assert (outcome.stage, outcome.agreed_outcome) == (1, "Assessment agreed")


def test_resolve_case_refused_when_already_resolved() -> None:
    case = ResolvedCaseFactory()
    refused(
        actions.resolve_case, case=case, actor=case.raised_by, agreed_outcome="Again",
        now=later(case, 2),
    )  # fmt: skip


def test_sign_off_by_both_sides() -> None:
    case = SignedOffCaseFactory()
    assert case.status == "signed_off"
    assert set(case.sign_offs.values_list("side", flat=True)) == {"raising", "receiving"}


def test_sign_off_refused_before_resolution() -> None:
    case = OpenCaseFactory()
    refused(actions.sign_off, case=case, actor=case.raised_by, side="raising", now=later(case, 2))


def test_refer_case_at_the_top_stage() -> None:
    case = ReferredCaseFactory()
    assert (case.status, case.stage) == ("referred", 4)


def test_refer_case_refused_below_the_top_stage() -> None:
    case = OpenCaseFactory()
    refused(actions.refer_case, case=case, actor=case.raised_by, reason="x", now=later(case, 2))


def test_close_case_ends_the_holdings() -> None:
    case = ClosedCaseFactory()
    assert case.status == "closed"
    assert case.closed_at is not None
    assert not case.holdings.filter(ended_at__isnull=True).exists()


def test_close_case_refused_while_open() -> None:
    case = OpenCaseFactory()
    message = refused(actions.close_case, case=case, actor=case.raised_by, now=later(case, 2))
    assert "resolve" in message


def test_withdraw_case() -> None:
    case = WithdrawnCaseFactory()
    assert case.status == "withdrawn"
    assert case.closed_at is not None


def test_withdraw_case_refused_when_already_withdrawn() -> None:
    case = WithdrawnCaseFactory()
    refused(
        actions.withdraw_case, case=case, actor=case.raised_by, reason="again", now=later(case, 2)
    )


def test_add_and_complete_a_task() -> None:
    case = OpenCaseFactory()
    task = actions.add_task(
        case=case, actor=case.raised_by, title="Share the assessment", owner=case.raised_by,
        due_on=RAISED_AT.date() + timedelta(days=3), now=later(case, 1),
    )  # fmt: skip
    actions.complete_task(task=task, actor=case.raised_by, now=later(case, 3))
    task.refresh_from_db()
    assert task.completed_at == later(case, 3)
    assert list(case.events.values_list("kind", flat=True).order_by("sequence")) == [
        "raised",
        "task_added",
        "task_completed",
    ]
    assert not list(verify(case.reference))


def test_add_task_refused_on_a_withdrawn_case() -> None:
    case = WithdrawnCaseFactory()
    refused(
        actions.add_task, case=case, actor=case.raised_by, title="Too late", owner=case.raised_by,
        now=later(case, 1),
    )  # fmt: skip


def test_complete_task_refused_twice() -> None:
    case = OpenCaseFactory()
    task = actions.add_task(
        case=case, actor=case.raised_by, title="Call back", owner=case.raised_by, now=later(case, 1)
    )
    actions.complete_task(task=task, actor=case.raised_by, now=later(case, 2))
    refused(actions.complete_task, task=task, actor=case.raised_by, now=later(case, 3))


def test_record_meeting() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    chair = PersonFactory(agency=None)
    meeting = actions.record_meeting(
        case=case, actor=holder(case, "raising"), held_at=later(case, 1), chair=chair,
        attendees=[case.raised_by], minutes="Agreed actions", now=later(case, 2),
    )  # fmt: skip
    assert meeting.stage == 3
    assert list(meeting.attendees.all()) == [case.raised_by]


def test_record_meeting_refused_before_it_is_held() -> None:
    case = OpenCaseFactory()
    refused(
        actions.record_meeting, case=case, actor=case.raised_by, held_at=later(case, 5),
        now=later(case, 1),
    )  # fmt: skip
