"""Ending a case through its pages: the outcome (or the final process's decision), sign-off by
each side behind "confirm it's you", referral, the resolution panel, the debrief and closing.

Each page is tried on its happy path and on every way it refuses: bad input (an error summary,
what was typed kept), a stale form or a second submit (refused, nothing written), someone who
sees the case but may not act (403), and an action the case does not allow now (409).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import AgencyKind, Person
from accord.cases import actions
from accord.cases.models import (
    AccessLog,
    Case,
    CaseEvent,
    Debrief,
    Outcome,
    PanelMember,
    SignOff,
)
from accord.notifications.models import InAppNotification
from accord.partnerships.policies import load_policy_version
from tests.access.helpers import signed_in
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
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db


def url(name: str, case: Case, **kwargs: Any) -> str:
    return reverse(f"web:{name}", kwargs={"reference": case.reference, **kwargs})


def seen(case: Case) -> int:
    """The sequence a page draws into its forms: the case's last event's."""
    return (
        CaseEvent.objects.filter(case=case)
        .order_by("-sequence")
        .values_list("sequence", flat=True)[0]
    )


def text(response: Any) -> str:
    return response.content.decode()


def title(response: Any) -> str:
    found = re.search(r"<title>(.*?)</title>", text(response), re.DOTALL)
    assert found, "the page has no title"
    return found.group(1).strip()


def banner(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def writes(case: Case) -> dict[str, int]:
    return {
        "events": CaseEvent.objects.filter(case=case).count(),
        "outcomes": Outcome.objects.filter(case=case).count(),
        "sign_offs": SignOff.objects.filter(case=case).count(),
        "panel": PanelMember.objects.filter(case=case).count(),
        "debriefs": Debrief.objects.filter(case=case).count(),
    }


def staff(case: Case, role: str = "business_manager") -> Person:
    return PartnershipRoleFactory(partnership=case.partnership, role=role).person


def status(case: Case) -> str:
    return Case.objects.get(pk=case.pk).status


# --- Recording the outcome -------------------------------------------------------------------


def test_a_holder_records_the_agreed_outcome() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-resolve", case))
    assert page.status_code == 200
    assert title(page) == f"Record the outcome – {case.reference} – Accord"
    assert f'name="seen" value="{seen(case)}"' in text(page)
    assert "Do both sides agree with this outcome?" in text(page)
    done = client.post(
        url("case-resolve", case),
        {
            "seen": seen(case),
            "agreed_outcome": "A joint assessment within 10 days.",
            "outstanding_issues": "Who funds the transport.",
            "pursuit": "The managers meet on Friday.",
            "consensus": "yes",
        },
    )
    assert done.status_code == 302
    assert done.headers["Location"] == url("case-detail", case)
    assert banner(done) == ["Outcome recorded: it now waits for sign-off"]
    outcome = Outcome.objects.get(case=case)
    assert outcome.agreed_outcome == "A joint assessment within 10 days."
    assert outcome.pursuit == "The managers meet on Friday."
    assert status(case) == "resolved"
    assert "details" not in CaseEvent.objects.filter(case=case).last().payload  # type: ignore[union-attr]


def test_an_outcome_without_both_sides_agreement_keeps_the_reason() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "raising"))
    client.post(
        url("case-resolve", case),
        {
            "seen": seen(case),
            "agreed_outcome": "The school makes the referral again.",
            "consensus": "no",
            "without_consensus": "Social care would not reply within the timescale.",
        },
    )
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.kind == "resolved"
    assert event.payload["details"] == {
        "without_consensus": "Social care would not reply within the timescale."
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"agreed_outcome": "", "consensus": "yes"}, "Enter the agreed outcome"),
        (
            {"agreed_outcome": "Agreed", "outstanding_issues": "Transport", "consensus": "yes"},
            "Say how the outstanding issues will be pursued",
        ),
        ({"agreed_outcome": "Agreed"}, "Say whether both sides agree with this outcome"),
        (
            {"agreed_outcome": "Agreed", "consensus": "no"},
            "Say why the outcome is recorded without both sides’ agreement",
        ),
        ({"agreed_outcome": "x" * 5001, "consensus": "yes"}, "5000 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_kept(data: dict[str, str], message: str) -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    before = writes(case)
    page = client.post(url("case-resolve", case), {"seen": seen(case), **data})
    assert page.status_code == 200
    assert title(page).startswith("Error: Record the outcome")
    assert "govuk-error-summary" in text(page)
    assert message in text(page)
    if data.get("outstanding_issues"):
        assert "Transport</textarea>" in text(page)
    assert writes(case) == before


def test_a_form_without_its_seen_field_is_refused() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.post(url("case-resolve", case), {"agreed_outcome": "Agreed", "consensus": "yes"})
    assert page.status_code == 200
    assert "This form is out of date" in text(page)
    assert status(case) == "open"


def test_a_stale_form_is_refused_with_what_changed_and_nothing_is_written() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    drawn = seen(case)
    actions.add_task(
        case=case, actor=case.raised_by, title="Call the school", owner=case.raised_by,
        now=later(case, 1),
    )  # fmt: skip
    before = writes(case)
    page = client.post(
        url("case-resolve", case),
        {"seen": drawn, "agreed_outcome": "Agreed after all", "consensus": "yes"},
    )
    assert page.status_code == 200
    assert title(page).startswith("Error: ")
    assert "has changed since you opened this page: Task added" in text(page)
    assert f'href="{url("case-detail", case)}"' in text(page)
    assert "Agreed after all</textarea>" in text(page)
    assert writes(case) == before


def test_the_same_form_sent_twice_is_written_once() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    form = {"seen": seen(case), "agreed_outcome": "Agreed", "consensus": "yes"}
    assert client.post(url("case-resolve", case), form).status_code == 302
    after_first = writes(case)
    again = client.post(url("case-resolve", case), form)
    assert again.status_code == 200
    assert "has changed since you opened this page" in text(again)
    assert writes(case) == after_first
    assert after_first["outcomes"] == 1


def test_someone_who_sees_the_case_but_may_not_resolve_it_is_refused() -> None:
    case = OpenCaseFactory()
    client = signed_in(staff(case))
    before = writes(case)
    page = client.get(url("case-resolve", case))
    assert page.status_code == 403
    assert "You cannot record the outcome" in text(page)
    assert "only the case&#x27;s holders at this stage" in text(page).lower()
    forged = client.post(
        url("case-resolve", case), {"seen": seen(case), "agreed_outcome": "X", "consensus": "yes"}
    )
    assert forged.status_code == 403
    assert writes(case) == before


def test_a_case_that_is_not_seen_is_not_found() -> None:
    case = OpenCaseFactory()
    stranger = PersonFactory()
    assert signed_in(stranger).get(url("case-resolve", case)).status_code == 404


def test_a_resolved_case_is_not_resolved_again() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-resolve", case))
    assert page.status_code == 409
    assert "You cannot record the outcome now" in text(page)
    assert "already resolved" in text(page)
    before = writes(case)
    forged = client.post(
        url("case-resolve", case), {"seen": seen(case), "agreed_outcome": "X", "consensus": "yes"}
    )
    assert forged.status_code == 409
    assert writes(case) == before


def test_the_pages_are_logged_as_views_of_the_case() -> None:
    case = OpenCaseFactory()
    person = holder(case, "receiving")
    signed_in(person).get(url("case-resolve", case))
    assert AccessLog.objects.filter(case=case, person=person).count() == 1


# --- The decision of the final process ------------------------------------------------------


def test_the_independent_chair_records_the_decision_on_a_referred_case() -> None:
    case = ReferredCaseFactory()
    chair = staff(case, "independent_chair")
    client = signed_in(chair)
    page = client.get(url("case-resolve", case))
    assert page.status_code == 200
    assert title(page) == f"Record the decision – {case.reference} – Accord"
    assert "What has been decided?" in text(page)
    assert "Do both sides agree" not in text(page)
    done = client.post(
        url("case-resolve", case), {"seen": seen(case), "agreed_outcome": "The panel decided."}
    )
    assert done.status_code == 302
    assert banner(done) == ["Decision recorded: it now waits for sign-off"]
    assert status(case) == "resolved"
    assert Outcome.objects.get(case=case).recorded_by == chair


def test_the_holders_do_not_record_the_decision_of_a_referred_case() -> None:
    case = ReferredCaseFactory()
    page = signed_in(holder(case, "raising")).get(url("case-resolve", case))
    assert page.status_code == 403
    assert "You cannot record the decision" in text(page)


# --- Signing off ------------------------------------------------------------------------------


def sign(client: Client, case: Case, side: str) -> Any:
    return client.post(
        url("case-sign-off", case, side=side), {"seen": seen(case), "confirmed": "on"}
    )


def test_each_side_signs_off_and_the_case_is_signed_off() -> None:
    case = ResolvedCaseFactory()
    raising = holder(case, "raising")
    client = signed_in(raising)
    page = client.get(url("case-sign-off", case, side="raising"))
    assert page.status_code == 200
    assert title(page) == f"Sign off the outcome – {case.reference} – Accord"
    assert "I confirm this outcome is what we agreed" in text(page)
    assert raising.full_name in text(page)
    assert "Assessment agreed" in text(page)  # the outcome being signed
    assert ">\n  Confirm\n</button>" in text(page)
    done = sign(client, case, "raising")
    assert done.status_code == 302
    assert banner(done) == ["You signed off the outcome for the raising side"]
    assert status(case) == "resolved"

    receiving = holder(case, "receiving")
    other = signed_in(receiving)
    page = other.get(url("case-sign-off", case, side="receiving"))
    assert f"Raising side: {raising.full_name}" in text(page)  # who signed, and when
    assert sign(other, case, "receiving").status_code == 302
    assert status(case) == "signed_off"
    assert set(SignOff.objects.filter(case=case).values_list("side", "person")) == {
        ("raising", raising.pk),
        ("receiving", receiving.pk),
    }


def test_signing_off_needs_the_confirmation_ticked() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.post(url("case-sign-off", case, side="receiving"), {"seen": seen(case)})
    assert page.status_code == 200
    assert "Confirm that this outcome is what you agreed" in text(page)
    assert not SignOff.objects.filter(case=case).exists()


def test_signing_off_asks_to_confirm_its_you_after_a_while() -> None:
    case = ResolvedCaseFactory()
    person = holder(case, "receiving")
    secret = give_authenticator(person)
    client = signed_in(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert client.get(url("case-sign-off", case, side="receiving")).status_code == 200
        asked = sign(client, case, "receiving")
        assert asked.status_code == 302
        assert asked.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        assert not SignOff.objects.filter(case=case).exists()
        replayed = client.post(asked.headers["Location"], {"code": totp_code(secret)})
        assert replayed.status_code == 302
        assert replayed.headers["Location"] == url("case-detail", case)
    assert SignOff.objects.get(case=case).person == person


def test_only_a_sides_holder_signs_off_for_it() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-sign-off", case, side="raising"))
    assert page.status_code == 403
    assert "You cannot sign off the outcome for the raising side" in text(page)
    assert sign(client, case, "raising").status_code == 403
    assert not SignOff.objects.filter(case=case).exists()


def test_a_side_signs_off_once() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(holder(case, "raising"))
    sign(client, case, "raising")
    page = client.get(url("case-sign-off", case, side="raising"))
    assert page.status_code == 409
    assert "already signed off" in text(page)


def test_an_open_case_is_not_signed_off() -> None:
    case = OpenCaseFactory()
    page = signed_in(holder(case, "raising")).get(url("case-sign-off", case, side="raising"))
    assert page.status_code == 409
    assert "once the case is resolved" in text(page)


def test_there_are_two_sides_only() -> None:
    case = ResolvedCaseFactory()
    assert (
        signed_in(case.raised_by).get(url("case-sign-off", case, side="third")).status_code == 404
    )


# --- Referring, the panel, the decision ----------------------------------------------------------


def test_the_top_stage_refers_the_case_with_its_reason() -> None:
    case = EscalatedCaseFactory(to_stage=4)
    client = signed_in(holder(case, "raising"))
    page = client.get(url("case-refer", case))
    assert page.status_code == 200
    assert "a resolution panel" in text(page)  # the example policy's final process
    missing = client.post(url("case-refer", case), {"seen": seen(case), "reason": " "})
    assert "Say why the case is being referred" in text(missing)
    done = client.post(url("case-refer", case), {"seen": seen(case), "reason": "No agreement."})
    assert done.status_code == 302
    assert status(case) == "referred"
    assert CaseEvent.objects.filter(case=case).last().payload["reason"] == "No agreement."  # type: ignore[union-attr]


def test_a_case_below_the_top_stage_is_escalated_not_referred() -> None:
    case = OpenCaseFactory()
    page = signed_in(holder(case, "raising")).get(url("case-refer", case))
    assert page.status_code == 409
    assert "only a case unresolved at the top stage" in text(page).lower()


def panel_world(case: Case) -> dict[str, Person]:
    """People of the case's two agencies and of a third agency working in its partnership."""
    health = AgencyFactory(home_partnership=case.partnership, kind=AgencyKind.HEALTH, name="Health")
    return {
        "raising": PersonFactory(agency=case.raising_agency, full_name="Raising member"),
        "receiving": PersonFactory(agency=case.receiving_agency, full_name="Receiving member"),
        "health": PersonFactory(agency=health, full_name="Health member"),
        "health_2": PersonFactory(agency=health, full_name="Second health member"),
    }


def test_the_business_manager_convenes_the_panel_from_three_agencies() -> None:
    case = ReferredCaseFactory()
    people = panel_world(case)
    client = signed_in(staff(case))
    page = client.get(url("case-panel", case))
    assert page.status_code == 200
    assert "at least 3 different agencies" in text(page)
    body = text(page)
    assert "<bdi>Health</bdi></legend>" in body
    assert f"<bdi>{case.raising_agency.name}</bdi> (a party to the disagreement)" in body
    chosen = [people["raising"], people["receiving"], people["health"]]
    done = client.post(
        url("case-panel", case),
        {"seen": seen(case), "convene": "yes", "members": [p.pk for p in chosen]},
    )
    assert done.status_code == 302
    assert done.headers["Location"] == url("case-work", case)
    # Its members, the parties' holders and the raiser are told at once, and the page says so.
    assert banner(done)[0].startswith("Resolution panel convened: 3 members. Told: ")
    assert {m.person for m in PanelMember.objects.filter(case=case)} == set(chosen)
    told = InAppNotification.objects.filter(reference=case.reference, kind="panel_convened")
    parties = {holder(case, "raising"), holder(case, "receiving"), case.raised_by}
    assert {n.person for n in told} == set(chosen) | parties
    assert all(person.full_name in banner(done)[0] for person in chosen)
    again = client.get(url("case-panel", case))
    assert again.status_code == 409
    assert "already been convened" in text(again)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (["raising", "receiving"], "at least 3 different agencies; these come from 2"),
        (["raising", "health", "health_2"], "at least 3 different agencies; these come from 2"),
        ([], "Choose the panel’s members"),
    ],
)
def test_a_panel_that_breaks_the_policys_rule_is_refused(members: list[str], message: str) -> None:
    case = ReferredCaseFactory()
    people = panel_world(case)
    client = signed_in(staff(case))
    page = client.post(
        url("case-panel", case),
        {"seen": seen(case), "convene": "yes", "members": [people[m].pk for m in members]},
    )
    assert page.status_code == 200
    assert message in text(page)
    assert not PanelMember.objects.filter(case=case).exists()


def test_the_panel_includes_both_parties() -> None:
    case = ReferredCaseFactory()
    people = panel_world(case)
    third = AgencyFactory(home_partnership=case.partnership, name="Housing")
    housing = PersonFactory(agency=third)
    page = signed_in(staff(case)).post(
        url("case-panel", case),
        {
            "seen": seen(case),
            "convene": "yes",
            "members": [people["raising"].pk, people["health"].pk, housing.pk],
        },
    )
    assert "must include a member from each of the two agencies" in text(page)


def test_someone_outside_the_list_cannot_be_seated() -> None:
    case = ReferredCaseFactory()
    people = panel_world(case)
    outsider = PersonFactory()  # an agency of another partnership
    page = signed_in(staff(case)).post(
        url("case-panel", case),
        {
            "seen": seen(case),
            "convene": "yes",
            "members": [people["raising"].pk, people["receiving"].pk, outsider.pk],
        },
    )
    assert "Choose the panel’s members from the list" in text(page)
    assert not PanelMember.objects.filter(case=case).exists()


def test_only_the_partnerships_manager_or_chair_convene_the_panel() -> None:
    case = ReferredCaseFactory()
    page = signed_in(holder(case, "raising")).get(url("case-panel", case))
    assert page.status_code == 403
    assert "You cannot convene the resolution panel" in text(page)


def test_a_panel_waits_for_the_referral() -> None:
    case = OpenCaseFactory()
    page = signed_in(staff(case)).get(url("case-panel", case))
    assert page.status_code == 409
    assert "once the case is referred" in text(page)


# --- The debrief and closing ----------------------------------------------------------------------


def debrief_required_case() -> Case:
    """Signed off under the example policy changed to require a debrief."""
    partnership = PartnershipFactory()
    text_of_policy = (
        EXAMPLE_POLICY.read_text(encoding="utf-8")
        .replace('id = "example-borough"', f'id = "example-{partnership.slug}"', 1)
        .replace('debrief = "offered"', 'debrief = "required"', 1)
    )
    version = load_policy_version(
        partnership=partnership, text=text_of_policy, file_name="example.toml",
        now=RAISED_AT - timedelta(days=30),
    )  # fmt: skip
    return SignedOffCaseFactory(partnership=partnership, policy_version=version)


def test_a_debrief_is_recorded_as_held() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(case.raised_by)
    page = client.get(url("case-debrief", case))
    assert page.status_code == 200
    assert "offers a debrief" in text(page)
    done = client.post(
        url("case-debrief", case),
        {
            "seen": seen(case),
            "outcome": "held",
            "held_on_day": "3",
            "held_on_month": "6",
            "held_on_year": "2026",
            "notes": "Both sides met.",
        },
    )
    assert done.status_code == 302
    debrief = Debrief.objects.get(case=case)
    assert (debrief.outcome, str(debrief.held_on), debrief.notes) == (
        "held",
        "2026-06-03",
        "Both sides met.",
    )


def test_a_declined_debrief_needs_no_date() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(case.raised_by)
    done = client.post(url("case-debrief", case), {"seen": seen(case), "outcome": "declined"})
    assert done.status_code == 302
    assert Debrief.objects.get(case=case).outcome == "declined"


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter the date the debrief was held"),
        (
            {"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026"},
            "must be a real date",
        ),
        (
            {"held_on_day": "1", "held_on_month": "1", "held_on_year": "2099"},
            "today or in the past",
        ),
    ],
)
def test_a_held_debrief_needs_a_real_past_date(parts: dict[str, str], message: str) -> None:
    case = ResolvedCaseFactory()
    page = signed_in(case.raised_by).post(
        url("case-debrief", case), {"seen": seen(case), "outcome": "held", **parts}
    )
    assert page.status_code == 200
    assert message in text(page)
    assert not Debrief.objects.filter(case=case).exists()


def test_a_debrief_waits_for_the_outcome() -> None:
    case = OpenCaseFactory()
    page = signed_in(case.raised_by).get(url("case-debrief", case))
    assert page.status_code == 409
    assert "once the outcome has been agreed" in text(page)


def test_a_signed_off_case_is_closed_after_confirming() -> None:
    case = SignedOffCaseFactory()
    client = signed_in(case.raised_by)
    page = client.get(url("case-close", case))
    assert page.status_code == 200
    assert title(page) == f"Close the case – {case.reference} – Accord"
    assert "Close the case\n</button>" in text(page)
    done = client.post(url("case-close", case), {"seen": seen(case)})
    assert done.status_code == 302
    assert banner(done) == ["Case closed"]
    assert status(case) == "closed"
    closed = client.get(url("case-close", case))
    assert closed.status_code == 409
    assert "is closed" in text(closed)


def test_a_case_awaiting_sign_off_is_not_closed() -> None:
    case = ResolvedCaseFactory()
    page = signed_in(case.raised_by).get(url("case-close", case))
    assert page.status_code == 409
    assert "sign-off is not complete" in text(page).lower()


def test_a_required_debrief_is_asked_for_before_closing() -> None:
    case = debrief_required_case()
    client = signed_in(case.raised_by)
    page = client.get(url("case-close", case))
    assert page.status_code == 200
    assert "requires a debrief before the case is closed" in text(page)
    assert f'href="{url("case-debrief", case)}"' in text(page)
    assert "Close the case\n</button>" not in text(page)
    forged = client.post(url("case-close", case), {"seen": seen(case)})
    assert "record it before closing the case" in text(forged)
    assert status(case) == "signed_off"

    client.post(url("case-debrief", case), {"seen": seen(case), "outcome": "declined"})
    assert client.post(url("case-close", case), {"seen": seen(case)}).status_code == 302
    assert status(case) == "closed"


def test_only_the_holders_raiser_or_partnership_close() -> None:
    case = SignedOffCaseFactory()
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    page = signed_in(lead).get(url("case-close", case))
    assert page.status_code == 403
    assert "You cannot close this case" in text(page)
