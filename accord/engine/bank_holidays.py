"""Bank holidays of each jurisdiction (from the `holidays` package) and a policy's calendar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache

from accord.engine.calendar import Calendar
from accord.engine.policy.model import Jurisdiction, Policy

# The UK nations are subdivisions of GB in the package; the Crown dependencies are countries.
_SOURCES: dict[Jurisdiction, tuple[str, str | None]] = {
    Jurisdiction.ENG: ("GB", "ENG"),
    Jurisdiction.WLS: ("GB", "WLS"),
    Jurisdiction.SCT: ("GB", "SCT"),
    Jurisdiction.NIR: ("GB", "NIR"),
    Jurisdiction.IMN: ("IM", None),
    Jurisdiction.GGY: ("GG", None),
    Jurisdiction.JEY: ("JE", None),
}


def bank_holidays(jurisdiction: Jurisdiction | str, years: Iterable[int]) -> dict[date, str]:
    """Every bank holiday (substitute days included) of `jurisdiction` in `years`, by date."""
    return dict(_bank_holidays(Jurisdiction(jurisdiction), tuple(sorted(set(years)))))


@lru_cache(maxsize=128)
def _bank_holidays(
    jurisdiction: Jurisdiction, years: tuple[int, ...]
) -> tuple[tuple[date, str], ...]:
    import holidays  # here: a large package that only seeding and simulating need, not a tick

    country, subdivision = _SOURCES[jurisdiction]
    found = holidays.country_holidays(country, subdiv=subdivision, years=years)
    return tuple(sorted((day, str(name)) for day, name in found.items()))


def closure_days(policy: Policy) -> Iterator[date]:
    """Every day of the policy's `extra_closures` (each range inclusive)."""
    for first, last in policy.closures:
        for offset in range((last - first).days + 1):
            yield first + timedelta(days=offset)


def calendar_for(policy: Policy, years: Iterable[int]) -> Calendar:
    """The policy's working days: its jurisdiction's bank holidays in `years` and its closures.

    Days outside `years` have weekends only, so ask for every year a case's deadlines can reach.
    """
    return Calendar([*bank_holidays(policy.jurisdiction, years), *closure_days(policy)])
