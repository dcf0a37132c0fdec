"""Issue 14 item 5: where the policy asks for an independent chair (Northumberland's stage 2,
"chaired by an independent person ... a Team Manager not directly involved in the case"), a party
to the disagreement or a line manager above one cannot chair its meeting: the page does not offer
them and the action refuses them, in the words of `accord.cases.independence`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent, Meeting
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db


def _at_the_meeting_stage() -> Case:
    walker = Walker(partnership_for("northumberland.toml"))
    case = walker.raise_case(london("2026-03-02"))
    return walker.escalate(case, london("2026-03-03"))


def _record(case: Case, chair: Person) -> Meeting:
    return actions.record_meeting(
        case=case,
        actor=holder(case),
        held_at=london("2026-03-04"),
        now=london("2026-03-04") + timedelta(hours=3),
        chair=chair,
    )


def _outsider(case: Case) -> Person:
    """Someone of the partnership who has no part in the case: another agency's person."""
    return Person.objects.filter(agency__home_partnership=case.partnership, is_active=True).exclude(
        agency__in=[case.raising_agency, case.receiving_agency]
    )[0]


def test_a_holder_a_raiser_or_a_partys_own_manager_cannot_chair() -> None:
    case = _at_the_meeting_stage()
    receiving = holder(case, "receiving")
    assert receiving.line_manager is not None
    refused = {
        receiving: "is a party to this disagreement",
        case.raised_by: "is a party to this disagreement",  # the raiser, holder at stage 1
        receiving.line_manager: "is a line manager of .+, a party to this disagreement",
    }
    for chair, words in refused.items():
        with pytest.raises(CaseActionRejected, match=words):
            _record(case, chair)
    assert not Meeting.objects.filter(case=case).exists()
    meeting = _record(case, _outsider(case))
    assert meeting.chair == _outsider(case)


def test_the_meeting_page_offers_no_party_as_chair_and_refuses_a_forged_one() -> None:
    case = _at_the_meeting_stage()
    client = signed_in(holder(case))
    page_url = reverse("web:case-meeting-add", kwargs={"reference": case.reference})
    page = client.get(page_url).content.decode()
    assert "The procedure asks for an independent chair" in page
    chairs = {int(value) for value in re.findall(r'name="chair"[^>]*value="(\d+)"', page)}
    assert chairs, "someone may chair"
    for party in (holder(case, "receiving"), holder(case, "raising"), case.raised_by):
        assert party.pk not in chairs
    seen = CaseEvent.objects.filter(case=case).order_by("-sequence")[0].sequence
    forged = client.post(
        page_url,
        {
            "seen": seen,
            "held_on_day": "4",
            "held_on_month": "3",
            "held_on_year": "2026",
            "held_time": "10:00",
            "chair": holder(case, "receiving").pk,
        },
    )
    assert forged.status_code == 200
    assert "govuk-error-summary" in forged.content.decode()
    assert not Meeting.objects.filter(case=case).exists()


def test_where_the_policy_does_not_ask_a_holder_may_chair() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    case = walker.raise_case(london("2026-03-02"))  # stage 1 names no chair
    meeting = _record(case, holder(case, "receiving"))
    assert meeting.chair == holder(case, "receiving")


def test_a_planned_meeting_keeps_the_chair_independent_too() -> None:
    case = _at_the_meeting_stage()
    with pytest.raises(CaseActionRejected, match="is a party to this disagreement"):
        actions.plan_meeting(
            case=case,
            actor=holder(case),
            starts_at=london("2026-03-06"),
            now=london("2026-03-04"),
            chair=holder(case, "raising"),
        )
    planned = actions.plan_meeting(
        case=case,
        actor=holder(case),
        starts_at=london("2026-03-06"),
        now=london("2026-03-04"),
        chair=_outsider(case),
    )
    assert planned.planned
    assert planned.chair == _outsider(case)
