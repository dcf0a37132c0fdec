"""The actions of those told who do not hold a case (issue 14, item 2): `take_over` by the next
level of a side that left its deadline unanswered, `record_advice` by a stage's adviser. Each
refuses, writing nothing, what the page would refuse, in the same words."""

from __future__ import annotations

import pytest

from accord.cases import actions
from accord.cases.actions import CaseActionRejected, CaseChanged
from accord.cases.models import Case, CaseEvent, CaseNotification, Holding
from accord.partnerships.models import RoleAssignment
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

RAISED = london("2027-01-11")
AFTER_NON_RESPONSE = london("2027-01-20")  # stage 1 due 18 Jan, 1 working day of grace


@pytest.fixture
def case() -> Case:
    return Walker(partnership_for("blackburn-with-darwen.toml")).raise_case(RAISED)


def _nothing_written(case: Case, events: int) -> None:
    assert CaseEvent.objects.filter(case=case).count() == events
    assert not CaseNotification.objects.filter(case=case, kind="taken_over").exists()


def test_the_receiving_managers_take_over_records_it_and_seats_them(case: Case) -> None:
    silent = holder(case, "receiving")
    manager = silent.line_manager
    assert manager is not None
    actions.take_over(
        case=case, actor=manager, side="receiving", reason="No reply", now=AFTER_NON_RESPONSE
    )
    assert holder(case, "receiving") == manager
    assert holder(case, "raising") == Holding.objects.get(case=case, side="raising").person
    notice = CaseNotification.objects.get(case=case, kind="taken_over")
    assert notice.topic == "stage:1"
    assert notice.roles == ["raiser", "replaced_receiving_holder", "raising_holder"]


def test_the_raising_sides_manager_cannot_take_over_the_side_that_did_not_respond(
    case: Case,
) -> None:
    manager = holder(case, "raising").line_manager
    assert manager is not None
    before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(CaseActionRejected) as refused:
        actions.take_over(case=case, actor=manager, side="receiving", now=AFTER_NON_RESPONSE)
    assert refused.value.message.startswith("Only the line manager of the receiving side's")
    with pytest.raises(CaseActionRejected) as not_theirs:
        actions.take_over(case=case, actor=manager, side="raising", now=AFTER_NON_RESPONSE)
    assert not_theirs.value.message == (
        "The raising side has not left a deadline unanswered at stage 1: only the side that did "
        "not respond is taken over"
    )
    _nothing_written(case, before)


def test_a_take_over_before_the_next_level_is_told_or_from_a_stale_page_is_refused(
    case: Case,
) -> None:
    manager = holder(case, "receiving").line_manager
    before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(CaseActionRejected, match="only once its deadline has passed"):
        actions.take_over(case=case, actor=manager, side="receiving", now=london("2027-01-19"))
    with pytest.raises(CaseChanged):
        actions.take_over(
            case=case, actor=manager, side="receiving", now=AFTER_NON_RESPONSE, seen=before - 1
        )
    _nothing_written(case, before)


def test_advice_from_someone_who_is_not_an_adviser_is_refused() -> None:
    case = Walker(partnership_for("stockport.toml")).raise_case(RAISED)
    at = london("2027-01-12")
    with pytest.raises(CaseActionRejected) as refused:
        actions.record_advice(case=case, actor=holder(case), advice="Advice", now=at)
    assert refused.value.message == (
        "Only the advisers the procedure names at this stage can record advice"
    )
    adviser = RoleAssignment.objects.filter(role_key="safeguarding_lead").first()
    assert adviser is not None
    with pytest.raises(CaseActionRejected, match="Enter your advice"):
        actions.record_advice(case=case, actor=adviser.person, advice="  ", now=at)
    assert not CaseEvent.objects.filter(case=case, kind="advised").exists()
    actions.record_advice(case=case, actor=adviser.person, advice="Talk to the lead.", now=at)
    event = CaseEvent.objects.get(case=case, kind="advised")
    assert event.payload["details"] == {"advice": "Talk to the lead."}
