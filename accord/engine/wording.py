"""Plain-English words for the parts of a policy (durations, conditions, recipients, sources),
laid out by `accord.engine.page`.

`accord policy explain` (`accord.engine.explain`) builds its sentences from these. British
spelling, GOV.UK style: short phrases a partnership business manager can check against the
published procedure. Nothing here reads a case; every function maps policy values to words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from accord.engine.deadlines import (  # Accord's reminders when a file sets none
    DEFAULT_NUDGE,
    DEFAULT_NUDGE_LIMIT,
)
from accord.engine.notices import RECEIVING_SENIOR
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    STAGE_START,
    Alternatives,
    Counterpart,
    Duration,
    Unit,
)

# Each anchor as a noun phrase ("within 2 days of ...") and as a clause ("on the day ...").
_ANCHORS = {
    STAGE_START: ("the stage starting", "the stage starts"),
    CASE_RAISED: ("the case being raised", "the case is raised"),
    CONCERN_IDENTIFIED: ("the concern being identified", "the concern is identified"),
}
_UNITS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    Unit.HOURS: ("hour", "hours"),
}
SIDES = {
    "raiser": "the person who raised the case",
    "raising_holder": "the holder on the raising side",
    "receiving_holder": "the holder on the receiving side",
    "raising_managers": "the managers of the holder on the raising side",
    "receiving_managers": "the managers of the holder on the receiving side",
    "replaced_raising_holder": "the raising side's holder until it was taken over",
    "replaced_receiving_holder": "the receiving side's holder until it was taken over",
    RECEIVING_SENIOR: "the receiving side's senior manager (at the top stage's level)",
}
AGENCIES = {
    "social_care": "a social care agency",
    "police": "the police",
    "health": "a health agency",
    "education": "an education setting",
    "housing": "a housing agency",
    "probation": "the probation service",
    "voluntary": "a voluntary organisation",
    "other": "another kind of agency",
}
SOURCES = {
    "case.raised_on": "the date the case was raised",
    "case.raised_by.name": "the name of the person who raised the case",
    "case.agencies": "the agencies involved",
    "case.summary": "the summary of the disagreement",
    "case.stage_history": "the dates and outcome of each stage so far",
    "case.outcome": "the outcome",
    "case.outstanding_issues": "the outstanding issues",
    "case.tasks": "the tasks agreed",
    "case.child.name": "the child's name",
    "case.child.date_of_birth": "the child's date of birth",
    "case.child.address": "the child's address",
    "case.workers": "the workers involved",
    "case.referred_on": "the date the case was referred to the final process",
    "case.panel_convened": "the chair's decision whether to convene a resolution panel",
    "case.decision": "the final process's decision",
    "case.meeting.held_on": "the date of the latest meeting",
    "case.meeting.chair": "who chaired the latest meeting",
    "case.stage_holders": "who holds the case at its current stage",
}
FIELD_TYPES = {
    "text": "short text",
    "longtext": "longer text",
    "date": "a date",
    "list": "a list",
    "yesno": "yes or no",
    "choice": "one choice",
}
TRIGGERS = {
    "entered": "When a case enters this stage",
    "resolved": "When the case is resolved at this stage",
    "due_soon": "One working day before this stage's deadline",
    "breached": "When this stage's deadline has passed",
    "escalating": "When the case is escalated from this stage, before the next stage starts",
}
JURISDICTIONS = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
    "IMN": "the Isle of Man",
    "GGY": "Guernsey",
    "JEY": "Jersey",
}
STANDARD_FORM_TITLES = {  # the same titles the application shows (accord.cases.notices)
    "notification": "Notification that a stage was reached",
    "resolution-record": "Record of the agreed outcome",
}
POPULATIONS = {
    "children": ("children", "a child"),
    "adults": ("adults", "an adult"),
    "children_and_adults": ("children and adults", "a child or adult"),
}
SCOPES = {
    "between_agencies": "It covers disagreements between agencies.",
    "within_and_between_agencies": "It covers disagreements within an agency and between agencies.",
}
SUBJECTS = {
    "child": "a child",
    "adult": "an adult",
    "family": "a family",
    "theme": "a theme (a pattern of practice or a service, rather than one person)",
}
FINALS = {
    "panel": "the case goes to a resolution panel",
    "mediation": "the case goes to mediation",
    "chair_decision": "the case goes to the chair, who decides",
    "senior_decision": "the holders of stage {top} make the final decision: the procedure names"
    " no process above them",
}
RECORD = {
    "agreed_outcome": "the agreed outcome",
    "outstanding_issues": "any outstanding issues",
    "tasks": "the tasks agreed",
    "learning": "the learning",
}
SIGN_OFF = {
    "both_parties": "Both parties sign off the outcome in writing.",
    "raising_party": "The raising party signs off the outcome.",
    "none": "Nobody needs to sign off the outcome.",
}
DEBRIEF = {
    "none": "The procedure does not ask for a debrief.",
    "offered": "A debrief is offered to the people involved.",
    "required": "A debrief is required.",
}
# "Is the child subject to ...?" -> "the child is subject to ..."; other questions are quoted.
_QUESTION = re.compile(
    r"(Is|Are|Has|Have|Was|Were) (the|this|your) "
    r"(child|young person|adult|person|family|disagreement|case|concern|referral) (.+)\?$"
)


def joined(items: Sequence[str], word: str = "and") -> str:
    """`A`, `A and B`, `A, B and C` (no serial comma, as GOV.UK writes lists)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def stages(numbers: Sequence[int], word: str = "and") -> str:
    """`stage 2`, `stages 1 to 3` (consecutive), `stages 1, 3 or 4`."""
    if len(numbers) == 1:
        return f"stage {numbers[0]}"
    run = list(range(numbers[0], numbers[0] + len(numbers)))
    if len(numbers) > 2 and list(numbers) == run:
        return f"stages {numbers[0]} to {numbers[-1]}"
    return f"stages {joined([str(n) for n in numbers], word)}"


def day(value: date) -> str:
    """`1 April 2026`."""
    return f"{value.day} {value:%B %Y}"


def amount(within: int, unit: Unit) -> str:
    """`1 working day`, `24 hours`."""
    singular, plural = _UNITS[unit]
    return f"{within} {singular if within == 1 else plural}"


def every(nudge: Duration) -> str:
    """`every working day`, `every 2 working days`."""
    within = nudge.within or 1
    return (
        f"every {_UNITS[nudge.unit][0]}" if within == 1 else f"every {amount(within, nudge.unit)}"
    )


def anchor(key: str) -> tuple[str, str]:
    """The anchor as a noun phrase and as a clause: `the response step being done`/`is done`."""
    if key.startswith("step:"):
        step = key.removeprefix("step:")
        return f"the {step} step being done", f"the {step} step is done"
    return _ANCHORS[key]


def duration(value: Duration) -> str:
    """One duration in words, with its anchor: `within 5 working days of the stage starting`."""
    noun, clause = anchor(value.anchor)
    if value.unit in (Unit.NONE, Unit.AGREED):
        nudge = value.nudge_every or DEFAULT_NUDGE
        default = "" if value.nudge_every else " (Accord's default)"
        limit = value.nudge_limit or DEFAULT_NUDGE_LIMIT
        limit_default = "" if value.nudge_limit else " (Accord's default)"
        times = "once" if limit == 1 else "twice" if limit == 2 else f"{limit} times"
        reminders = (
            f"holders are reminded {every(nudge)}{default}, {times}{limit_default}; then"
            " their line managers are told instead"
        )
        if value.unit is Unit.AGREED:
            return f"on a date the parties agree; until they set one, {reminders}"
        start = "" if value.anchor == STAGE_START else f" once {clause}"
        return f"without delay{start}: {reminders}"
    within = value.within or 0
    if within == 0:
        return f"the same working day as {noun} (the next working day when that is not one)"
    return f"within {amount(within, value.unit)} of {noun}"


def condition(fact: str, facts: Mapping[str, str]) -> str:
    """A fact in words: `the child is subject to a plan (fact: cp_plan)`."""
    question = facts.get(fact, fact).strip()
    if match := _QUESTION.match(question):
        verb, determiner, noun, rest = match.groups()
        return f"{determiner.lower()} {noun} {verb.lower()} {rest} (fact: {fact})"
    return f'the answer to "{question}" is yes (fact: {fact})'


def chosen[T](
    alternatives: Alternatives[T], words: Mapping[T, str] | None, facts: Mapping[str, str]
) -> str:
    """A conditional list in words: `A if <fact>, otherwise B`; `words` names each value."""
    named = [words[a.value] if words is not None else str(a.value) for a in alternatives]
    if len(alternatives) == 1:
        return named[0]
    parts = [
        f"{name} if {condition(a.if_fact, facts)}" if a.if_fact else f"otherwise {name}"
        for name, a in zip(named, alternatives, strict=True)
    ]
    return (", " if len(parts) == 2 else "; ").join(parts)


def due(alternatives: Alternatives[Duration], facts: Mapping[str, str]) -> str:
    """A `due` (one duration or a conditional list) in words."""
    return chosen(alternatives, {a.value: duration(a.value) for a in alternatives}, facts)


def counterparts(sides: tuple[Counterpart, ...], roles: Mapping[str, str]) -> str:
    """Who holds a side: `Detective sergeant if the agency is the police, otherwise ...`."""
    if len(sides) == 1:
        return roles[sides[0].role]
    parts = [
        f"{roles[c.role]} if the agency is {AGENCIES[c.agency]}"
        if c.agency
        else f"otherwise {roles[c.role]}"
        for c in sides
    ]
    return "; ".join(parts)


def recipients(keys: Sequence[str], roles: Mapping[str, str]) -> str:
    """Who is told, in words: role names, or the side words for `raiser` and the like."""
    return joined([SIDES.get(key) or roles.get(key, key) for key in keys])
