"""Holders follow the policy's ladder on the escalate page and in the escalate action: the people
offered and suggested are the agency's people at the new stage's level; someone else holds it
only where the procedure allows flat structures, with the reason recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from accord.accounts.models import Level
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent
from accord.demo.cases import Script
from tests.access.helpers import signed_in

from .raising import NOW, person, shipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _escalate_page(case: Case, as_person: object) -> str:
    response = signed_in(as_person).get(reverse("web:case-escalate", args=[case.reference]))  # type: ignore[arg-type]
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def _options(html: str, field: str) -> dict[str, bool]:
    """The names offered by a select, each with whether it is selected."""
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', html, re.DOTALL)
    assert select, f"the page has the {field} select"
    return {
        name.split(" (")[0].strip(): bool(selected)
        for selected, name in re.findall(
            r'<option value="[^"]*"( selected)?>([^<]*)</option>', select.group(0)
        )
    }


def test_blackburn_with_darwens_stage_2_suggests_service_leaders_on_both_sides() -> None:
    demo = shipped("blackburn-with-darwen.toml")
    script = Script(demo, NOW.date())
    case = script.raise_case(0)  # held at stage 1 by first line managers
    raising, receiving = script.sides(case)
    html = _escalate_page(case, script.current(case))
    leader = person(demo, raising, Level.SERVICE_LEADER)
    offered = _options(html, "raising_holder")
    assert offered[leader.full_name] is True  # suggested: the Service Leader above
    # Flat structures are allowed here: others are offered, with a reason asked.
    assert person(demo, raising, Level.FIRST_LINE_MANAGER).full_name in offered
    assert 'name="holder_reason"' in html
    receiving_offered = _options(html, "receiving_holder")
    assert receiving_offered[person(demo, receiving, Level.SERVICE_LEADER).full_name] is True


def test_stockports_highest_level_is_the_director_and_nobody_else_is_offered() -> None:
    demo = shipped("stockport.toml")
    script = Script(demo, NOW.date() - timedelta(days=0))
    case = script.raise_case(12)
    for days_ago in (9, 6):
        case = script.escalate(case, days_ago)
    assert case.stage == 3
    raising, receiving = script.sides(case)
    html = _escalate_page(case, script.current(case))
    director = person(demo, receiving, Level.DIRECTOR)
    assert _options(html, "receiving_holder") == {director.full_name: True}
    assert 'name="holder_reason"' not in html
    head_of_service = person(demo, receiving, Level.SENIOR_MANAGER)
    response = signed_in(script.current(case)).post(
        reverse("web:case-escalate", args=[case.reference]),
        {
            "seen": re.search(r'name="seen" value="(\d+)"', html).group(1),  # type: ignore[union-attr]
            "raising_holder": person(demo, raising, Level.DIRECTOR).pk,
            "receiving_holder": head_of_service.pk,
            "reason": "No agreement.",
        },
    )
    assert response.status_code == 200
    assert "Choose the receiving side&#x27;s holder from the list" in response.content.decode()
    assert not CaseEvent.objects.filter(case=case, kind="escalated", sequence__gt=3).exists()


def test_the_escalate_action_refuses_a_holder_below_the_stages_level() -> None:
    demo = shipped("stockport.toml")
    script = Script(demo, NOW.date())
    case = script.raise_case(1)
    raising, receiving = script.sides(case)
    with pytest.raises(CaseActionRejected, match="Line manager"):
        actions.escalate_case(
            case=case,
            actor=script.current(case),
            raising_holder=person(demo, raising, Level.FIRST_LINE_MANAGER),
            receiving_holder=person(demo, receiving, Level.DIRECTOR),  # straight to a Director
            reason="Not agreed.",
            holder_reason="I know the Director.",
            now=NOW,
        )
    assert Case.objects.get(pk=case.pk).stage == 1


def test_a_flat_structure_holder_is_recorded_with_the_reason() -> None:
    demo = shipped("blackburn-with-darwen.toml")
    script = Script(demo, NOW.date())
    case = script.raise_case(1)
    receiving = script.sides(case)[1]
    same_manager = script.current(case, "raising")  # the first line manager holds stage 2 too
    kwargs = {
        "case": case,
        "actor": same_manager,
        "raising_holder": same_manager,
        "receiving_holder": person(demo, receiving, Level.SERVICE_LEADER),
        "reason": "Not agreed.",
        "now": NOW,
    }
    with pytest.raises(CaseActionRejected, match="say why"):
        actions.escalate_case(**kwargs)  # type: ignore[arg-type]
    escalated = actions.escalate_case(**kwargs, holder_reason="No Service Leader in our team.")  # type: ignore[arg-type]
    assert escalated.stage == 2
    event = CaseEvent.objects.get(case=case, kind="escalated")
    assert event.payload["details"]["holder_reason"] == "No Service Leader in our team."


def test_northumberlands_stage_2_line_managers_can_complete_the_agency_report() -> None:
    """Asked for Appendix 2 on escalating from stage 2, the line managers open it after the case
    has moved on to the senior managers; someone it is not asked of is still refused."""
    from accord.cases.models import FormRecord

    demo = shipped("northumberland.toml")
    script = Script(demo, NOW.date())
    case = script.raise_case(10)
    case = script.escalate(case, 8)
    line_manager = script.current(case, "raising")
    case = script.escalate(case, 6)
    assert case.stage == 3
    record = FormRecord.objects.get(case=case, form_id="agency-report")
    url = reverse("web:case-form", args=[case.reference, record.pk])
    assert signed_in(line_manager).get(url).status_code == 200
    raising = script.sides(case)[0]
    colleague = demo.agencies[raising].colleague
    assert signed_in(colleague).get(url).status_code in {403, 404}
