"""`accord cases load FILE.jsonl`: past cases through the actions, all or nothing, each refused
line named as FILE:LINE."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import AgencyKind, Level
from accord.cases.chain import verify
from accord.cases.models import Case, CaseEvent, CaseNotification, Deadline, Holding
from accord.notifications.models import InAppNotification, OutboxMessage
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    PartnershipFactory,
    PersonFactory,
    PolicyVersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> dict[str, Any]:
    home = PartnershipFactory(slug="loading")
    PolicyVersionFactory(partnership=home)
    school = AgencyFactory(home_partnership=home, kind=AgencyKind.EDUCATION, name="A School")
    social = AgencyFactory(home_partnership=home, kind=AgencyKind.SOCIAL_CARE, name="Social Care")
    made: dict[str, Any] = {"home": home}
    for key, agency, level in (
        ("teacher", school, Level.PRACTITIONER),
        ("worker", social, Level.PRACTITIONER),
        ("head", school, Level.FIRST_LINE_MANAGER),
        ("manager", social, Level.FIRST_LINE_MANAGER),
    ):
        made[key] = PersonFactory(agency=agency, level=level, email=f"{key}@loading.example")
    return made


def _at(hours: int) -> str:
    return (RAISED_AT + timedelta(hours=hours)).isoformat()


def _case(**changes: Any) -> dict[str, Any]:
    return {
        "partnership": "loading",
        "raised_at": _at(0),
        "raised_by": "teacher@loading.example",
        "raising_agency": "A School",
        "receiving_agency": "Social Care",
        "receiving_holder": "worker@loading.example",
        "decision_summary": "Referral closed with no further action.",
        "outcome_sought": "A child and family assessment.",
        "subject_name": "Loaded Child",
        **changes,
    }


ESCALATED = _case(
    events=[
        {"action": "respond", "at": _at(2), "by": "WORKER@loading.example", "position": "disagree"},
        {
            "action": "escalate",
            "at": _at(26),
            "by": "teacher@loading.example",
            "raising_holder": "head@loading.example",
            "receiving_holder": "manager@loading.example",
            "reason": "No agreement",
        },
        {
            "action": "resolve",
            "at": _at(50),
            "by": "head@loading.example",
            "agreed_outcome": "Assessment agreed",
        },
    ]
)


def _file(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "cases.jsonl"
    text = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def test_each_line_becomes_a_case_made_by_the_actions(tmp_path: Path, people: dict) -> None:
    task = {"action": "add_task", "at": _at(1), "by": "teacher@loading.example"}
    task |= {"title": "Send the assessment", "owner": "teacher@loading.example"}
    path = _file(tmp_path, ESCALATED, "", _case(raised_at=_at(3), events=[task]))
    out = StringIO()
    call_command("load_cases", str(path), stdout=out)
    assert "2 cases loaded with 6 events" in out.getvalue()
    escalated, tasked = Case.objects.order_by("raised_at")
    assert (escalated.stage, escalated.status) == (2, "resolved")
    kinds = list(escalated.events.order_by("sequence").values_list("kind", flat=True))
    assert kinds == ["raised", "responded", "escalated", "resolved"]
    current = Holding.objects.filter(case=escalated, ended_at__isnull=True)
    assert {h.person for h in current} == {people["head"], people["manager"]}
    assert Deadline.objects.filter(case=escalated, stage=2).exists()
    assert CaseEvent.objects.filter(case=tasked).count() == 2
    assert tasked.tasks.get().owner == people["teacher"]
    assert list(verify()) == []  # their logs chain as the pages' do


def test_refused_lines_are_named_by_file_and_line_and_nothing_is_loaded(
    tmp_path: Path, people: dict
) -> None:
    raiser_responds = _case(
        events=[{"action": "respond", "at": _at(1), "by": "teacher@loading.example"}]
    )
    raiser_responds["events"][0]["position"] = "agree"
    path = _file(
        tmp_path,
        ESCALATED,  # a good line: not loaded either
        '{"partnership": "loading",',
        raiser_responds,
        _case(raised_by="nobody@loading.example"),
        _case(events=[{"action": "teleport", "at": _at(1), "by": "teacher@loading.example"}]),
        _case(raised_at="last Tuesday"),
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"cases.jsonl: nothing loaded \(5 lines refused\)"):
        call_command("load_cases", str(path), stderr=err)
    problems = err.getvalue().splitlines()
    assert problems[0].startswith("cases.jsonl:2: not a JSON object")
    assert problems[1].startswith("cases.jsonl:3: event 1 (respond): ")
    assert problems[2] == (
        "cases.jsonl:4: raised_by: no active person has the e-mail address 'nobody@loading.example'"
    )
    assert problems[3].startswith("cases.jsonl:5: event 1: unknown action 'teleport'")
    assert problems[4].startswith("cases.jsonl:6: raised_at: 'last Tuesday' is not an ISO 8601")
    assert "Loaded Child" not in err.getvalue()  # the case's details are never repeated
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


HEADER = ["case", "action", "at", "by", "partnership", "raising_agency", "receiving_agency"]
HEADER += ["receiving_holder", "decision_summary", "outcome_sought", "urgent", "position"]
HEADER += ["raising_holder", "reason"]


def _rows(responder: str) -> list[list[object]]:
    """Two cases of a spreadsheet, one event a row, their rows interleaved."""
    raised = ["loading", "A School", "Social Care", "worker@loading.example", "Closed.", "A plan."]

    def raise_row(case: str, hours: int) -> list[object]:
        return [case, "raise", _at(hours), "teacher@loading.example", *raised, "no", "", "", ""]

    return [
        HEADER,
        raise_row("old-1", 0),
        raise_row("old-2", 1),
        ["old-1", "respond", _at(2), responder, *[""] * 7, "disagree", "", ""],
        ["old-2", "respond", _at(3), "worker@loading.example", *[""] * 7, "agree", "", ""],
        [
            *("old-1", "escalate", _at(26), "teacher@loading.example", "", "", ""),
            *("manager@loading.example", "", "", "", ""),
            *("head@loading.example", "No agreement"),
        ],
    ]


def test_a_csv_file_gives_one_event_a_row(tmp_path: Path, people: dict) -> None:
    import csv

    path = tmp_path / "past cases.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(_rows("worker@loading.example"))
    out = StringIO()
    call_command("load_cases", str(path), stdout=out)
    assert "2 cases loaded with 5 events" in out.getvalue()
    first, second = Case.objects.order_by("raised_at")
    assert (first.stage, second.stage) == (2, 1)
    assert first.holdings.get(side="receiving", ended_at__isnull=True).person == people["manager"]
    assert second.events.filter(kind="responded").exists()


def test_an_xlsx_workbook_names_the_row_of_a_refused_event(tmp_path: Path, people: dict) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in _rows("teacher@loading.example"):  # the raiser cannot respond
        book.active.append(row)
    path = tmp_path / "past cases.xlsx"
    book.save(path)
    err = StringIO()
    with pytest.raises(CommandError, match=r"nothing loaded \(1 lines refused\)"):
        call_command("load_cases", str(path), stderr=err)
    assert err.getvalue().startswith("past cases.xlsx:4: event 1 (respond): Only the receiving")
    assert not Case.objects.exists()


def test_the_history_is_recorded_but_not_sent(tmp_path: Path, people: dict) -> None:
    """What the loaded events set off is in the case's record and people's lists (read), but no
    e-mail about it leaves; what falls due afterwards is told as usual."""
    out = StringIO()
    call_command("load_cases", str(_file(tmp_path, ESCALATED)), stdout=out)
    case = Case.objects.get()
    assert CaseNotification.objects.filter(case=case).exists()
    told = InAppNotification.objects.filter(reference=case.reference)
    assert told.exists()
    assert not told.filter(read_at__isnull=True).exists()
    assert not OutboxMessage.objects.filter(reference=case.reference).exists()
    assert "e-mails about their history recorded, not sent" in out.getvalue()
    withheld = int(out.getvalue().split("; ")[1].split()[0])
    assert withheld > 0


def _stored(case: Case) -> dict[str, Any]:
    """What a case's writes stored, without ids, instants of writing or its reference."""
    return {
        "case": Case.objects.filter(pk=case.pk)
        .values("status", "stage", "urgent", "facts", "last_event_at", "closed_at")
        .get()
        | {"awaiting_side": case.awaiting_side, "next_due_on": case.next_due_on},
        "events": list(
            case.events.order_by("sequence").values_list(
                "sequence", "kind", "actor", "at", "summary"
            )
        ),
        "holdings": sorted(
            Holding.objects.filter(case=case).values_list(
                "stage", "side", "person", "started_at", "ended_at"
            )
        ),
        "deadlines": sorted(
            Deadline.objects.filter(case=case).values_list(
                "key", "status", "due_on", "due_at", "done_at", "next_alert_at"
            )
        ),
        "notifications": sorted(
            CaseNotification.objects.filter(case=case).values_list(
                "topic", "kind", "number", "created_at"
            )
        ),
        "told": sorted(
            InAppNotification.objects.filter(reference=case.reference).values_list(
                "kind", "what", "roles", "person"
            ),
            key=str,
        ),
        "head": case.chain_head.sequence,
    }


def test_a_loaded_case_is_stored_as_the_actions_store_it(tmp_path: Path, people: dict) -> None:
    """The load writes its rows together (decision 31), but they are the rows the actions write
    one event at a time: the same history taken through the actions directly stores the same."""
    from accord.cases import actions

    call_command("load_cases", str(_file(tmp_path, ESCALATED)), stdout=StringIO())
    loaded = Case.objects.get()
    made = actions.raise_case(
        partnership=people["home"],
        raised_by=people["teacher"],
        raising_agency=people["teacher"].agency,
        receiving_agency=people["worker"].agency,
        receiving_holder=people["worker"],
        decision_summary="Referral closed with no further action.",
        outcome_sought="A child and family assessment.",
        subject_name="Loaded Child",
        now=RAISED_AT,
    )
    at = RAISED_AT + timedelta(hours=2)
    actions.record_response(case=made, actor=people["worker"], position="disagree", now=at)
    actions.escalate_case(
        case=made,
        actor=people["teacher"],
        raising_holder=people["head"],
        receiving_holder=people["manager"],
        reason="No agreement",
        now=RAISED_AT + timedelta(hours=26),
    )
    actions.resolve_case(
        case=made,
        actor=people["head"],
        agreed_outcome="Assessment agreed",
        now=RAISED_AT + timedelta(hours=50),
    )
    made.refresh_from_db()
    loaded.refresh_from_db()
    assert _stored(loaded) == _stored(made)
    assert list(verify()) == []


def test_a_refused_case_after_rows_were_written_together_loads_nothing(
    tmp_path: Path, people: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load writes its rows in batches as it goes; a case refused after a batch was written
    still leaves nothing loaded."""
    from accord.cases import loading

    monkeypatch.setattr(loading, "FLUSH_EVENTS", 1)  # write after every case
    respond_as_raiser = {"action": "respond", "at": _at(2), "by": "teacher@loading.example"}
    path = _file(
        tmp_path, ESCALATED, ESCALATED, _case(events=[respond_as_raiser | {"position": "agree"}])
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"nothing loaded \(1 lines refused\)"):
        call_command("load_cases", str(path), stderr=err)
    assert err.getvalue().startswith("cases.jsonl:3: event 1 (respond): Only the receiving")
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
