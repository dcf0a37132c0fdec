"""When a closed case's personal details are removed: the later of so many years after it closed
and its subject's birthday at the rule's age (`Retention`: the policy's, or the partnership's
own where it set one)."""

from __future__ import annotations

from datetime import date

from accord.engine.policy.model import Retention
from accord.engine.speech import ngettext


def years_later(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February in a year with none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def removal_date(rule: Retention, *, closed_on: date, born_on: date | None) -> date:
    """The first day a case closed on `closed_on`, about someone born on `born_on` (None when not
    recorded), is no longer kept: its personal details are removed on or after it."""
    removed_on = years_later(closed_on, rule.years_after_closure)
    if rule.until_age and born_on is not None:
        removed_on = max(removed_on, years_later(born_on, rule.until_age))
    return removed_on


def rule_words(rule: Retention) -> str:
    """The rule in plain words, for `explain` and the pages."""
    years = rule.years_after_closure
    if not rule.until_age:
        return ngettext(
            "for %(years)s year after it closes", "for %(years)s years after it closes", years
        ) % {"years": years}
    return ngettext(
        "for %(years)s year after it closes, or until the child or adult it is about is"
        " %(age)s, whichever is later",
        "for %(years)s years after it closes, or until the child or adult it is about is"
        " %(age)s, whichever is later",
        years,
    ) % {"years": years, "age": rule.until_age}
