"""Each shipped policy: a case raised through the pages with the test client, and what is stored.

The partnership is the demo's for the policy (accord/demo/people.py): one agency of each kind,
each with a management chain from practitioner to director and a safeguarding lead. The clock is
Monday 1 June 2026, 10:00 London; the due dates below were counted by hand from the policy files
(no bank holiday falls between 1 June and 3 July 2026).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from accord.accounts.models import AgencyKind, Level
from accord.cases.models import Case, CaseEvent
from accord.demo.people import DemoPartnership
from tests.access.helpers import signed_in

from .raising import NOW, Walk, person, raiser_of, shipped, usual_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def raise_through_pages(demo: DemoPartnership, **changes: dict[str, object]) -> tuple[Case, Walk]:
    walk = Walk(signed_in(raiser_of(demo))).begin()
    walk.until("check", usual_answers(demo, **changes))
    response = walk.post({})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert walk.step == "done"
    case = Case.objects.get(raised_by=raiser_of(demo))
    assert walk.client.get(walk.location).status_code == 200
    return case, walk


def holders(case: Case) -> dict[str, object]:
    return {h.side: h.person for h in case.holdings.filter(ended_at__isnull=True)}


def deadlines(case: Case) -> dict[str, date | None]:
    return {d.key: d.due_on for d in case.deadlines.all()}


def raised_payload(case: Case) -> dict[str, object]:
    return CaseEvent.objects.get(case=case, kind="raised").payload


def test_blackburn_with_darwen_stage_1_with_its_exception_answered_no() -> None:
    """Stage 1 is held by first line managers on both sides, not by the practitioner raising."""
    demo = shipped("blackburn-with-darwen.toml")
    raising_manager = person(demo, AgencyKind.EDUCATION, Level.FIRST_LINE_MANAGER)
    receiving_manager = person(demo, AgencyKind.SOCIAL_CARE, Level.FIRST_LINE_MANAGER)
    case, walk = raise_through_pages(
        demo,
        counterpart={"counterpart": str(receiving_manager.pk)},
        **{"raising-holder": {"raising_holder": str(raising_manager.pk)}},
    )
    assert walk.visited[:2] == ["exception", "immediate-risk"]
    assert "starting-stage" not in walk.visited
    assert "raising-holder" in walk.visited
    assert "facts" not in walk.visited
    assert (case.stage, case.urgent, case.status) == (1, False, "open")
    assert case.raised_by == raiser_of(demo)
    assert holders(case) == {"raising": raising_manager, "receiving": receiving_manager}
    # 5 working days for the stage, 15 for stages 1 to 3, from Monday 1 June.
    assert deadlines(case) == {"stage:1": date(2026, 6, 8), "budget:maximum": date(2026, 6, 22)}
    assert raised_payload(case)["concern_on"] == "2026-05-28"
    assert case.subject.name == "Zebedee Quartermaine"
    assert case.subject.date_of_birth == date(2015, 3, 14)
    assert case.decision_summary.startswith("Referral about neglect closed")
    assert "Duty team manager" in case.decision_summary
    assert case.outcome_sought == "A child and family assessment."
    assert case.theme == ""  # the protocol names no themes: the page is skipped
    assert "theme" not in walk.visited


def test_bath_north_east_somerset_urgent_start_at_stage_2_with_the_reason() -> None:
    demo = shipped("bath-north-east-somerset.toml")
    raising_manager = person(demo, AgencyKind.EDUCATION, Level.FIRST_LINE_MANAGER)
    receiving_manager = person(demo, AgencyKind.SOCIAL_CARE, Level.FIRST_LINE_MANAGER)
    reason = "The child is at risk of immediate harm; agreed with my safeguarding lead."
    case, walk = raise_through_pages(
        demo,
        **{
            "immediate-risk": {"answer": "yes"},
            "starting-stage": {"start_stage": "2", "start_reason": reason},
            "counterpart": {"counterpart": str(receiving_manager.pk)},
            "raising-holder": {"raising_holder": str(raising_manager.pk)},
            "theme": {"theme": "Communication"},
        },
    )
    assert walk.visited == [
        "exception", "immediate-risk", "starting-stage", "person", "concern", "decision",
        "outcome", "agency-kind", "agency", "counterpart", "raising-holder", "theme", "check",
    ]  # fmt: skip
    assert (case.stage, case.urgent) == (2, True)
    assert holders(case) == {"raising": raising_manager, "receiving": receiving_manager}
    assert deadlines(case) == {"stage:2": None}  # "without delay": reminders, no date
    payload = raised_payload(case)
    assert (payload["stage"], payload["urgent"], payload["reason"]) == (2, True, reason)
    assert case.theme == "Communication"


def test_generic_lscb_urgent_at_stage_1_without_the_general_issues_question() -> None:
    demo = shipped("generic-lscb.toml")
    case, walk = raise_through_pages(
        demo,
        **{
            "immediate-risk": {"answer": "yes"},
            "theme": {"theme": "Thresholds"},
        },
    )
    # The chapter lets no case start above stage 1: no stage question however urgent.
    assert "starting-stage" not in walk.visited
    assert "exception" not in walk.visited
    # 14.11's general issues are identified "when the issue is resolved": not asked here.
    assert walk.visited[-2:] == ["theme", "check"]
    assert (case.stage, case.urgent) == (1, True)
    assert case.facts == {}
    assert deadlines(case) == {"stage:1": None}
    assert holders(case)["raising"] == raiser_of(demo)


def test_northumberland_against_the_police_with_a_protection_plan() -> None:
    demo = shipped("northumberland.toml")
    police = demo.agencies[AgencyKind.POLICE]
    officer = police.by_level[Level.PRACTITIONER]
    case, _ = raise_through_pages(
        demo,
        **{
            "agency-kind": {"agency_kind": AgencyKind.POLICE},
            "agency": {"agency": str(police.agency.pk)},
            "counterpart": {"counterpart": str(officer.pk)},
            "theme": {"theme": "Case management"},
            "facts": {"fact_cp_plan": "yes"},
        },
    )
    assert case.receiving_agency == police.agency
    assert holders(case)["receiving"] == officer
    assert case.facts == {"cp_plan": True}
    # Stage 1: 5 working days; the whole process (stages 1 and 2): 20; the line managers'
    # notification has no date of its own.
    assert deadlines(case) == {
        "stage:1": date(2026, 6, 8),
        "stage:1/step:line-managers-notified": None,
        "budget:whole-process": date(2026, 6, 29),
    }
    assert raised_payload(case)["receiving_agency"] == "police"


def test_stockport_counterpart_unknown_goes_to_the_safeguarding_lead() -> None:
    demo = shipped("stockport.toml")
    lead = demo.agencies[AgencyKind.SOCIAL_CARE].lead
    case, _ = raise_through_pages(
        demo,
        **{
            "counterpart": {"counterpart": "unknown"},
            "theme": {"theme": "Level of risk"},
        },
    )
    assert holders(case) == {"raising": raiser_of(demo), "receiving": lead}
    assert case.theme == "Level of risk"
    assert deadlines(case) == {"stage:1": None}
    assert case.facts == {}
