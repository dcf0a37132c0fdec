"""The actions at the end of a case: the debrief, closing when a debrief is required, convening
the resolution panel (its rules from the policy), and the reasons kept when a party acts without
the other's agreement. Every refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from accord.accounts.models import AgencyKind, Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent, Debrief, PanelMember
from accord.cases.queries import cases_visible_to
from accord.partnerships.policies import load_policy_version
from tests.factories import (
    EXAMPLE_POLICY,
    RAISED_AT,
    AgencyFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    SignedOffCaseFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db
PANEL_LINE = 'panel = { agencies = 3, include_parties = true, convened_by = "independent_chair" }'


def refused(call: Callable[..., Any], case: Case, **kwargs: Any) -> str:
    before = (
        CaseEvent.objects.filter(case=case).count(),
        Debrief.objects.filter(case=case).count(),
        PanelMember.objects.filter(case=case).count(),
        Case.objects.get(pk=case.pk).status,
    )
    with pytest.raises(CaseActionRejected) as refusal:
        call(case=case, **kwargs)
    after = (
        CaseEvent.objects.filter(case=case).count(),
        Debrief.objects.filter(case=case).count(),
        PanelMember.objects.filter(case=case).count(),
        Case.objects.get(pk=case.pk).status,
    )
    assert after == before
    return refusal.value.message


def policy_case(factory: Any, **changes: str) -> Case:
    """A case made by `factory` under the example policy with `changes` (`key = "old"` to
    `key = "new"` replacements of its text)."""
    partnership = PartnershipFactory()
    text = EXAMPLE_POLICY.read_text(encoding="utf-8").replace(
        'id = "example-borough"', f'id = "example-{partnership.slug}"', 1
    )
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    version = load_policy_version(
        partnership=partnership, text=text, file_name="example.toml",
        now=RAISED_AT - timedelta(days=30),
    )  # fmt: skip
    return factory(partnership=partnership, policy_version=version)  # type: ignore[no-any-return]


# --- The debrief ----------------------------------------------------------------------------


def test_a_debrief_held_is_recorded_with_its_date_and_an_event() -> None:
    case = ResolvedCaseFactory()
    now = later(case, 24)
    debrief = actions.record_debrief(
        case=case, actor=case.raised_by, outcome="held", held_on=now.date(), notes="Met.",
        now=now,
    )  # fmt: skip
    assert (debrief.outcome, debrief.held_on, debrief.notes) == ("held", now.date(), "Met.")
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.kind == "debrief_recorded"
    assert event.summary == "Debrief held"


def test_a_declined_debrief_keeps_no_date() -> None:
    case = SignedOffCaseFactory()
    debrief = actions.record_debrief(
        case=case, actor=case.raised_by, outcome="declined", held_on=date(2026, 6, 2),
        now=later(case, 24),
    )  # fmt: skip
    assert debrief.held_on is None
    assert CaseEvent.objects.filter(case=case).last().summary == "Debrief offered and declined"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "maybe"}, "held or declined"),
        ({"outcome": "held"}, "Enter the date the debrief was held"),
        ({"outcome": "held", "held_on": date(2099, 1, 1)}, "once it has been held"),
    ],
)
def test_a_debrief_needs_an_outcome_and_a_past_date(kwargs: dict[str, Any], message: str) -> None:
    case = ResolvedCaseFactory()
    found = refused(
        actions.record_debrief, case, actor=case.raised_by, now=later(case, 1), **kwargs
    )
    assert message in found


def test_a_debrief_waits_for_the_outcome() -> None:
    case = OpenCaseFactory()
    message = refused(
        actions.record_debrief, case, actor=case.raised_by, outcome="declined", now=later(case, 1)
    )
    assert "once the outcome has been agreed" in message


def test_a_policy_without_a_debrief_records_none() -> None:
    case = policy_case(ResolvedCaseFactory, **{'debrief = "offered"': 'debrief = "none"'})
    message = refused(
        actions.record_debrief, case, actor=case.raised_by, outcome="declined", now=later(case, 1)
    )
    assert "has no debrief" in message


def test_only_the_people_of_the_case_record_the_debrief() -> None:
    case = ResolvedCaseFactory()
    colleague = PersonFactory(agency=case.raising_agency)
    message = refused(
        actions.record_debrief, case, actor=colleague, outcome="declined", now=later(case, 1)
    )
    assert "can record the debrief" in message


def test_a_debrief_is_recorded_once_the_seen_form_is_used() -> None:
    case = ResolvedCaseFactory()
    seen = CaseEvent.objects.filter(case=case).count()
    actions.record_debrief(
        case=case, actor=case.raised_by, outcome="declined", now=later(case, 1), seen=seen
    )
    message = refused(
        actions.record_debrief, case, actor=case.raised_by, outcome="declined",
        now=later(case, 2), seen=seen,
    )  # fmt: skip
    assert "has changed since you opened this page" in message


# --- Closing when the debrief is required ---------------------------------------------------


def test_closing_waits_for_a_required_debrief() -> None:
    case = policy_case(SignedOffCaseFactory, **{'debrief = "offered"': 'debrief = "required"'})
    message = refused(actions.close_case, case, actor=case.raised_by, now=later(case, 1))
    assert "requires a debrief" in message
    actions.record_debrief(case=case, actor=case.raised_by, outcome="declined", now=later(case, 2))
    closed = actions.close_case(case=case, actor=case.raised_by, now=later(case, 3))
    assert closed.status == "closed"


def test_an_offered_debrief_does_not_hold_up_closing() -> None:
    case = SignedOffCaseFactory()
    assert actions.close_case(case=case, actor=case.raised_by, now=later(case, 1)).status == (
        "closed"
    )


# --- The resolution panel ---------------------------------------------------------------------


def panel_people(case: Case) -> dict[str, Person]:
    health = AgencyFactory(home_partnership=case.partnership, kind=AgencyKind.HEALTH)
    housing = AgencyFactory(home_partnership=case.partnership, kind=AgencyKind.HOUSING)
    return {
        "raising": PersonFactory(agency=case.raising_agency),
        "receiving": PersonFactory(agency=case.receiving_agency),
        "health": PersonFactory(agency=health),
        "health_2": PersonFactory(agency=health),
        "housing": PersonFactory(agency=housing),
    }


def manager_of(case: Case) -> Person:
    return PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person


def test_a_panel_of_three_agencies_with_both_parties_is_seated_and_sees_the_case() -> None:
    case = ReferredCaseFactory()
    people = panel_people(case)
    members = [people["raising"], people["receiving"], people["health"]]
    seated = actions.convene_panel(
        case=case, actor=manager_of(case), members=members, now=later(case, 1)
    )
    assert {s.person for s in seated} == set(members)
    assert {s.agency_id for s in seated} == {p.agency_id for p in members}
    assert CaseEvent.objects.filter(case=case).last().kind == "panel_convened"  # type: ignore[union-attr]
    assert cases_visible_to(people["health"]).filter(pk=case.pk).exists()
    assert not cases_visible_to(people["health_2"]).filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["raising", "receiving"], "at least 3 different agencies; these come from 2"),
        (["health", "health_2", "raising"], "at least 3 different agencies; these come from 2"),
        (["raising", "health", "housing"], "a member from each of the two agencies"),
    ],
)
def test_a_panel_follows_the_policys_rule(chosen: list[str], message: str) -> None:
    case = ReferredCaseFactory()
    people = panel_people(case)
    found = refused(
        actions.convene_panel, case, actor=manager_of(case),
        members=[people[c] for c in chosen], now=later(case, 1),
    )  # fmt: skip
    assert message in found


def test_a_panel_without_the_parties_rule_needs_only_the_agencies() -> None:
    case = policy_case(
        ReferredCaseFactory,
        **{"include_parties = true": "include_parties = false"},
    )
    people = panel_people(case)
    seated = actions.convene_panel(
        case=case, actor=manager_of(case), now=later(case, 1),
        members=[people["raising"], people["health"], people["housing"]],
    )  # fmt: skip
    assert len(seated) == 3


def test_every_member_must_be_active() -> None:
    case = ReferredCaseFactory()
    people = panel_people(case)
    people["health"].is_active = False
    people["health"].save()
    found = refused(
        actions.convene_panel, case, actor=manager_of(case), now=later(case, 1),
        members=[people["raising"], people["receiving"], people["health"]],
    )  # fmt: skip
    assert "active account" in found


def test_a_panel_is_only_for_a_case_referred_to_one() -> None:
    open_case = EscalatedCaseFactory(to_stage=4)
    people = panel_people(open_case)
    members = [people["raising"], people["receiving"], people["health"]]
    message = refused(
        actions.convene_panel, open_case, actor=manager_of(open_case), members=members,
        now=later(open_case, 1),
    )  # fmt: skip
    assert "once the case is referred to the partnership" in message

    mediation = policy_case(
        ReferredCaseFactory,
        **{'final = "panel"': 'final = "mediation"', PANEL_LINE: ""},
    )
    people = panel_people(mediation)
    message = refused(
        actions.convene_panel, mediation, actor=manager_of(mediation), now=later(mediation, 1),
        members=[people["raising"], people["receiving"], people["health"]],
    )  # fmt: skip
    assert "ends without a resolution panel" in message


def test_a_panel_is_convened_once() -> None:
    case = ReferredCaseFactory()
    people = panel_people(case)
    manager = manager_of(case)
    actions.convene_panel(
        case=case, actor=manager, now=later(case, 1),
        members=[people["raising"], people["receiving"], people["health"]],
    )  # fmt: skip
    message = refused(
        actions.convene_panel, case, actor=manager, now=later(case, 2),
        members=[people["raising"], people["receiving"], people["housing"]],
    )  # fmt: skip
    assert "already been convened" in message


def test_only_the_partnerships_manager_or_chair_convene_a_panel() -> None:
    case = ReferredCaseFactory()
    people = panel_people(case)
    message = refused(
        actions.convene_panel, case, actor=holder(case, "raising"), now=later(case, 1),
        members=[people["raising"], people["receiving"], people["health"]],
    )  # fmt: skip
    assert "business manager or independent chair" in message


# --- Acting without consensus ---------------------------------------------------------------------


def details_of_last(case: Case) -> dict[str, Any]:
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    return dict(event.payload.get("details", {}))


def test_the_reason_for_resolving_without_consensus_is_kept() -> None:
    case = OpenCaseFactory()
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="Assessment", now=later(case, 1),
        without_consensus="The school did not reply.",
    )  # fmt: skip
    assert details_of_last(case) == {"without_consensus": "The school did not reply."}


def test_with_consensus_no_reason_is_kept() -> None:
    case = OpenCaseFactory()
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="Assessment", now=later(case, 1),
        without_consensus="  ",
    )  # fmt: skip
    assert details_of_last(case) == {}


def test_the_reason_for_escalating_without_consensus_is_kept() -> None:
    case = OpenCaseFactory()
    actions.escalate_case(
        case=case, actor=holder(case, "raising"),
        raising_holder=PersonFactory(agency=case.raising_agency),
        receiving_holder=PersonFactory(agency=case.receiving_agency), reason="No reply",
        now=later(case, 1), without_consensus="Escalated before the agreed call.",
    )  # fmt: skip
    assert details_of_last(case) == {"without_consensus": "Escalated before the agreed call."}


def test_the_reason_given_with_a_meeting_is_kept() -> None:
    case = OpenCaseFactory()
    actions.record_meeting(
        case=case, actor=holder(case), held_at=later(case, 1), now=later(case, 2),
        without_consensus="Went ahead without the police.",
    )  # fmt: skip
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.payload["without_consensus"] == "Went ahead without the police."
