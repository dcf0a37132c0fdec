"""Issue 14 item 4: every form the procedure asks for is produced on every path, final processes
included, pre-filled from what the case knows and with its required fields enforced; the chair's
yes/no on convening a panel is recorded, and a panel's or chair's decision is called so.

Each case is a case of the policy's demo partnership, driven with the actions to its referral,
then through the pages as the partnership's business manager would.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from accord.accounts.models import PartnershipRole, Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent, FormRecord, FormStatus
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

from .helpers import answer_fields, complete_and_submit, form_on, form_url

pytestmark = pytest.mark.django_db

DECISION = "The panel decides a joint assessment visit within five working days"


def _manager(case: Case) -> Person:
    return PartnershipRole.objects.get(partnership=case.partnership, role="business_manager").person


def _url(name: str, case: Case) -> str:
    return reverse(f"web:{name}", kwargs={"reference": case.reference})


def _seen(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).order_by("-sequence")[0].sequence


def _referred_at_top(policy_file: str, top: int) -> Case:
    walker = Walker(partnership_for(policy_file))
    day = london("2026-03-02")
    case = walker.raise_case(day)
    for _ in range(top - 1):
        day += timedelta(days=1)
        case = walker.escalate(case, day)
    actions.refer_case(
        case=case, actor=holder(case, "raising"), reason="Unresolved", now=day + timedelta(hours=1)
    )
    case.refresh_from_db()
    return case


def _decide(client: Any, case: Case) -> Any:
    return client.post(
        _url("case-resolve", case),
        {"seen": _seen(case), "agreed_outcome": DECISION},
        follow=True,
    )


def _record(case: Case, form_id: str) -> FormRecord:
    return FormRecord.objects.get(case=case, form_id=form_id)


# --- Bath and North East Somerset: Appendix A after the Resolution Panel ----------------------


def test_bnes_panel_decision_produces_appendix_a_pre_filled_with_the_referral_and_panel() -> None:
    case = _referred_at_top("bath-north-east-somerset.toml", 4)
    assert not FormRecord.objects.filter(case=case, form_id="appendix-a").exists()
    client = signed_in(_manager(case))
    page = client.get(_url("case-panel", case)).content.decode()
    assert "Has the chair decided to convene a resolution panel?" in page
    members = [holder(case, "raising"), holder(case, "receiving")]
    third = Person.objects.filter(agency__isnull=False, is_active=True).exclude(
        agency__in=[case.raising_agency, case.receiving_agency]
    )
    third = third.filter(agency__home_partnership=case.partnership)
    members.append(third.first())  # type: ignore[arg-type]
    convened = client.post(
        _url("case-panel", case),
        {"seen": _seen(case), "convene": "yes", "members": [m.pk for m in members]},
    )
    assert convened.status_code == 302, convened.content.decode()[:3000]

    decided = _decide(client, case)
    assert decided.status_code == 200
    case.refresh_from_db()
    assert case.status == "resolved"
    record = _record(case, "appendix-a")
    assert record.trigger == "stage:4/resolved"
    filled = form_on(client.get(form_url(record)).content.decode())
    assert filled["answer_referred_on_year"] == "2026"
    assert filled["answer_panel_convened"] == "yes"
    assert DECISION in filled["answer_panel_outcome"]
    summaries = list(CaseEvent.objects.filter(case=case).values_list("summary", flat=True))
    assert "Decision of the resolution panel recorded" in summaries
    assert not any(s.startswith("Resolved at stage") for s in summaries)
    overview = client.get(_url("case-detail", case)).content.decode()
    assert "Decision of the resolution panel" in overview
    assert "Agreed outcome" not in overview
    assert "Resolved – awaiting sign-off" in overview  # B&NES asks both parties to sign off


def test_bnes_chair_says_no_to_a_panel_and_decides() -> None:
    case = _referred_at_top("bath-north-east-somerset.toml", 4)
    client = signed_in(_manager(case))
    refused = client.post(_url("case-panel", case), {"seen": _seen(case)})
    assert "Say whether the chair decided to convene a panel" in refused.content.decode()
    declined = client.post(
        _url("case-panel", case),
        {"seen": _seen(case), "convene": "no", "reason": "The parties agree the chair decides"},
    )
    assert declined.status_code == 302
    event = CaseEvent.objects.filter(case=case).order_by("-sequence")[0]
    assert event.kind == "panel_declined"
    assert event.payload["reason"] == "The parties agree the chair decides"
    again = client.get(_url("case-panel", case))
    assert again.status_code == 409
    assert "already decided not to convene a panel" in again.content.decode()
    with pytest.raises(CaseActionRejected, match="already decided not to convene"):
        actions.convene_panel(
            case=case, actor=_manager(case), members=[], now=london("2026-03-20"), convene=False
        )

    _decide(client, case)
    case.refresh_from_db()
    record = _record(case, "appendix-a")
    filled = form_on(client.get(form_url(record)).content.decode())
    assert filled["answer_panel_convened"] == "no"
    overview = client.get(_url("case-detail", case)).content.decode()
    assert "Decision of the partnership’s chair (no panel convened)" in overview


def test_bnes_appendix_a_cannot_be_submitted_with_its_required_fields_blank() -> None:
    walker = Walker(partnership_for("bath-north-east-somerset.toml"))
    case = walker.raise_case(london("2026-03-02"))
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="Agreed", now=london("2026-03-03")
    )
    record = _record(case, "appendix-a")
    required = [spec["id"] for spec in record.definition if spec.get("required")]
    assert {"child_name", "nature", "outcome", "workers"} <= set(required)
    client = signed_in(_manager(case))
    blank = form_on(client.get(form_url(record)).content.decode())
    page = client.get(form_url(record)).content.decode()
    assert "Required: the form cannot be submitted without it." in page
    blank |= answer_fields(record, {"child_name": "", "nature": ""})
    sent = client.post(form_url(record), blank | {"confirm": "on", "action": "submit"})
    assert sent.status_code == 200
    body = sent.content.decode()
    assert "Answer Child&#x27;s Name: it is required" in body
    assert "Answer Nature of Professional Disagreement: it is required" in body
    record.refresh_from_db()
    assert record.status == FormStatus.DRAFT
    with pytest.raises(CaseActionRejected, match="Answer every required question"):
        actions.submit_form(
            record=record,
            actor=_manager(case),
            values={"child_name": "", "nature": ""},
            now=london("2026-03-04"),
        )
    complete_and_submit(client, record, {})  # pre-filled from the case: every required answered
    record.refresh_from_db()
    assert record.is_submitted


# --- The generic procedure: 14.10 and 14.11 after mediation ------------------------------------


def test_generic_mediation_asks_about_general_issues_and_produces_14_10_and_14_11() -> None:
    case = _referred_at_top("generic-lscb.toml", 4)
    assert not FormRecord.objects.filter(case=case).exists()
    client = signed_in(_manager(case))
    page = client.get(_url("case-resolve", case)).content.decode()
    assert "general issue in working together" in page
    unanswered = _decide(client, case)
    assert "Select yes or no: Has this disagreement shown a general issue" in (
        unanswered.content.decode()
    )
    case.refresh_from_db()
    assert case.status == "referred"
    answered = client.post(
        _url("case-resolve", case),
        {"seen": _seen(case), "agreed_outcome": DECISION, "fact_general_issues": "yes"},
        follow=True,
    )
    assert answered.status_code == 200
    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.facts == {"general_issues": True}
    kinds = list(CaseEvent.objects.filter(case=case).order_by("sequence").values_list("kind"))
    assert kinds[-2:] == [("fact_set",), ("resolved",)]
    made = set(FormRecord.objects.filter(case=case).values_list("form_id", "trigger"))
    assert made == {
        ("written-confirmation", "stage:4/resolved"),
        ("general-issues", "stage:4/resolved"),
    }
    overview = client.get(_url("case-detail", case)).content.decode()
    assert "Outcome agreed at mediation" in overview


@pytest.mark.parametrize(("answer", "forms"), [("no", 1), ("yes", 2)])
def test_generic_outcome_at_a_stage_asks_about_general_issues(answer: str, forms: int) -> None:
    walker = Walker(partnership_for("generic-lscb.toml"))
    case = walker.escalate(walker.raise_case(london("2026-03-02")), london("2026-03-03"))
    client = signed_in(holder(case, "receiving"))
    resolved = client.post(
        _url("case-resolve", case),
        {
            "seen": _seen(case),
            "agreed_outcome": "Assessment agreed",
            "consensus": "yes",
            "fact_general_issues": answer,
        },
    )
    assert resolved.status_code == 302, resolved.content.decode()[:2000]
    case.refresh_from_db()
    assert case.facts == {"general_issues": answer == "yes"}
    made = dict(FormRecord.objects.filter(case=case).values_list("form_id", "trigger"))
    assert made["written-confirmation"] == "stage:2/resolved"
    assert len(made) == forms
    assert ("general-issues" in made) == (answer == "yes")


def test_only_the_questions_asked_at_the_end_are_answered_when_resolving() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    case = walker.raise_case(london("2026-03-02"))
    with pytest.raises(CaseActionRejected, match="does not ask"):
        actions.resolve_case(
            case=case,
            actor=holder(case),
            agreed_outcome="Agreed",
            now=london("2026-03-03"),
            facts={"cp_plan": True},
        )
    assert not CaseEvent.objects.filter(case=case, kind="fact_set").exists()


# --- Northumberland: the Agency Report pre-filled with the meeting ------------------------------


def test_northumberland_agency_report_is_pre_filled_with_the_meeting_date_and_chair() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    case = walker.raise_case(london("2026-03-02"))
    case = walker.escalate(case, london("2026-03-03"))
    chair = Person.objects.filter(
        agency__home_partnership=case.partnership, is_active=True
    ).exclude(agency__in=[case.raising_agency, case.receiving_agency])[0]
    actions.record_meeting(
        case=case,
        actor=holder(case),
        held_at=london("2026-03-04"),
        now=london("2026-03-04") + timedelta(hours=3),
        chair=chair,
    )
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="Agreed", now=london("2026-03-05")
    )
    record = _record(case, "agency-report")
    values = form_on(signed_in(holder(case)).get(form_url(record)).content.decode())
    assert values["answer_meeting_on_day"] == "4"
    assert values["answer_meeting_on_month"] == "3"
    assert values["answer_chair"] == chair.full_name
