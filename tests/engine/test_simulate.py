"""`accord policy simulate`: the JSON of section 3, EVENTS.json problems, and the command itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accord.engine.events import Escalated, Raised, StepDone
from accord.engine.events_json import parse_events, read_events
from accord.engine.lifecycle import EventRejected
from accord.engine.problems import InvalidFile
from accord.engine.simulate import simulate

from .builders import EXAMPLE_EVENTS, EXAMPLE_FILE, at, day, example

ROOT = Path(__file__).resolve().parents[2]

# Section 3's output, with the step labels the page abbreviates as "..." written out.
EXPECTED: dict[str, Any] = {
    "policy": {"id": "example-borough", "version": "2026-04"},
    "as_of": "2027-01-06",
    "state": {"status": "resolved", "stage": 2},
    "deadlines": [
        {"id": "stage:1", "label": "Stage 1: Practitioners", "from": "2026-12-21",
         "due": "2026-12-23", "done": "2026-12-23", "status": "met"},
        {"id": "stage:1/step:response",
         "label": "Receiving agency reviews its decision and responds", "from": "2026-12-21",
         "due": "2026-12-22", "done": "2026-12-22", "status": "met"},
        {"id": "stage:1/step:confirmation",
         "label": "Outcome confirmed in writing to both parties", "from": "2026-12-22",
         "due": "2026-12-23", "done": None, "status": "dropped"},
        {"id": "budget:overall", "label": "Whole process", "from": "2026-12-21",
         "due": "2027-01-15", "done": "2027-01-05", "status": "met"},
        {"id": "stage:2", "label": "Stage 2: First line managers", "from": "2026-12-23",
         "due": "2027-01-05", "done": "2027-01-05", "status": "met"},
    ],
    "notifications": [
        {"at": "2026-12-23", "trigger": "stage:2/entered", "to": ["business_manager"],
         "form": "notification"}
    ],
}  # fmt: skip

# Accord's own alerts for the same case (docs/policy-format.md), worked out by hand: the response
# step (due 22 Dec) is due soon when its clock starts on the 21st; stage 1 (due 23 Dec) and the
# confirmation step (from 22 Dec, due 23 Dec) on the 22nd; stage 2 (due 5 Jan) on 4 Jan; the
# raiser hears the outcome on 5 Jan (stage 2 has no rule telling them). Nothing passes its due.
# Each action tells at once: the raising (the holders), the escalation of 23 Dec (the stage 1
# holders that it moved on, the stage 2 holders and the raiser), the resolution (the holders).
HOLDERS = ["raising_holder", "receiving_holder"]
EXPECTED_ALERTS = [
    {"at": "2026-12-21", "trigger": "stage:1/raised", "to": HOLDERS, "form": None},
    {"at": "2026-12-21", "trigger": "stage:1/step:response/due_soon", "to": ["receiving_holder"],
     "form": None},
    {"at": "2026-12-22", "trigger": "stage:1/due_soon", "to": ["receiving_holder"], "form": None},
    {"at": "2026-12-22", "trigger": "stage:1/step:confirmation/due_soon",
     "to": ["receiving_holder"], "form": None},
    {"at": "2026-12-23", "trigger": "stage:1/moved_on", "to": HOLDERS, "form": None},
    {"at": "2026-12-23", "trigger": "stage:2/escalated", "to": [*HOLDERS, "raiser"],
     "form": None},
    {"at": "2027-01-04", "trigger": "stage:2/due_soon", "to": ["receiving_holder"], "form": None},
    {"at": "2027-01-05", "trigger": "stage:2/resolution", "to": HOLDERS, "form": None},
    {"at": "2027-01-05", "trigger": "outcome", "to": ["raiser"], "form": None},
]  # fmt: skip


def contract_part(result: dict[str, Any]) -> dict[str, Any]:
    """The output less Accord's `alerts`, which must come last and be the only addition."""
    assert list(result) == [*EXPECTED, "alerts"]
    return {key: value for key, value in result.items() if key != "alerts"}


def example_events() -> list[Any]:
    return read_events(str(EXAMPLE_EVENTS), example()).events


def test_the_section_3_example_exactly() -> None:
    result = simulate(example(), example_events())
    assert contract_part(result) == EXPECTED
    assert result["alerts"] == EXPECTED_ALERTS


def test_notifications_are_only_notify_firings_for_a_policy_of_sections_1_to_3() -> None:
    # Stage 4 of the example is unit `none` with reminders every 2 working days.
    events = [Raised(at=at("2027-01-04")), *[Escalated(at=at("2027-01-04"))] * 3]
    result = simulate(example(), events, as_of=day("2027-01-08"))
    assert [n["trigger"] for n in result["notifications"]] == [
        "stage:2/entered",
        "stage:3/entered",
    ]  # stage 4 has no `notify` rule
    # 2 wd after Mon 4 Jan: Wed 6; then Fri 8
    nudges = [a for a in result["alerts"] if a["trigger"].endswith("/nudge")]
    assert nudges == [
        {"at": day, "trigger": "stage:4/nudge", "to": ["raising_holder", "receiving_holder"],
         "form": None}
        for day in ("2027-01-06", "2027-01-08")
    ]  # fmt: skip


def test_the_events_file_is_the_pages() -> None:
    events = example_events()
    assert events[0] == Raised(at=at("2026-12-21"), stage=1, urgent=False, facts={"cp_plan": True})
    assert events[1] == StepDone(at=at("2026-12-22"), step="response")
    assert events[2] == Escalated(at=at("2026-12-23"), to_stage=2, reason="no agreement")
    assert read_events(str(EXAMPLE_EVENTS), example()).lines == [2, 3, 4, 5, 6]


def test_as_of_reads_the_case_at_the_end_of_that_day() -> None:
    result = simulate(example(), example_events()[:1], as_of=day("2026-12-24"))
    assert result["as_of"] == "2026-12-24"
    assert result["state"] == {"status": "open", "stage": 1}
    statuses = {d["id"]: d["status"] for d in result["deadlines"]}
    assert statuses == {
        "stage:1": "overdue",
        "stage:1/step:response": "overdue",
        "budget:overall": "open",
    }
    assert result["notifications"] == []
    # The response step passed on the 23rd; its non-response falls on the next working day
    # after its grace day (the 23rd), Tue 29 Dec at 09:00, not on the closure of the 24th.
    assert [(a["trigger"], a["to"]) for a in result["alerts"]][-1] == (
        "stage:1/step:response/passed",
        ["receiving_holder"],
    )
    later = simulate(example(), example_events()[:1], as_of=day("2026-12-29"))
    assert [(a["at"], a["trigger"], a["to"]) for a in later["alerts"]][-1] == (
        "2026-12-29",
        "stage:1/step:response/non_response",
        ["first_line_manager", "raiser"],  # stage 2's holders, and the raiser
    )


def test_hours_are_date_times_and_none_is_null() -> None:
    events = parse_events(
        json.dumps(
            [
                {"at": "2026-12-21T14:30:00+00:00", "type": "raised", "urgent": True},
                {"at": "2026-12-21T16:00:00+00:00", "type": "escalated", "to_stage": 3},
            ]
        ),
        "e.json",
        example(),
    ).events
    result = simulate(example(), events)
    stage_1 = next(d for d in result["deadlines"] if d["id"] == "stage:1")
    assert stage_1 == {
        "id": "stage:1",
        "label": "Stage 1: Practitioners",
        "from": "2026-12-21T14:30:00+00:00",
        "due": "2026-12-22T14:30:00+00:00",
        "done": "2026-12-21T16:00:00+00:00",
        "status": "met",
    }
    assert result["alerts"][0] == {
        "at": "2026-12-21T14:30:00+00:00",
        "trigger": "raised/urgent",
        "to": [*HOLDERS, "safeguarding_lead", "receiving_senior_manager"],
        "form": None,
    }
    plain = simulate(
        example(), [Raised(at=at("2026-12-21")), *[Escalated(at=at("2026-12-22"))] * 3]
    )
    assert next(d for d in plain["deadlines"] if d["id"] == "stage:4")["due"] is None


def test_an_as_of_before_the_case_is_refused() -> None:
    with pytest.raises(EventRejected, match="give an as-of date on or after"):
        simulate(example(), example_events(), as_of=day("2026-12-20"))


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidFile) as invalid:
        parse_events(text, "EVENTS.json", example())
    return [str(p) for p in invalid.value.problems]


RAISED = '{"at": "2026-12-21", "type": "raised"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[\n{",
            "EVENTS.json:2: not valid JSON: Expecting property name enclosed in "
            "double quotes (column 2)",
        ),
        (
            '{"at": "2026-12-21"}',
            "EVENTS.json:1: the events file must be a JSON list of events",
        ),
        (
            "[]",
            "EVENTS.json:1: the list is empty; a case starts with a `raised` event",
        ),
        (
            '[\n  "raised"\n]',
            "EVENTS.json:2: event 1: an event must be a JSON object",
        ),
        (
            '[{"at": "2026-12-21", "type": "opened"}]',
            "EVENTS.json:1: event 1: `type` must be one of raised, step_done, "
            "responded, escalated, resolved, signed_off, referred, closed, "
            "withdrawn, fact_set, deadline_set, taken_over, advised, not 'opened'",
        ),
        (
            '[{"type": "raised"}]',
            "EVENTS.json:1: event 1 (raised): missing field 'at'",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "colour": "red"}]',
            "EVENTS.json:1: event 1 (raised): unknown field 'colour'; raised takes "
            "`at`, `stage`, `urgent`, `reason`, `facts`, `concern_on`, `subject`, "
            "`raising_agency`, `receiving_agency`",
        ),
        (
            '[{"at": "2026-12-21", "type": "closed", "reason": "x"}]',
            "EVENTS.json:1: event 1 (closed): unknown field 'reason'; closed takes only `at`",
        ),
        (
            f'[{RAISED},\n {{"at": "2026-12-22", "type": "step_done"}}]',
            "EVENTS.json:2: event 2 (step_done): missing field 'step'",
        ),
        (
            '[{"at": "2026-02-30", "type": "raised"}]',
            "EVENTS.json:1: event 1 (raised): `at` must be a date (YYYY-MM-DD) or "
            "an ISO 8601 date-time, not '2026-02-30'",
        ),
        (
            '[{"at": "21/12/2026", "type": "raised"}]',
            "EVENTS.json:1: event 1 (raised): `at` must be a date (YYYY-MM-DD) or "
            "an ISO 8601 date-time, not '21/12/2026'",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "stage": "two"}]',
            "EVENTS.json:1: event 1 (raised): `stage` must be a stage number (1 or "
            'more), not "two"',
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "stage": true}]',
            "EVENTS.json:1: event 1 (raised): `stage` must be a stage number (1 or more), not true",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "urgent": "yes"}]',
            'EVENTS.json:1: event 1 (raised): `urgent` must be true or false, not "yes"',
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "concern_on": "2026-13-01"}]',
            "EVENTS.json:1: event 1 (raised): `concern_on` must be a date "
            "(YYYY-MM-DD), not '2026-13-01'",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "raising_agency": "church"}]',
            "EVENTS.json:1: event 1 (raised): `raising_agency` must be one of "
            "social_care, police, health, education, housing, probation, "
            'voluntary, other, not "church"',
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "facts": {"risk": true}}]',
            'EVENTS.json:1: event 1 (raised): fact "risk" is not declared in the '
            "policy's [facts] (declared: cp_plan)",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "facts": {"cp_plan": 1}}]',
            "EVENTS.json:1: event 1 (raised): `facts.cp_plan` must be true or false, not 1",
        ),
        (
            '[{"at": "2026-12-21", "type": "raised", "subject": "adult"}]',
            'EVENTS.json:1: event 1 (raised): `subject` must be one of child, not "adult"',
        ),
        (
            f'[{RAISED},\n {{"at": "2026-12-22", "type": "signed_off", "party": "both"}}]',
            "EVENTS.json:2: event 2 (signed_off): `party` must be one of raising, "
            'receiving, not "both"',
        ),
        (
            f'[{RAISED},\n {{"at": "2026-12-22", "type": "fact_set", '
            '"fact": "cp_plan", "value": null}]',
            "EVENTS.json:2: event 2 (fact_set): `value` must be true or false, not null",
        ),
        (
            f'[{RAISED},\n {{"at": "2026-12-22", "type": "deadline_set", '
            '"deadline": "stage:1", "due": "soon", "reason": "r"}]',
            "EVENTS.json:2: event 2 (deadline_set): `due` must be a date "
            "(YYYY-MM-DD) or an ISO 8601 date-time, not 'soon'",
        ),
        (
            f'[{RAISED},\n\n {{"at": "2026-12-20", "type": "resolved"}}]',
            "EVENTS.json:3: event 2: 2026-12-20T09:00:00+00:00 is earlier than "
            "event 1 (2026-12-21T09:00:00+00:00); list events in time order",
        ),
    ],
)
def test_events_file_problems(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_every_problem_is_reported_at_its_events_line() -> None:
    text = (
        '[\n  {"at": "2026-12-21", "type": "raised", "urgent": 1},\n'
        '  {"type": "resolved"},\n  {"at": "x", "type": "closed"}\n]'
    )
    assert [p.split(": ")[0] for p in problems(text)] == [
        "EVENTS.json:2",
        "EVENTS.json:3",
        "EVENTS.json:4",
    ]


def test_instants_with_and_without_an_offset() -> None:
    events = parse_events(
        '[{"at": "2026-07-01T10:00:00", "type": "raised"},'
        ' {"at": "2026-07-01T09:30:00Z", "type": "resolved"}]',
        "e.json",
        example(),
    ).events
    assert events[0].at == at("2026-07-01", "10:00")  # London summer time
    assert events[1].at == at("2026-07-01", "10:30")


def test_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile) as invalid:
        read_events(str(tmp_path / "missing.json"), example())
    assert str(invalid.value).startswith(
        f"{tmp_path / 'missing.json'}:0: cannot read the events file"
    )


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "accord", "policy", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_the_command_prints_the_section_3_output() -> None:
    done = accord("simulate", str(EXAMPLE_FILE), "--events", str(EXAMPLE_EVENTS))
    assert (done.returncode, done.stderr) == (0, "")
    printed = json.loads(done.stdout)
    assert contract_part(printed) == EXPECTED
    assert printed["alerts"] == EXPECTED_ALERTS


def test_the_command_takes_an_as_of_date() -> None:
    done = accord(
        "simulate", str(EXAMPLE_FILE), "--events", str(EXAMPLE_EVENTS), "--as-of", "2026-12-22"
    )
    assert json.loads(done.stdout)["state"] == {"status": "open", "stage": 1}


def test_the_command_lists_each_action_with_why_not_when_asked() -> None:
    """`--actions` asks `refusals.why_not`, as the pages and the actions do: on 22 December the
    receiving side may still respond and either side may escalate; nobody may record a panel's
    decision or close an open case. Without the flag the output is the contract's."""
    done = accord(
        "simulate",
        str(EXAMPLE_FILE),
        "--events",
        str(EXAMPLE_EVENTS),
        "--as-of",
        "2026-12-22",
        "--actions",
    )
    assert (done.returncode, done.stderr) == (0, "")
    actions = json.loads(done.stdout)["actions"]
    assert actions["respond"] is None
    assert actions["escalate"] is None
    assert actions["add_task"] is None
    assert isinstance(actions["record_decision"], str)
    assert isinstance(actions["close"], str)
    assert actions["sign_off_raising"] is not None  # nothing to sign off before an outcome
    plain = accord("simulate", str(EXAMPLE_FILE), "--events", str(EXAMPLE_EVENTS))
    assert "actions" not in json.loads(plain.stdout)


def test_a_rejected_event_exits_1_naming_its_line(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text(
        "[\n"
        '  {"at": "2026-12-21", "type": "raised"},\n'
        '  {"at": "2026-12-22", "type": "escalated"},\n'
        '  {"at": "2026-12-23", "type": "escalated"},\n'
        '  {"at": "2026-12-29", "type": "escalated"},\n'
        "  {\n"
        '    "at": "2026-12-30", "type": "escalated", "reason": "still no agreement"\n'
        "  }\n"
        "]\n"
    )
    done = accord("simulate", str(EXAMPLE_FILE), "--events", str(events))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"{events}:6: event 5 (escalated): stage 4 is the top stage of example-borough 2026-04; "
        "refer the case to the partnership's final process instead\n"
    )


def test_a_broken_events_file_exits_1(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text('[{"at": "2026-12-21", "type": "raised", "stage": 0}]')
    done = accord("simulate", str(EXAMPLE_FILE), "--events", str(events))
    assert done.returncode == 1
    assert done.stderr == (
        f"{events}:1: event 1 (raised): `stage` must be a stage number (1 or more), not 0\n"
    )
