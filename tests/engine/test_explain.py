"""`accord policy explain`: the procedure in plain English, its words, the command, and the guide.

Explained text is compared with its whitespace folded (`flat`), so a sentence is found however
the page wraps it. The guide (`docs/howto/write-a-policy.md`) is tested here too: every complete
policy in it loads, every fragment is TOML, and every `explain` excerpt it quotes is what
`accord policy explain` prints for one of its complete policies.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from accord.engine import page, wording
from accord.engine.events_json import parse_events
from accord.engine.explain import explain, explain_page
from accord.engine.policy.loader import load_policy_file, load_policy_text
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    STAGE_START,
    Alternative,
    Duration,
    Policy,
    Unit,
)
from accord.engine.problems import InvalidFile
from accord.engine.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "accord" / "policies"
EXAMPLE = Path(__file__).parent / "fixtures" / "example-borough.toml"
BROKEN = Path(__file__).parent / "policy" / "broken" / "chair-last-entry-has-if.toml"
GUIDE = ROOT / "docs" / "howto" / "write-a-policy.md"
FACTS = {"cp_plan": "Is the child subject to a child protection plan?"}


def flat(text: str) -> str:
    return " ".join(text.split())


def explained(path: Path) -> str:
    return explain(load_policy_file(str(path)))


# -- the shipped policies and the section 1 example --------------------------------------------

FILES = [*sorted(POLICIES.glob("*.toml")), EXAMPLE]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_policy_is_explained_in_headed_wrapped_plain_text(path: Path) -> None:
    policy = load_policy_file(str(path))
    text = explain(policy)
    lines = text.splitlines()
    assert any(line.startswith("=" * 10) for line in lines[1:3])  # the title, underlined
    for heading in ("Who this procedure covers", "Disagreements that go elsewhere", "Calendar"):
        assert f"\n{heading}\n" in text
    for stage in policy.stages:
        assert f"\nStage {stage.number}: {stage.name}\n" in text
    assert "\x1b" not in text  # no colour
    for line in lines:
        assert len(line) <= page.WIDTH or " " not in line.strip(), line
    assert flat(policy.partnership) in flat(text)


def test_blackburn_with_darwen() -> None:
    text = flat(explained(POLICIES / "blackburn-with-darwen.toml"))
    for words in (
        "Timescale: within 5 working days of the stage starting.",
        "Stages 1 to 3 together: within 15 working days of entering stage 1",
        '(form "Appendix A - Stage 3 Monitoring Information")',
        "When a case is raised as urgent, tell at once: the holder on the raising side, the holder"
        " on the receiving side, Head of Safeguarding and the receiving side's senior manager",
        "An urgent case may start at, or jump to, stages 1 to 3.",
        "A case may move up more than one stage at a time",
        "the case moves up to stage 2, or higher when a level can be skipped.",
        "When the case is escalated from this stage, before the next stage starts: the holder"
        " on the receiving side.",
        "If yes: Follow the procedure at section 3.8",
        "If a party has not responded 1 working day after a step or stage deadline",
        "Date of Referral: a date, filled in by hand.",
        "Name of Referrer: short text, pre-filled with the name of the person who raised the case.",
        "Version: published.1 (the file does not say when it takes effect)",
    ):
        assert words in text, words


def test_northumberland() -> None:
    text = flat(explained(POLICIES / "northumberland.toml"))
    for words in (
        "Chair: Safeguarding Standards Manager if the child is subject to a Child Protection"
        " Plan (fact: cp_plan), otherwise Team Manager not directly involved in the case",
        "It covers disagreements within an agency and between agencies.",
        "without delay once the meeting step is done: holders are reminded every 2 working days",
        "without delay: holders are reminded every working day, 3 times (Accord's default);"
        " then their line managers are told instead.",
        "Who they take advice from: Designated Professional or Named Professional",
        "Stages 1 and 2 together: within 20 working days of entering stage 1",
        "Meeting: the holders meet with the chair.",
        "the holders of stage 4 make the final decision",
        "An urgent case starts at stage 1 and moves up like any other.",
    ):
        assert words in text, words


def test_the_section_1_example() -> None:
    text = flat(explained(EXAMPLE))
    for words in (
        "Version: 2026-04, in effect from 1 April 2026",
        "Every stage of an urgent case is due within 24 hours of the stage starting",
        "If yes: Use the conference dissent procedure (section 3.8), not this one.",
        "If yes: Use your agency's whistleblowing procedure.",
        "within 1 working day of the response step being done",
        "within 10 calendar days of the stage starting",
        "Timescale: without delay: holders are reminded every 2 working days, 3 times (Accord's"
        " default); then their line managers are told instead.",
        "The panel has representatives of 3 agencies, including the agencies in the disagreement.",
        "Who convenes it: Partnership independent chair.",
        "What is recorded: the agreed outcome, any outstanding issues, the tasks agreed and the"
        " learning.",
        "Both parties sign off the outcome in writing.",
        "A debrief is offered",
        '"Notification that a stage was reached" (form notification): provided by Accord.',
        "Date of referral: a date, pre-filled with the date the case was raised.",
        "except bank holidays in England.",
        "The partnership is also closed on: 24 December 2026.",
        "- Case closure",
    ):
        assert words in text, words


def test_stockport_and_bath_and_the_generic_chapter() -> None:
    stockport = flat(explained(POLICIES / "stockport.toml"))
    assert "If stage 4 ends without agreement, the case goes to the chair, who decides." in (
        stockport
    )
    assert "Who they take advice from: Safeguarding Lead in your organisation." in stockport
    assert "Who is told: the procedure names nobody else to tell at this stage." in stockport
    bath = flat(explained(POLICIES / "bath-north-east-somerset.toml"))
    assert "An urgent case may start at, or jump to, stages 1 to 4." in bath
    assert "Who convenes it: Chair of the LSCB." in bath
    generic = flat(explained(POLICIES / "generic-lscb.toml"))
    assert "If stage 4 ends without agreement, the case goes to mediation." in generic
    assert 'if the answer to "Has this disagreement shown a general issue' in generic
    # 14.11: asked when the outcome is recorded, not when the case is raised.
    assert "The procedure asks no questions when a case is raised." in generic
    assert "Questions asked when the outcome is recorded" in generic
    assert "A concern identified more than a year before the case is raised is refused" in generic


def test_a_longer_concern_look_back_is_stated() -> None:
    text = SECTION_4.replace(
        '[raising]\ndue = { within = 2, unit = "working_days" }',
        '[raising]\ndue = { within = 2, unit = "working_days" }\nconcern_look_back_years = 3',
    )
    assert "concern_look_back_years = 3" in text
    words = flat(explain(load_policy_text(text, "isle.toml")))
    assert "A concern identified more than 3 years before the case is raised is refused" in words


# -- section 4 in words --------------------------------------------------------------------------

SECTION_4 = """\
format = 1
[policy]
id = "isle-example"
version = "2027-01"
title = "Isle example"
partnership = "Isle Safeguarding Partnership"
jurisdiction = "IMN"
population = "children_and_adults"
scope = "within_and_between_agencies"
subjects = ["child", "family", "theme"]
[calendar]
extra_closures = ["2027-12-24", { from = "2027-12-29", to = "2027-12-31" }]
[roles]
practitioner = "Practitioner"
manager = "First line manager"
sergeant = "Detective Sergeant"
named = "Named professional"
lead = "Designated safeguarding lead"
[facts]
urgent_plan = "Is the child subject to a child protection plan?"
[raising]
due = { within = 2, unit = "working_days" }
[escalation]
may_skip = true
[[stages]]
number = 1
name = "Practitioners"
raising = "practitioner"
receiving = [{ agency = "police", role = "sergeant" }, { role = "practitioner" }]
advisers = ["lead"]
due = [{ if = "urgent_plan", within = 0, unit = "working_days" },
       { within = 5, unit = "working_days" }]
notify = [{ on = "escalating", to = ["raiser", "receiving_managers"], if = "urgent_plan" }]
[[stages]]
number = 2
name = "Managers"
raising = "manager"
receiving = [{ agency = "health", role = "named" }, { role = "manager" }]
due = { unit = "agreed", nudge_every = { within = 3, unit = "calendar_days" } }
[[stages]]
number = 3
name = "Leads"
raising = "lead"
receiving = "lead"
due = { within = 2, unit = "hours", from = "concern_identified" }
[[exceptions]]
id = "themes"
question = "Is the disagreement about a service rather than a person?"
route = "Raise it as a theme."
policy = "isle-themes"
[[forms]]
id = "f"
title = "Form F"
fields = [{ id = "rag", label = "Rating", type = "choice", choices = ["Red", "Amber", "Green"] },
          { id = "who", label = "Name", type = "text", from = "case.child.name" }]
"""


def test_section_4_rules_in_words() -> None:
    text = flat(explain(load_policy_text(SECTION_4, "isle.toml")))
    for words in (
        "professionals working with children and adults.",
        "A disagreement may be about a child, a family or a theme (a pattern of practice",
        "Raise the case within 2 working days of the concern being identified.",
        "Who holds it on the raising side: Practitioner",
        "Who holds it on the receiving side: Detective Sergeant if the agency is the police;"
        " otherwise Practitioner",
        "Named professional if the agency is a health agency; otherwise First line manager",
        "Who they take advice from: Designated safeguarding lead. They are told when a case"
        " enters this stage, and may record their advice on it (both holders are told).",
        "Timescale: the same working day as the stage starting (the next working day when that"
        " is not one) if the child is subject to a child protection plan (fact: urgent_plan),"
        " otherwise within 5 working days of the stage starting.",
        "When the case is escalated from this stage, before the next stage starts, if the child"
        " is subject to a child protection plan (fact: urgent_plan): the person who raised the"
        " case and the managers of the holder on the receiving side.",
        "the case moves up to stage 2, or higher when a level can be skipped.",
        "Timescale: on a date the parties agree; until they set one, holders are reminded every"
        " 3 calendar days, 3 times (Accord's default); then their line managers are told"
        " instead.",
        "within 2 hours of the concern being identified",
        "If yes: Raise it as a theme. Accord raises the case under the partnership's policy"
        ' "isle-themes".',
        "Rating: one choice (Red, Amber or Green), filled in by hand.",
        "Fields about the child stay empty when a case is about a theme.",
        "except bank holidays in the Isle of Man.",
        "also closed on: 24 December 2027 and 29 December 2027 to 31 December 2027.",
        "When a child or adult is at immediate risk",
    ):
        assert words in text, words


# -- the words of a duration -------------------------------------------------------------------

STEP = "step:response"
NUDGE = Duration(Unit.WORKING_DAYS, 1)

# (unit, within, anchor, nudge_every) -> words: every unit with every anchor it can take.
DURATIONS = [
    (Unit.WORKING_DAYS, 5, STAGE_START, None, "within 5 working days of the stage starting"),
    (Unit.WORKING_DAYS, 1, CASE_RAISED, None, "within 1 working day of the case being raised"),
    (Unit.WORKING_DAYS, 2, CONCERN_IDENTIFIED, None,
     "within 2 working days of the concern being identified"),
    (Unit.WORKING_DAYS, 1, STEP, None, "within 1 working day of the response step being done"),
    (Unit.WORKING_DAYS, 0, STAGE_START, None,
     "the same working day as the stage starting"
     " (the next working day when that is not one)"),
    (Unit.WORKING_DAYS, 0, CASE_RAISED, None,
     "the same working day as the case being raised"
     " (the next working day when that is not one)"),
    (Unit.WORKING_DAYS, 0, CONCERN_IDENTIFIED, None,
     "the same working day as the concern being identified"
     " (the next working day when that is not one)"),
    (Unit.WORKING_DAYS, 0, STEP, None,
     "the same working day as the response step being done"
     " (the next working day when that is not one)"),
    (Unit.CALENDAR_DAYS, 10, STAGE_START, None, "within 10 calendar days of the stage starting"),
    (Unit.CALENDAR_DAYS, 1, CASE_RAISED, None, "within 1 calendar day of the case being raised"),
    (Unit.CALENDAR_DAYS, 7, CONCERN_IDENTIFIED, None,
     "within 7 calendar days of the concern being identified"),
    (Unit.CALENDAR_DAYS, 3, STEP, None, "within 3 calendar days of the response step being done"),
    (Unit.HOURS, 24, STAGE_START, None, "within 24 hours of the stage starting"),
    (Unit.HOURS, 1, CASE_RAISED, None, "within 1 hour of the case being raised"),
    (Unit.HOURS, 48, CONCERN_IDENTIFIED, None, "within 48 hours of the concern being identified"),
    (Unit.HOURS, 4, STEP, None, "within 4 hours of the response step being done"),
    (Unit.NONE, None, STAGE_START, None,
     "without delay: holders are reminded every 2 working days (Accord's default)"),
    (Unit.NONE, None, STAGE_START, Duration(Unit.WORKING_DAYS, 2),
     "without delay: holders are reminded every 2 working days"),
    (Unit.NONE, None, STAGE_START, NUDGE, "without delay: holders are reminded every working day"),
    (Unit.NONE, None, CASE_RAISED, Duration(Unit.HOURS, 12),
     "without delay once the case is raised: holders are reminded every 12 hours"),
    (Unit.NONE, None, CONCERN_IDENTIFIED, Duration(Unit.CALENDAR_DAYS, 1),
     "without delay once the concern is identified: holders are reminded every calendar day"),
    (Unit.NONE, None, STEP, None,
     "without delay once the response step is done: holders are reminded every 2 working days"
     " (Accord's default)"),
    (Unit.AGREED, None, STAGE_START, None,
     "on a date the parties agree; until they set one, holders are reminded every 2 working"
     " days (Accord's default)"),
    (Unit.AGREED, None, STAGE_START, Duration(Unit.CALENDAR_DAYS, 3),
     "on a date the parties agree; until they set one, holders are reminded every 3 calendar"
     " days"),
]  # fmt: skip


# Every undated duration above uses Accord's default number of reminders.
DEFAULT_LIMIT = ", 3 times (Accord's default); then their line managers are told instead"


@pytest.mark.parametrize(("unit", "within", "anchor", "nudge", "words"), DURATIONS)
def test_duration_words(
    unit: Unit, within: int | None, anchor: str, nudge: Duration | None, words: str
) -> None:
    value = Duration(unit, within, anchor, nudge)
    if unit in (Unit.NONE, Unit.AGREED):
        words += DEFAULT_LIMIT
    assert wording.duration(value) == words
    # The same duration alone, and as each place of a conditional list.
    assert wording.due((Alternative(value),), FACTS) == words
    other = Duration(Unit.WORKING_DAYS, 5)
    first = (Alternative(value, "cp_plan"), Alternative(other))
    assert wording.due(first, FACTS) == (
        f"{words} if the child is subject to a child protection plan (fact: cp_plan),"
        " otherwise within 5 working days of the stage starting"
    )
    last = (Alternative(other, "cp_plan"), Alternative(value))
    assert wording.due(last, FACTS).endswith(f"(fact: cp_plan), otherwise {words}")


@pytest.mark.parametrize(("limit", "times"), [(1, "once"), (2, "twice"), (5, "5 times")])
def test_a_reminder_limit_is_said_with_the_reminders(limit: int, times: str) -> None:
    value = Duration(Unit.NONE, nudge_every=NUDGE, nudge_limit=limit)
    assert wording.duration(value) == (
        f"without delay: holders are reminded every working day, {times}; then their line"
        " managers are told instead"
    )


def test_three_alternatives_are_separated_by_semicolons() -> None:
    facts = {**FACTS, "high": "Is the case high priority?"}
    alternatives = (
        Alternative(Duration(Unit.HOURS, 4), "high"),
        Alternative(Duration(Unit.WORKING_DAYS, 1), "cp_plan"),
        Alternative(Duration(Unit.WORKING_DAYS, 5)),
    )
    assert wording.due(alternatives, facts) == (
        "within 4 hours of the stage starting if the case is high priority (fact: high);"
        " within 1 working day of the stage starting if the child is subject to a child"
        " protection plan (fact: cp_plan); otherwise within 5 working days of the stage starting"
    )


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Is the child subject to a plan?", "the child is subject to a plan (fact: f)"),
        ("Has this disagreement shown a gap?", "this disagreement has shown a gap (fact: f)"),
        ("Are the family known to services?", "the family are known to services (fact: f)"),
        ("Does the child attend school?", 'the answer to "Does the child attend school?" is yes'
         " (fact: f)"),
        ("High priority", 'the answer to "High priority" is yes (fact: f)'),
    ],
)  # fmt: skip
def test_condition_words(question: str, words: str) -> None:
    assert wording.condition("f", {"f": question}) == words


@pytest.mark.parametrize(
    ("numbers", "word", "words"),
    [
        ([2], "and", "stage 2"),
        ([1, 2], "and", "stages 1 and 2"),
        ([1, 2, 3], "and", "stages 1 to 3"),
        ([1, 3, 4], "or", "stages 1, 3 or 4"),
    ],
)
def test_stage_lists(numbers: list[int], word: str, words: str) -> None:
    assert wording.stages(numbers, word) == words


# -- the command ----------------------------------------------------------------------------------


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "accord", "policy", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_the_command_prints_the_explanation() -> None:
    file = "accord/policies/blackburn-with-darwen.toml"
    done = accord("explain", file)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == explained(ROOT / file)
    assert "within 5 working days" in done.stdout


def test_the_command_reports_an_invalid_file_as_check_does() -> None:
    file = str(BROKEN.relative_to(ROOT))
    done = accord("explain", file)
    checked = accord("check", file)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == checked.stdout
    assert re.fullmatch(rf"{re.escape(file)}:\d+: .+\n", done.stderr)


def test_the_command_reports_a_missing_file() -> None:
    done = accord("explain", "no/such/policy.toml")
    assert done.returncode == 1
    assert done.stderr.startswith("no/such/policy.toml:0: cannot read the file")


# -- the guide ------------------------------------------------------------------------------------

BLOCK = re.compile(r"^```(\w+)(?: (\w+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def guide_blocks(language: str, kind: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [body for lang, mark, body in BLOCK.findall(text) if (lang, mark) == (language, kind)]


def guide_policies() -> list[Policy]:
    return [
        load_policy_text(body, f"{GUIDE.name} policy {n}")
        for n, body in enumerate(guide_blocks("toml", "policy"), start=1)
    ]


def test_every_complete_policy_in_the_guide_loads() -> None:
    policies = guide_policies()  # raises InvalidFile, naming the block, for any problem
    assert len(policies) >= 2


def test_every_fragment_in_the_guide_is_toml() -> None:
    fragments = guide_blocks("toml", "fragment")
    assert len(fragments) >= 20
    for fragment in fragments:
        tomllib.loads(fragment)


def test_every_toml_block_in_the_guide_is_marked() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    marks = re.findall(r"^```toml(.*)$", text, re.MULTILINE)
    assert marks
    assert all(mark in (" policy", " fragment") for mark in marks), marks


def test_every_explain_excerpt_in_the_guide_is_what_explain_prints() -> None:
    outputs = [flat(explain(policy)) for policy in guide_policies()]
    excerpts = guide_blocks("text", "explain")
    assert len(excerpts) >= 20
    for excerpt in excerpts:
        assert any(flat(excerpt) in output for output in outputs), excerpt


def test_the_guide_events_replay_through_its_first_policy() -> None:
    policy = guide_policies()[0]
    (events_text,) = guide_blocks("json", "events")
    events = parse_events(events_text, "EVENTS.json", policy)
    result = simulate(policy, events.events)
    (output_text,) = guide_blocks("json", "output")
    assert result == json.loads(output_text)


def test_the_guide_check_example_is_what_check_prints() -> None:
    """The guide's misspelt Riverside: stage 2's `receiving` and stage 3's unit."""
    text = guide_blocks("toml", "policy")[0]
    for old, new in [
        ('receiving = "first_line_manager"', 'recieving = "first_line_manager"'),
        ('unit = "calendar_days" }', 'unit = "calender_days" }'),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    with pytest.raises(InvalidFile) as invalid:
        load_policy_text(text, "policies/riverside.toml")
    (printed,) = guide_blocks("text", "check")
    assert [str(problem) for problem in invalid.value.problems] == printed.splitlines()


@pytest.mark.parametrize("path", [EXAMPLE, *sorted((ROOT / "accord" / "policies").glob("*.toml"))])
def test_the_pages_blocks_say_what_the_text_says(path: Path) -> None:
    """The upload page lays out `explain_page`'s blocks: the same words, in the same order, as
    the text `accord policy explain` prints."""
    explained = explain_page(load_policy_file(str(path)))
    written = " ".join(explained.text().split())
    position = 0
    for block in explained.blocks:
        words = " ".join(
            f"{block.label}: {block.text}".split() if block.label else block.text.split()
        )
        found = written.find(words, position)
        assert found >= 0, (block, written[position : position + 200])
        position = found + len(words)
    assert explained.blocks[0].kind == "title"
