"""Whoever must act is told at once, by the action itself, in its transaction (issue 14, item 1).

For each of the five shipped policies a case is raised, responded to, escalated, resolved and
(where the policy asks) signed off; after each action, before any sweep, the people told of it
(in Accord and by e-mail) are exactly those `engine.notices.who_is_told` names, less the person
who took the action: the holders of a raised case; the raising holder of a response; the old
holders and the new holders and the raiser of an escalation; the other side of a resolution and
of each sign-off. A refused action tells nobody.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import override_settings

from accord.accounts.models import Level, Person
from accord.cases import actions
from accord.cases.models import Case, CaseNotification
from accord.demo.people import PARTNERSHIPS
from accord.notifications.models import InAppNotification, OutboxMessage
from accord.partnerships.policies import policy_of
from tests.factories import holder

from .walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

POLICIES = [row[0] for row in PARTNERSHIPS]


def told(case: Case, kind: str, at: datetime) -> set[Person]:
    """Who was told of `kind` at `at`, in Accord; each also has an e-mail of it (the demo's
    people want each notification at once)."""
    rows = InAppNotification.objects.filter(reference=case.reference, kind=kind, created_at=at)
    people = {row.person for row in rows if row.person is not None}
    emails = OutboxMessage.objects.filter(reference=case.reference, key__contains=f"/{kind}/")
    assert {m.person for m in emails if m.created_at == at} == people, kind
    assert not rows.filter(person__isnull=True).exists(), f"{kind}: a role nobody holds"
    return people


def holders(case: Case) -> tuple[Person, Person]:
    return holder(case, "raising"), holder(case, "receiving")


@pytest.mark.parametrize("policy_file", POLICIES)
def test_each_action_tells_whoever_must_act_at_once(policy_file: str) -> None:
    walker = Walker(partnership_for(policy_file))
    raised_at = london("2027-01-11")
    case = walker.raise_case(raised_at)
    raiser = case.raised_by
    raising, receiving = holders(case)
    assert told(case, "raised", raised_at) == {raising, receiving} - {raiser}
    assert receiving in told(case, "raised", raised_at)

    responded_at = london("2027-01-12")
    actions.record_response(case=case, actor=receiving, position="propose", now=responded_at)
    assert told(case, "responded", responded_at) == {raising} - {receiving}

    escalated_at = london("2027-01-13")
    case = walker.escalate(case, escalated_at)
    new_raising, new_receiving = holders(case)
    assert told(case, "moved_on", escalated_at) == {raising, receiving} - {raising}
    assert told(case, "escalated", escalated_at) == {new_raising, new_receiving, raiser} - {raising}

    resolved_at = london("2027-01-14")
    actions.resolve_case(
        case=case, actor=new_receiving, agreed_outcome="Assessment agreed.", now=resolved_at
    )
    assert told(case, "resolution", resolved_at) == {new_raising}

    signing = {"both_parties": ("raising", "receiving"), "raising_party": ("raising",)}
    sides = signing.get(policy_of(case.policy_version).resolution.sign_off, ())
    for day, side, other in (
        ("2027-01-15", "raising", new_receiving),
        ("2027-01-18", "receiving", new_raising),
    ):
        if side not in sides:
            continue
        at = london(day)
        actor = new_raising if side == "raising" else new_receiving
        actions.sign_off(case=case, actor=actor, side=side, now=at)
        assert told(case, "signed_off", at) == {other}


def test_a_refused_action_tells_nobody() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    case = walker.raise_case(london("2027-01-11"))
    before = (CaseNotification.objects.count(), InAppNotification.objects.count())
    with pytest.raises(actions.CaseActionRejected):  # a response at stage 1 names a position
        actions.record_response(
            case=case, actor=holder(case), position="maybe", now=london("2027-01-12")
        )
    assert (CaseNotification.objects.count(), InAppNotification.objects.count()) == before


def test_an_urgent_case_at_stage_two_tells_its_holders_and_the_receiving_senior_manager() -> None:
    """Bath and North East Somerset names nobody to inform: the holders and the receiving
    side's senior manager (its top stage's Head of service, a senior manager) hear at once."""
    demo = partnership_for("bath-north-east-somerset.toml")
    walker = Walker(demo)
    at = london("2027-03-22")
    case = walker.raise_case(at, stage=2, urgent=True)
    senior = demo.agencies[walker.receiving].by_level[Level.SENIOR_MANAGER]
    raising, receiving = holders(case)
    assert receiving.level == Level.FIRST_LINE_MANAGER  # stage 2: line managers
    assert told(case, "raised_urgent", at) == {raising, receiving, senior}
    assert not CaseNotification.objects.filter(case=case, kind="raised").exists()  # told once


def test_blackburn_with_darwen_tells_the_receiving_head_of_service_of_an_urgent_case() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    at = london("2027-03-22")
    case = walker.raise_case(at, stage=1, urgent=True)
    senior = demo.agencies[walker.receiving].by_level[Level.SENIOR_MANAGER]
    assert senior in told(case, "raised_urgent", at)


def test_a_notice_says_by_when_in_working_days() -> None:
    # Blackburn with Darwen, raised Mon 21 Dec 2026: stage 1 of 5 wd (22, 23, 24, (25, 28
    # bank holidays) 29, 30) is due Wed 30 Dec.
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    case = walker.raise_case(london("2026-12-21"))
    notice = InAppNotification.objects.get(
        reference=case.reference, kind="raised", person=holder(case)
    )
    assert notice.what.endswith("Needed by Wednesday 30 December 2026, in 5 working days")
    email = OutboxMessage.objects.get(
        reference=case.reference, key__contains="/raised/", person=holder(case)
    )
    assert "Needed by Wednesday 30 December 2026, in 5 working days." in email.body


@override_settings(ACCORD_BASE_URL="https://accord.example.org:8443")
def test_an_emails_link_uses_the_configured_base_url() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    case = walker.raise_case(london("2027-01-11"))
    email = OutboxMessage.objects.get(reference=case.reference, key__contains="/raised/")
    assert "Sign in: https://accord.example.org:8443/sign-in/?next=%2Fcases%2F" in email.body
    assert case.reference in email.body
    assert ":8000" not in email.body
    assert email.message_id.endswith("@accord.example.org>")
