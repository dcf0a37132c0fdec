"""Dates and text that cannot be right, refused in the one set of words the forms and the
actions share: a concern identified before the child or adult was born or longer before the case
is raised than the policy looks back, a meeting or debrief dated before the case was raised, and
text longer than its field's stated limit (never cut short)."""

from __future__ import annotations

from datetime import date

from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from accord.engine.wording import day

LONG_TEXT = 5000  # a paragraph: a decision, an outcome, a note, a reason
SHORT_TEXT = 200  # one line: a name, who made a decision, a theme
TASK_TITLE = 300  # what a task asks
PLACE = 1000  # where a meeting is held, or the link to join it (online links run long)
# The stored decision: what was decided, then who decided it (accord/web/raising/raising.py).
DECISION_BY_PREFIX = "\n\nDecision made by: "
DECISION_SUMMARY = LONG_TEXT + len(DECISION_BY_PREFIX) + SHORT_TEXT


def too_long(text: str, *, limit: int, message: Promise) -> str | None:
    """Why `text` cannot be kept whole, or None: `message` is the whole sentence, marked with
    its count named (`ngettext_lazy("The note must be %(limit)d character or fewer", "The note
    must be %(limit)d characters or fewer", "limit")`), said in the reader's language."""
    if len(text) > limit:
        return str(message % {"limit": limit})
    return None


def _day(on: date) -> str:
    """ "4 March 2026", its month in the active language."""
    return dateformat.format(on, "j F Y")


def year_before(on: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def concern_problem(
    concern_on: date, *, raised_on: date, born: date | None, years: int
) -> str | None:
    """Why the date the concern was identified cannot be right, or None: `years` is how far
    back the policy looks (`Policy.concern_look_back_years`, one year unless it says)."""
    if born is not None and concern_on < born:
        return gettext(
            "The date the concern was identified must be on or after the date of birth (%(born)s)"
        ) % {"born": _day(born)}
    earliest = year_before(raised_on, years)
    if concern_on < earliest:
        return ngettext(
            "The date the concern was identified must be within the last year, on or after"
            " %(earliest)s: for an older concern, speak to your safeguarding lead",
            "The date the concern was identified must be within the last %(years)d years, on or"
            " after %(earliest)s: for an older concern, speak to your safeguarding lead",
            years,
        ) % {"years": years, "earliest": _day(earliest)}
    return None


def held_problem(held_on: date, *, raised_on: date, message: Promise) -> str | None:
    """Why the day something was held cannot be `held_on`, or None: never before the case was
    raised. `message` is the whole sentence, with the day the case was raised as `%(raised)s`
    ("The date of the meeting must be on or after the date the case was raised (%(raised)s)")."""
    if held_on < raised_on:
        return str(message) % {"raised": day(raised_on)}
    return None
