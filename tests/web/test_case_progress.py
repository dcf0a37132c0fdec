"""The actions along the ladder through their pages: respond, mark a step done, escalate, set a
deadline, answer a question, withdraw. Each happy path, and each way it is refused: bad input
(GOV.UK error summary, what was typed kept), a stale or repeated form (nothing written), a
forged request by someone who may not act (403) and an action the case does not allow now (409).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

import accord
from accord.accounts.models import Level
from accord.cases import actions
from accord.cases.models import AccessLog, Case, CaseEvent, Deadline, Holding
from accord.partnerships.policies import load_policy_version
from tests.access.helpers import signed_in
from tests.factories import (
    LONDON,
    RAISED_AT,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
)

pytestmark = pytest.mark.django_db

# Tuesday 2 June 2026, 09:30: a day after the example cases are raised (Mon 1 Jun, 10:00);
# stage 1 is due Wed 3 Jun, its response step Tue 2 Jun.
TUESDAY = RAISED_AT + timedelta(hours=23, minutes=30)


@pytest.fixture(autouse=True)
def tuesday() -> Iterator[None]:
    with time_machine.travel(TUESDAY, tick=False):
        yield


def _url(name: str, case: Case) -> str:
    return reverse(name, args=[case.reference])


def _seen(html: str) -> str:
    found = re.search(r'name="seen" value="(\d+)"', html)
    assert found, "the form carries the hidden `seen`"
    return found.group(1)


def _open(client: Client, name: str, case: Case) -> tuple[str, str]:
    """GET an action page: its HTML and the `seen` its form carries."""
    response = client.get(_url(name, case))
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    return html, _seen(html)


def _events(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert found
    return found.group(1).strip()


def _errors(html: str) -> list[str]:
    """The error summary's messages."""
    if "govuk-error-summary__list" not in html:
        return []
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    return [
        re.sub(r"<[^>]+>", "", item).strip().replace("&#x27;", "'")
        for item in re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    ]


def _banner_after(client: Client, response: Any) -> str:
    """Follow a redirect and return the success banner's heading."""
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).content.decode()
    found = re.search(r'govuk-notification-banner__heading">(.*?)</p>', page, re.DOTALL)
    assert found, "a success banner"
    return found.group(1).strip().replace("&#x27;", "'")


def _shipped(name: str) -> Any:
    partnership = PartnershipFactory()
    text = (Path(accord.__file__).parent / "policies" / name).read_text(encoding="utf-8")
    return load_policy_version(
        partnership=partnership, text=text, file_name=name, now=RAISED_AT - timedelta(days=30)
    )


# --- Respond --------------------------------------------------------------------------------


def test_the_receiving_holder_responds() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case))
    html, seen = _open(client, "web:case-respond", case)
    assert _title(html) == f"Respond to the disagreement – {case.reference} – Accord"
    assert seen == "1"
    assert AccessLog.objects.filter(case=case, action__startswith="opened respond").exists()
    response = client.post(
        _url("web:case-respond", case),
        {"seen": seen, "position": "propose", "note": "A joint visit on Friday"},
    )
    assert response.headers["Location"] == _url("web:case-detail", case)
    raising = holder(case, "raising")  # told at once; the page says so because it was
    assert _banner_after(client, response) == (
        "Your response is recorded: you propose another way forward."
        f" Told: {raising.full_name} ({raising.agency.name})."
    )
    event = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    assert event is not None
    assert (event.kind, event.payload["position"]) == ("responded", "propose")
    assert event.payload["details"] == {"note": "A joint visit on Friday"}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Choose agree, propose another way forward or disagree"]),
        ({"position": "propose"}, ["Say what you propose"]),
        ({"position": "disagree", "note": "  "}, ["Say why you disagree"]),
        ({"position": "shrug"}, ["Choose agree, propose another way forward or disagree"]),
    ],
)
def test_a_response_with_bad_input_is_shown_again_with_its_errors(
    data: dict[str, str], errors: list[str]
) -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case))
    _, seen = _open(client, "web:case-respond", case)
    response = client.post(_url("web:case-respond", case), {"seen": seen, **data})
    html = response.content.decode()
    assert response.status_code == 200
    assert _title(html).startswith("Error: Respond to the disagreement")
    assert _errors(html) == errors
    if data.get("position") in {"propose", "disagree"}:
        assert f'value="{data["position"]}" checked' in html  # what was chosen is kept
    assert _events(case) == 1


def test_a_response_form_sent_twice_is_refused_the_second_time() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case))
    _, seen = _open(client, "web:case-respond", case)
    data = {"seen": seen, "position": "agree", "note": ""}
    assert client.post(_url("web:case-respond", case), data).status_code == 302
    again = client.post(_url("web:case-respond", case), data)
    html = again.content.decode()
    assert again.status_code == 200
    assert _errors(html) == [
        f"Case {case.reference} has changed since you opened this page: Receiving side "
        "responded at stage 1: agree. Nothing was saved: check the case and try again if it "
        "is still needed"
    ]
    assert f'href="{_url("web:case-detail", case)}">See case {case.reference} as it is now' in html
    assert CaseEvent.objects.filter(case=case, kind="responded").count() == 1


def test_a_stale_form_is_refused_when_the_case_moved_on_meanwhile() -> None:
    case = OpenCaseFactory()
    receiving = holder(case)
    client = signed_in(receiving)
    _, seen = _open(client, "web:case-set-fact", case)
    actions.set_fact(  # the raiser answers meanwhile
        case=case, actor=case.raised_by, fact="cp_plan", value=True, now=TUESDAY
    )
    response = client.post(
        _url("web:case-set-fact", case), {"seen": seen, "fact": "cp_plan", "value": "no"}
    )
    assert "has changed since you opened this page" in _errors(response.content.decode())[0]
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}


def test_a_forged_response_from_the_raising_side_is_refused_with_403() -> None:
    case = OpenCaseFactory()
    response = signed_in(case.raised_by).post(
        _url("web:case-respond", case), {"seen": "1", "position": "agree"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot respond to this case" in html
    assert "Only the receiving side&#x27;s holder at this stage can respond." in html
    assert _events(case) == 1


def test_responding_twice_at_a_stage_is_refused_with_the_reason() -> None:
    case = OpenCaseFactory()
    actions.record_response(case=case, actor=holder(case), position="agree", now=TUESDAY)
    client = signed_in(holder(case))
    for response in (
        client.get(_url("web:case-respond", case)),
        client.post(_url("web:case-respond", case), {"seen": "2", "position": "agree"}),
    ):
        assert response.status_code == 409
        html = response.content.decode()
        assert "You cannot respond to this case now" in html
        assert "The receiving side has already responded at stage 1." in html
    assert _events(case) == 2


def test_someone_who_cannot_see_the_case_gets_a_404() -> None:
    case = OpenCaseFactory()
    stranger = signed_in(PersonFactory(agency=case.receiving_agency))
    for name in ("web:case-respond", "web:case-escalate", "web:case-withdraw"):
        assert stranger.get(_url(name, case)).status_code == 404
        assert stranger.post(_url(name, case), {"seen": "1"}).status_code == 404
    assert _events(case) == 1


# --- Complete a step ------------------------------------------------------------------------


def test_a_holder_marks_a_step_done() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-complete-step", case)
    assert "Receiving agency reviews its decision and responds" in html
    assert "Outcome confirmed in writing" not in html  # its clock starts after the response
    bad = client.post(_url("web:case-complete-step", case), {"seen": seen, "step": "nope"})
    assert _errors(bad.content.decode()) == ["Choose one of the steps still to do"]
    response = client.post(_url("web:case-complete-step", case), {"seen": seen, "step": "response"})
    assert _banner_after(client, response) == (
        "Step done: Receiving agency reviews its decision and responds"
    )
    row = Deadline.objects.get(case=case, key="stage:1/step:response")
    assert row.done_at == TUESDAY


def test_marking_a_step_where_the_stage_has_none_is_refused_now() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    with time_machine.travel(TUESDAY + timedelta(hours=2), tick=False):
        response = signed_in(holder(case)).get(_url("web:case-complete-step", case))
    assert response.status_code == 409
    assert "Stage 2 has no steps." in response.content.decode()


# --- Escalate -------------------------------------------------------------------------------


def _with_managers(case: Case) -> tuple[Any, Any]:
    """Give both stage-1 holders a line manager in their agency."""
    managers = []
    for side, agency in (("raising", case.raising_agency), ("receiving", case.receiving_agency)):
        manager = PersonFactory(
            agency=agency, level=Level.FIRST_LINE_MANAGER, full_name=f"Manager {side}"
        )
        person = holder(case, side)
        person.line_manager = manager
        person.save(update_fields=["line_manager"])
        managers.append(manager)
    return managers[0], managers[1]


def test_escalating_suggests_each_sides_line_manager_and_names_the_new_holders() -> None:
    case = OpenCaseFactory()
    raising_manager, receiving_manager = _with_managers(case)
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-escalate", case)
    assert "It moves to Stage 2: First line managers." in html
    assert 'name="to_stage"' not in html  # no skipping under the example policy
    assert f'<option value="{raising_manager.pk}" selected>' in html
    assert f'<option value="{receiving_manager.pk}" selected>' in html
    assert 'name="why"' not in html  # nothing is overdue
    response = client.post(
        _url("web:case-escalate", case),
        {
            "seen": seen,
            "raising_holder": raising_manager.pk,
            "receiving_holder": receiving_manager.pk,
            "reason": "We cannot agree on the threshold",
        },
    )
    assert _banner_after(client, response) == (
        f"Case {case.reference} escalated to stage 2: Manager raising and Manager receiving "
        "hold it now"
    )
    case.refresh_from_db()
    assert case.stage == 2
    current = Holding.objects.filter(case=case, ended_at__isnull=True)
    assert {(h.side, h.person) for h in current} == {
        ("raising", raising_manager), ("receiving", receiving_manager),
    }  # fmt: skip
    event = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    assert event is not None
    assert event.payload["reason"] == "We cannot agree on the threshold"


def test_an_escalation_sent_twice_by_someone_no_longer_holding_it_is_refused_as_stale() -> None:
    case = OpenCaseFactory()
    raising_manager, receiving_manager = _with_managers(case)
    client = signed_in(case.raised_by)
    _, seen = _open(client, "web:case-escalate", case)
    data = {
        "seen": seen,
        "raising_holder": raising_manager.pk,
        "receiving_holder": receiving_manager.pk,
        "reason": "We cannot agree",
    }
    assert client.post(_url("web:case-escalate", case), data).status_code == 302
    again = client.post(_url("web:case-escalate", case), data)  # the raiser holds it no more
    html = again.content.decode()
    assert again.status_code == 409
    assert "You cannot escalate this case now" in html
    assert "has changed since you opened this page: Escalated from stage 1 to stage 2" in html
    assert CaseEvent.objects.filter(case=case, kind="escalated").count() == 1


def test_a_flat_structure_keeps_the_same_holders() -> None:
    case = OpenCaseFactory()  # nobody has a line manager: the suggestion is the holder
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-escalate", case)
    assert f'<option value="{case.raised_by.pk}" selected>' in html
    response = client.post(
        _url("web:case-escalate", case),
        {
            "seen": seen,
            "raising_holder": case.raised_by.pk,
            "receiving_holder": holder(case).pk,
            "reason": "Small team: the same people carry on",
            "without_consensus": "The receiving side wants to wait for the strategy meeting",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, holder(case, "raising")) == (2, case.raised_by)
    event = CaseEvent.objects.get(case=case, kind="escalated")
    assert event.payload["details"] == {
        "without_consensus": "The receiving side wants to wait for the strategy meeting"
    }
    timeline = client.get(_url("web:case-timeline", case)).content.decode()
    assert (
        "Why without consensus: <bdi>The receiving side wants to wait for the strategy "
        "meeting</bdi>" in timeline
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"reason": ""}, "Say why the case is being escalated"),
        ({"raising_holder": "other-agency"}, "Choose the raising side's holder from the list"),
        ({"receiving_holder": ""}, "Choose the receiving side's holder"),
    ],
)
def test_escalating_with_bad_input_keeps_what_was_typed(change: dict[str, str], error: str) -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    _, seen = _open(client, "web:case-escalate", case)
    data = {
        "seen": seen,
        "raising_holder": str(case.raised_by.pk),
        "receiving_holder": str(holder(case).pk),
        "reason": "Typed reason",
        **change,
    }
    if data["raising_holder"] == "other-agency":
        data["raising_holder"] = str(PersonFactory().pk)
    response = client.post(_url("web:case-escalate", case), data)
    html = response.content.decode()
    assert _errors(html) == [error]
    if data["reason"]:
        assert "Typed reason</textarea>" in html
    case.refresh_from_db()
    assert case.stage == 1


def test_after_a_deadline_passes_without_a_response_non_response_is_offered() -> None:
    case = OpenCaseFactory()
    thursday = datetime(2026, 6, 4, 10, tzinfo=LONDON)  # stage 1 was due Wed 3 Jun
    with time_machine.travel(thursday, tick=False):
        client = signed_in(case.raised_by)
        html, seen = _open(client, "web:case-escalate", case)
        assert "The other side has not responded in time" in html
        assert 'value="non_response" checked' in html
        response = client.post(
            _url("web:case-escalate", case),
            {
                "seen": seen,
                "why": "non_response",
                "raising_holder": case.raised_by.pk,
                "receiving_holder": holder(case).pk,
                "reason": "",
            },
        )
        assert response.status_code == 302
        # The receiving side is the one that has not responded: it is not offered the reason.
        other = signed_in(holder(case))
        assert (
            "not responded in time"
            not in other.get(_url("web:case-escalate", case)).content.decode()
        )
    event = CaseEvent.objects.filter(case=case, kind="escalated").get()
    assert event.payload["reason"] == "The other side has not responded in time"


def test_a_policy_that_lets_cases_skip_a_level_offers_the_higher_stages() -> None:
    version = _shipped("blackburn-with-darwen.toml")  # [escalation] may_skip = true
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-escalate", case)
    stages = re.findall(r'name="to_stage" type="radio" value="(\d)"', html)
    assert stages == ["2", "3"]  # any higher stage, the top one (3) too
    response = client.post(
        _url("web:case-escalate", case),
        {
            "seen": seen,
            "to_stage": "3",
            "raising_holder": case.raised_by.pk,
            "receiving_holder": holder(case).pk,
            "reason": "Both first line managers already involved",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == 3


def test_escalating_from_the_top_stage_is_refused_with_the_reason() -> None:
    case = EscalatedCaseFactory(to_stage=4)
    with time_machine.travel(RAISED_AT + timedelta(days=5), tick=False):
        response = signed_in(holder(case, "raising")).get(_url("web:case-escalate", case))
    assert response.status_code == 409
    assert "refer the case to the partnership" in response.content.decode()


def test_a_forged_escalation_by_the_stage_1_raiser_after_escalation_is_refused() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    with time_machine.travel(TUESDAY + timedelta(hours=2), tick=False):
        response = signed_in(case.raised_by).post(
            _url("web:case-escalate", case),
            {"seen": "2", "raising_holder": case.raised_by.pk, "reason": "x"},
        )
    assert response.status_code == 403
    assert "Only the case&#x27;s holders at this stage can escalate it." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.stage == 2


# --- Set a deadline -------------------------------------------------------------------------


def _deadline_data(seen: str, **change: str) -> dict[str, str]:
    return {
        "seen": seen,
        "deadline": "stage:1",
        "due_day": "2",
        "due_month": "6",
        "due_year": "2026",
        "reason": "The child goes home tonight",
        **change,
    }


def test_a_holder_brings_a_deadline_forward() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-set-deadline", case)
    assert "Due 3 June 2026: it can only be brought forward" in html
    assert 'name="due_time"' not in html  # no deadline counted in hours
    response = client.post(_url("web:case-set-deadline", case), _deadline_data(seen))
    assert response.headers["Location"] == _url("web:case-deadlines", case)
    assert _banner_after(client, response) == "Deadline set: Stage 1: Practitioners"
    row = Deadline.objects.get(case=case, key="stage:1")
    assert (row.due_on, row.due_set_reason) == (date(2026, 6, 2), "The child goes home tonight")
    timeline = client.get(_url("web:case-timeline", case)).content.decode()
    assert "Reason: <bdi>The child goes home tonight</bdi>" in timeline


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            {"due_day": "5"},
            "New due date must be before 3 June 2026: a deadline can be brought forward, not "
            "put back",
        ),
        ({"due_day": "3"}, "New due date must be before 3 June 2026: a deadline can be brought "
                           "forward, not put back"),
        ({"due_day": "1"}, "New due date must be today or in the future"),
        ({"due_day": "31", "due_month": "2"}, "New due date must be a real date"),
        ({"due_day": "", "due_month": "", "due_year": ""}, "Enter the new due date"),
        ({"reason": ""}, "Say why the deadline is being set"),
        ({"deadline": "stage:9"}, "Choose one of the open deadlines"),
    ],
    ids=["later", "same", "past", "not-a-date", "no-date", "no-reason", "unknown-deadline"],
)  # fmt: skip
def test_a_deadline_set_with_bad_input_is_refused_on_its_field(
    change: dict[str, str], error: str
) -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    _, seen = _open(client, "web:case-set-deadline", case)
    response = client.post(_url("web:case-set-deadline", case), _deadline_data(seen, **change))
    html = response.content.decode()
    assert response.status_code == 200
    assert _errors(html) == [error]
    assert Deadline.objects.get(case=case, key="stage:1").due_set_at is None
    assert _events(case) == 1


def test_an_hours_deadline_needs_a_time_and_the_engines_refusal_is_shown_on_the_field() -> None:
    case = OpenCaseFactory(urgent=True)  # every stage deadline: 24 hours, due Tue 2 Jun 10:00
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-set-deadline", case)
    assert 'name="due_time"' in html
    no_time = client.post(_url("web:case-set-deadline", case), _deadline_data(seen))
    assert _errors(no_time.content.decode()) == [
        "Enter the time the deadline is due, for example 14:30"
    ]
    # 08:00 today passes the form (today, before the due) but it is already past: the engine
    # refuses it, and its reason is shown on the date.
    past = client.post(_url("web:case-set-deadline", case), _deadline_data(seen, due_time="8:00am"))
    html = past.content.decode()
    assert "it cannot be past" in _errors(html)[0]
    assert 'id="id_due_error"' in html  # on the date's own error message
    good = client.post(_url("web:case-set-deadline", case), _deadline_data(seen, due_time="9:45"))
    assert good.status_code == 302
    row = Deadline.objects.get(case=case, key="stage:1")
    assert row.due_at == datetime(2026, 6, 2, 9, 45, tzinfo=LONDON)


def test_a_deadline_form_sent_twice_is_refused_the_second_time() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    _, seen = _open(client, "web:case-set-deadline", case)
    assert client.post(_url("web:case-set-deadline", case), _deadline_data(seen)).status_code == 302
    again = client.post(
        _url("web:case-set-deadline", case), _deadline_data(seen, due_year="2026", due_day="2")
    )
    assert "has changed since you opened this page" in _errors(again.content.decode())[0]
    assert CaseEvent.objects.filter(case=case, kind="deadline_set").count() == 1


def test_a_forged_deadline_from_someone_who_is_not_a_holder_is_refused() -> None:
    case = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person
    response = signed_in(manager).post(_url("web:case-set-deadline", case), _deadline_data("1"))
    assert response.status_code == 403
    assert "Only the case&#x27;s holders at this stage can set a deadline." in (
        response.content.decode()
    )
    assert Deadline.objects.get(case=case, key="stage:1").due_set_at is None


# --- Set a fact -----------------------------------------------------------------------------


def test_a_holder_answers_a_question_and_the_business_manager_may_too() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case))
    html, seen = _open(client, "web:case-set-fact", case)
    assert "Is the child subject to a child protection plan?" in html
    assert "Now: not answered" in html
    empty = client.post(_url("web:case-set-fact", case), {"seen": seen})
    assert _errors(empty.content.decode()) == [
        "Choose the question you are answering", "Choose yes or no",
    ]  # fmt: skip
    response = client.post(
        _url("web:case-set-fact", case), {"seen": seen, "fact": "cp_plan", "value": "yes"}
    )
    assert _banner_after(client, response) == (
        "Answer recorded: Is the child subject to a child protection plan? Yes"
    )
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person
    staff = signed_in(manager)
    html, seen = _open(staff, "web:case-set-fact", case)
    assert "Now: yes" in html
    staff.post(_url("web:case-set-fact", case), {"seen": seen, "fact": "cp_plan", "value": "no"})
    case.refresh_from_db()
    assert case.facts == {"cp_plan": False}


def test_a_policy_without_questions_refuses_to_set_a_fact() -> None:
    version = _shipped("stockport.toml")  # no [facts]
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    response = signed_in(case.raised_by).get(_url("web:case-set-fact", case))
    assert response.status_code == 409
    assert "declares no facts" in response.content.decode()


# --- Withdraw -------------------------------------------------------------------------------


def test_the_raiser_withdraws_the_case_after_confirming() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    html, seen = _open(client, "web:case-withdraw", case)
    assert _title(html) == f"Withdraw the case – {case.reference} – Accord"
    assert f"Are you sure you want to withdraw case {case.reference}?" in html
    assert "govuk-button--warning" in html
    empty = client.post(_url("web:case-withdraw", case), {"seen": seen, "reason": " "})
    assert _errors(empty.content.decode()) == ["Say why the case is being withdrawn"]
    response = client.post(
        _url("web:case-withdraw", case), {"seen": seen, "reason": "Resolved by phone"}
    )
    assert _banner_after(client, response) == f"Case {case.reference} withdrawn"
    case.refresh_from_db()
    assert case.status == "withdrawn"
    again = client.get(_url("web:case-escalate", case))
    assert again.status_code == 409
    assert "The case was withdrawn: nothing more can be recorded." in (again.content.decode())


def test_the_receiving_side_cannot_withdraw() -> None:
    case = OpenCaseFactory()
    response = signed_in(holder(case)).post(
        _url("web:case-withdraw", case), {"seen": "1", "reason": "Forged"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "open"


def test_an_empty_post_is_never_a_server_error() -> None:
    case = OpenCaseFactory()
    names = [
        "web:case-respond", "web:case-complete-step", "web:case-escalate",
        "web:case-set-deadline", "web:case-set-fact", "web:case-withdraw",
    ]  # fmt: skip
    for person in (case.raised_by, holder(case)):
        client = signed_in(person)
        for name in names:
            status = client.post(_url(name, case)).status_code
            assert status in {200, 403, 409}, (name, status)
    assert _events(case) == 1
