"""Within-agency and cross-partnership cases on the raise journey: the raiser's own agency is
offered only where the policy's scope covers disagreements within an agency, and an agency of a
neighbouring partnership that serves this one can be chosen and raised with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from accord.accounts.models import AgencyKind, Level
from accord.cases.actions import CaseActionRejected, raise_case
from accord.cases.models import Case
from accord.engine.london import LONDON
from tests.factories import AgencyFactory, PartnershipFactory, PersonFactory

from .raising import NOW
from .test_raise_journey import answers, html, walk_to, world

pytestmark = pytest.mark.django_db

WITHIN = {'scope = "between_agencies"': 'scope = "within_and_between_agencies"'}


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def test_between_agencies_only_hides_your_own_agency() -> None:
    w = world()
    walk = walk_to(w, "agency-kind")
    page = html(walk.client.get(walk.location))
    assert f'value="{AgencyKind.EDUCATION}"' not in page  # the raiser works at the school
    refused = walk.post({"agency_kind": AgencyKind.EDUCATION})
    assert refused.status_code == 200
    with pytest.raises(CaseActionRejected, match="between two different agencies only"):
        raise_case(
            partnership=w.partnership, raised_by=w.raiser, raising_agency=w.school,
            receiving_agency=w.school, receiving_holder=w.head, decision_summary="d",
            outcome_sought="o", now=NOW.astimezone(LONDON),
        )  # fmt: skip


def test_a_within_agency_case_is_raised_where_the_policy_covers_it() -> None:
    w = world(**WITHIN)
    walk = walk_to(w, "agency-kind")
    assert f'value="{AgencyKind.EDUCATION}"' in html(walk.client.get(walk.location))
    walk.post({"agency_kind": AgencyKind.EDUCATION})
    walk.post({"agency": str(w.school.pk)})
    assert walk.step == "counterpart"
    page = html(walk.client.get(walk.location))
    assert f'value="{w.head.pk}"' in page
    assert f'value="{w.raiser.pk}"' not in page  # never to the raiser themself
    walk.until("check", answers(w, counterpart={"counterpart": str(w.head.pk)}))
    walk.post({})
    case = Case.objects.get()
    assert case.raising_agency == case.receiving_agency == w.school


def test_an_agency_of_a_neighbouring_partnership_that_serves_this_one_can_be_chosen() -> None:
    w = world()
    neighbour = PartnershipFactory()
    health = AgencyFactory(home_partnership=neighbour, kind=AgencyKind.HEALTH, name="Trust")
    health.serves.add(w.partnership)
    nurse = PersonFactory(agency=health, level=Level.PRACTITIONER, full_name="Nia Nurse")
    unrelated = AgencyFactory(
        home_partnership=neighbour, kind=AgencyKind.HEALTH, name="Unrelated Clinic"
    )
    walk = walk_to(w, "agency-kind")
    walk.post({"agency_kind": AgencyKind.HEALTH})
    page = html(walk.client.get(walk.location))
    assert "Trust" in page
    assert unrelated.name not in page  # serving this partnership is what lets it be chosen
    walk.post({"agency": str(health.pk)})
    walk.until("check", answers(w, counterpart={"counterpart": str(nurse.pk)}))
    walk.post({})
    case = Case.objects.get()
    assert (case.receiving_agency, case.partnership) == (health, w.partnership)
