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
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop, ngettext

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
# Each anchor as a noun phrase ("within 2 days of ...") and as a clause ("on the day ...").
_ANCHORS = {
    STAGE_START: (gettext_noop("the stage starting"), gettext_noop("the stage starts")),
    CASE_RAISED: (gettext_noop("the case being raised"), gettext_noop("the case is raised")),
    CONCERN_IDENTIFIED: (
        gettext_noop("the concern being identified"),
        gettext_noop("the concern is identified"),
    ),
}
_EVERY_ONE = {
    Unit.WORKING_DAYS: gettext_noop("every working day"),
    Unit.CALENDAR_DAYS: gettext_noop("every calendar day"),
    Unit.HOURS: gettext_noop("every hour"),
}
SIDES = {
    "raiser": gettext_noop("the person who raised the case"),
    "raising_holder": gettext_noop("the holder on the raising side"),
    "receiving_holder": gettext_noop("the holder on the receiving side"),
    "raising_managers": gettext_noop("the managers of the holder on the raising side"),
    "receiving_managers": gettext_noop("the managers of the holder on the receiving side"),
    "replaced_raising_holder": gettext_noop("the raising side's holder until it was taken over"),
    "replaced_receiving_holder": gettext_noop(
        "the receiving side's holder until it was taken over"
    ),
    RECEIVING_SENIOR: gettext_noop(
        "the receiving side's senior manager (at the top stage's level)"
    ),
}
AGENCIES = {
    "social_care": gettext_noop("a social care agency"),
    "police": gettext_noop("the police"),
    "health": gettext_noop("a health agency"),
    "education": gettext_noop("an education setting"),
    "housing": gettext_noop("a housing agency"),
    "probation": gettext_noop("the probation service"),
    "voluntary": gettext_noop("a voluntary organisation"),
    "other": gettext_noop("another kind of agency"),
}
SOURCES = {
    "case.raised_on": gettext_noop("the date the case was raised"),
    "case.raised_by.name": gettext_noop("the name of the person who raised the case"),
    "case.agencies": gettext_noop("the agencies involved"),
    "case.summary": gettext_noop("the summary of the disagreement"),
    "case.stage_history": gettext_noop("the dates and outcome of each stage so far"),
    "case.outcome": gettext_noop("the outcome"),
    "case.outstanding_issues": gettext_noop("the outstanding issues"),
    "case.tasks": gettext_noop("the tasks agreed"),
    "case.child.name": gettext_noop("the child's name"),
    "case.child.date_of_birth": gettext_noop("the child's date of birth"),
    "case.child.address": gettext_noop("the child's address"),
    "case.workers": gettext_noop("the workers involved"),
    "case.referred_on": gettext_noop("the date the case was referred to the final process"),
    "case.panel_convened": gettext_noop(
        "the chair's decision whether to convene a resolution panel"
    ),
    "case.decision": gettext_noop("the final process's decision"),
    "case.meeting.held_on": gettext_noop("the date of the latest meeting"),
    "case.meeting.chair": gettext_noop("who chaired the latest meeting"),
    "case.stage_holders": gettext_noop("who holds the case at its current stage"),
}
FIELD_TYPES = {
    "text": gettext_noop("short text"),
    "longtext": gettext_noop("longer text"),
    "date": gettext_noop("a date"),
    "list": gettext_noop("a list"),
    "yesno": gettext_noop("yes or no"),
    "choice": gettext_noop("one choice"),
}
TRIGGERS = {
    "entered": gettext_noop("When a case enters this stage"),
    "resolved": gettext_noop("When the case is resolved at this stage"),
    "due_soon": gettext_noop("One working day before this stage's deadline"),
    "breached": gettext_noop("When this stage's deadline has passed"),
    "escalating": gettext_noop(
        "When the case is escalated from this stage, before the next stage starts"
    ),
}
# Whom a procedure is for, and which bank holidays its working days leave out: whole sentences,
# so that each language can say them its own way.
WORKING_WITH = {
    "children": gettext_noop("This procedure is for professionals working with children."),
    "adults": gettext_noop("This procedure is for professionals working with adults."),
    "children_and_adults": gettext_noop(
        "This procedure is for professionals working with children and adults."
    ),
}
WORKING_DAYS_IN = {
    "ENG": gettext_noop("Working days are Monday to Friday, except bank holidays in England."),
    "WLS": gettext_noop("Working days are Monday to Friday, except bank holidays in Wales."),
    "SCT": gettext_noop("Working days are Monday to Friday, except bank holidays in Scotland."),
    "NIR": gettext_noop(
        "Working days are Monday to Friday, except bank holidays in Northern Ireland."
    ),
    "IMN": gettext_noop(
        "Working days are Monday to Friday, except bank holidays in the Isle of Man."
    ),
    "GGY": gettext_noop("Working days are Monday to Friday, except bank holidays in Guernsey."),
    "JEY": gettext_noop("Working days are Monday to Friday, except bank holidays in Jersey."),
}
# The heading of the immediate-risk section, by population.
AT_RISK = {
    "children": gettext_noop("When a child is at immediate risk"),
    "adults": gettext_noop("When an adult is at immediate risk"),
    "children_and_adults": gettext_noop("When a child or adult is at immediate risk"),
}
STANDARD_FORM_TITLES = {  # the same titles the application shows (accord.cases.notices)
    "notification": gettext_noop("Notification that a stage was reached"),
    "resolution-record": gettext_noop("Record of the agreed outcome"),
}
SCOPES = {
    "between_agencies": gettext_noop("It covers disagreements between agencies."),
    "within_and_between_agencies": gettext_noop(
        "It covers disagreements within an agency and between agencies."
    ),
}
SUBJECTS = {
    "child": gettext_noop("a child"),
    "adult": gettext_noop("an adult"),
    "family": gettext_noop("a family"),
    "theme": gettext_noop("a theme (a pattern of practice or a service, rather than one person)"),
}
FINALS = {
    "panel": gettext_noop("the case goes to a resolution panel"),
    "mediation": gettext_noop("the case goes to mediation"),
    "chair_decision": gettext_noop("the case goes to the chair, who decides"),
    "senior_decision": gettext_noop(
        "the holders of stage %(top)s make the final decision: the procedure names no process"
        " above them"
    ),
}
RECORD = {
    "agreed_outcome": gettext_noop("the agreed outcome"),
    "outstanding_issues": gettext_noop("any outstanding issues"),
    "tasks": gettext_noop("the tasks agreed"),
    "learning": gettext_noop("the learning"),
}
SIGN_OFF = {
    "both_parties": gettext_noop("Both parties sign off the outcome in writing."),
    "raising_party": gettext_noop("The raising party signs off the outcome."),
    "none": gettext_noop("Nobody needs to sign off the outcome."),
}
DEBRIEF = {
    "none": gettext_noop("The procedure does not ask for a debrief."),
    "offered": gettext_noop("A debrief is offered to the people involved."),
    "required": gettext_noop("A debrief is required."),
}
# "Is the child subject to ...?" -> "the child is subject to ..."; other questions are quoted.
_QUESTION = re.compile(
    r"(Is|Are|Has|Have|Was|Were) (the|this|your) "
    r"(child|young person|adult|person|family|disagreement|case|concern|referral) (.+)\?$"
)


def joined(items: Sequence[str], word: str = "and") -> str:
    """`A`, `A and B`, `A, B and C` (no serial comma, as GOV.UK writes lists); `word` is "and"
    or "or"."""
    if len(items) <= 1:
        return "".join(items)
    words = {"head": ", ".join(items[:-1]), "last": items[-1]}
    if word == "or":
        return _("%(head)s or %(last)s") % words
    return _("%(head)s and %(last)s") % words


def stages(numbers: Sequence[int], word: str = "and") -> str:
    """`stage 2`, `stages 1 to 3` (consecutive), `stages 1, 3 or 4`."""
    if len(numbers) == 1:
        return _("stage %(number)s") % {"number": numbers[0]}
    run = list(range(numbers[0], numbers[0] + len(numbers)))
    if len(numbers) > 2 and list(numbers) == run:
        return _("stages %(first)s to %(last)s") % {"first": numbers[0], "last": numbers[-1]}
    return _("stages %(numbers)s") % {"numbers": joined([str(n) for n in numbers], word)}


def day(value: date) -> str:
    """`1 April 2026` (the month's name in the reader's language)."""
    return f"{value.day} {_(MONTHS[value.month - 1])} {value.year}"


def amount(within: int, unit: Unit) -> str:
    """`1 working day`, `24 hours`."""
    if unit is Unit.WORKING_DAYS:
        words = ngettext("%(count)s working day", "%(count)s working days", within)
    elif unit is Unit.CALENDAR_DAYS:
        words = ngettext("%(count)s calendar day", "%(count)s calendar days", within)
    else:
        words = ngettext("%(count)s hour", "%(count)s hours", within)
    return words % {"count": within}


def every(nudge: Duration) -> str:
    """`every working day`, `every 2 working days`."""
    within = nudge.within or 1
    if within == 1:
        return _(_EVERY_ONE[nudge.unit])
    return _("every %(amount)s") % {"amount": amount(within, nudge.unit)}


def anchor(key: str) -> tuple[str, str]:
    """The anchor as a noun phrase and as a clause: `the response step being done`/`is done`."""
    if key.startswith("step:"):
        step = {"step": key.removeprefix("step:")}
        return _("the %(step)s step being done") % step, _("the %(step)s step is done") % step
    noun, clause = _ANCHORS[key]
    return _(noun), _(clause)


def duration(value: Duration) -> str:
    """One duration in words, with its anchor: `within 5 working days of the stage starting`."""
    noun, clause = anchor(value.anchor)
    if value.unit in (Unit.NONE, Unit.AGREED):
        nudge = value.nudge_every or DEFAULT_NUDGE
        default = "" if value.nudge_every else " " + _("(Accord's default)")
        limit = value.nudge_limit or DEFAULT_NUDGE_LIMIT
        limit_default = "" if value.nudge_limit else " " + _("(Accord's default)")
        times = (
            _("once")
            if limit == 1
            else _("twice")
            if limit == 2
            else _("%(limit)s times") % {"limit": limit}
        )
        reminders = _(
            "holders are reminded %(every)s%(default)s, %(times)s%(limit_default)s; then their"
            " line managers are told instead"
        ) % {
            "every": every(nudge),
            "default": default,
            "times": times,
            "limit_default": limit_default,
        }
        if value.unit is Unit.AGREED:
            return _("on a date the parties agree; until they set one, %(reminders)s") % {
                "reminders": reminders
            }
        if value.anchor == STAGE_START:
            return _("without delay: %(reminders)s") % {"reminders": reminders}
        return _("without delay once %(clause)s: %(reminders)s") % {
            "clause": clause,
            "reminders": reminders,
        }
    within = value.within or 0
    if within == 0:
        return _(
            "the same working day as %(anchor)s (the next working day when that is not one)"
        ) % {"anchor": noun}
    return _("within %(amount)s of %(anchor)s") % {
        "amount": amount(within, value.unit),
        "anchor": noun,
    }


def condition(fact: str, facts: Mapping[str, str]) -> str:
    """A fact in words: `the child is subject to a plan (fact: cp_plan)`."""
    question = facts.get(fact, fact).strip()
    if match := _QUESTION.match(question):
        verb, determiner, noun, rest = match.groups()
        return f"{determiner.lower()} {noun} {verb.lower()} {rest} (fact: {fact})"
    return _('the answer to "%(question)s" is yes (fact: %(fact)s)') % {
        "question": question,
        "fact": fact,
    }


def chosen[T](
    alternatives: Alternatives[T], words: Mapping[T, str] | None, facts: Mapping[str, str]
) -> str:
    """A conditional list in words: `A if <fact>, otherwise B`; `words` names each value."""
    named = [words[a.value] if words is not None else str(a.value) for a in alternatives]
    if len(alternatives) == 1:
        return named[0]
    parts = [
        _("%(value)s if %(condition)s") % {"value": name, "condition": condition(a.if_fact, facts)}
        if a.if_fact
        else _("otherwise %(value)s") % {"value": name}
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
        _("%(role)s if the agency is %(agency)s")
        % {"role": roles[c.role], "agency": _(AGENCIES[c.agency])}
        if c.agency
        else _("otherwise %(value)s") % {"value": roles[c.role]}
        for c in sides
    ]
    return "; ".join(parts)


def recipients(keys: Sequence[str], roles: Mapping[str, str]) -> str:
    """Who is told, in words: role names, or the side words for `raiser` and the like."""
    return joined([_(SIDES[key]) if key in SIDES else roles.get(key, key) for key in keys])
