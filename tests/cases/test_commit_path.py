"""The one commit path of the case writes: the statuses it stores are the engine's, and raising
and escalating seat a stage's holders the same way."""

from __future__ import annotations

from datetime import datetime

import pytest

from accord.accounts.models import Level, Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    Case,
    CaseStatus,
    Holding,
    Side,
)
from accord.engine.lifecycle import EVENT_TYPES, TRANSITIONS, Refused, Status
from tests.factories import (
    RAISED_AT,
    ClosedCaseFactory,
    OpenCaseFactory,
    PersonFactory,
    ResolvedCaseFactory,
    holder,
    later,
)

type Seat = tuple[int, str, int, datetime, datetime | None]


def test_case_statuses_are_the_engines_for_a_raised_case() -> None:
    assert set(CaseStatus.values) == {str(s) for s in Status} - {str(Status.NOT_RAISED)}


def test_ended_statuses_are_those_after_which_the_engine_allows_no_event() -> None:
    after_nothing = {
        str(status)
        for status in Status
        if status is not Status.NOT_RAISED
        and all(isinstance(TRANSITIONS[(status, name)], Refused) for name in EVENT_TYPES.values())
    }
    assert set(ENDED_STATUSES) == after_nothing
    assert set(ACTIVE_STATUSES) == set(CaseStatus.values) - after_nothing


def seats(case: Case) -> set[Seat]:
    return {
        (h.stage, h.side, h.person_id, h.started_at, h.ended_at)
        for h in Holding.objects.filter(case=case)
    }


def expected(stage: int, raising: Person, receiving: Person, now: datetime) -> set[Seat]:
    """The two rows a stage's holders are: one a side, from `now`, still holding."""
    return {
        (stage, Side.RAISING, raising.pk, now, None),
        (stage, Side.RECEIVING, receiving.pk, now, None),
    }


def managers(case: Case) -> tuple[Person, Person]:
    return (
        PersonFactory(agency=case.raising_agency, level=Level.FIRST_LINE_MANAGER),
        PersonFactory(agency=case.receiving_agency, level=Level.FIRST_LINE_MANAGER),
    )


@pytest.mark.django_db
def test_raising_and_escalating_seat_the_holders_of_a_stage_the_same_way() -> None:
    raised = OpenCaseFactory(stage=2, urgent=True, reason="Immediate risk")
    # Raised straight to stage 2 by its raiser, named as its holder...
    assert seats(raised) == expected(2, raised.raised_by, holder(raised), RAISED_AT)

    escalated = OpenCaseFactory()
    raising, receiving = managers(escalated)
    first = seats(escalated)
    now = later(escalated, 24)
    actions.escalate_case(
        case=escalated,
        actor=holder(escalated, "raising"),
        raising_holder=raising,
        receiving_holder=receiving,
        reason="No agreement",
        now=now,
    )
    # ...and escalated to stage 2: the same two rows, and stage 1's holders stop at that moment.
    stopped = {(stage, side, person, started, now) for stage, side, person, started, _ in first}
    assert seats(escalated) == expected(2, raising, receiving, now) | stopped


@pytest.mark.django_db
def test_a_raiser_naming_another_holder_seats_that_person() -> None:
    template = OpenCaseFactory()
    colleague = PersonFactory(agency=template.raising_agency)
    case = actions.raise_case(
        partnership=template.partnership,
        policy_version=template.policy_version,
        raised_by=template.raised_by,
        raising_agency=template.raising_agency,
        receiving_agency=template.receiving_agency,
        raising_holder=colleague,
        receiving_holder=holder(template),
        decision_summary=template.decision_summary,
        outcome_sought=template.outcome_sought,
        now=RAISED_AT,
    )
    assert seats(case) == expected(1, colleague, holder(template), RAISED_AT)


@pytest.mark.django_db
def test_the_status_written_is_a_choice_and_an_ended_case_is_closed_by_the_commit_path() -> None:
    case = ClosedCaseFactory()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.get_status_display() == "Closed"
    assert case.closed_at == case.last_event_at
    assert all(ended == case.closed_at for *_, ended in seats(case))


@pytest.mark.django_db
def test_a_case_withdrawn_after_resolution_is_stored_as_withdrawn_and_ended() -> None:
    case = ResolvedCaseFactory()
    now = later(case, 2)
    actions.withdraw_case(case=case, actor=case.raised_by, reason="Agreed elsewhere", now=now)
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN  # the engine's status stays `resolved`
    assert case.closed_at == now
    assert not case.holdings.filter(ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_response_with_a_position_the_engine_does_not_know_is_refused_by_it() -> None:
    case = OpenCaseFactory()
    with pytest.raises(CaseActionRejected) as refusal:
        actions.record_response(case=case, actor=holder(case), position="maybe", now=later(case, 1))
    assert refusal.value.message == "position must be one of agree, propose, disagree, not 'maybe'"
    assert case.events.count() == 1
