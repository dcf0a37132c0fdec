"""Reading `[retention]` (Accord's addition): how long a closed case's personal details are kept."""

from __future__ import annotations

from accord.engine.policy import schema
from accord.engine.policy.model import Retention
from accord.engine.policy.reading import Reader
from accord.engine.speech import gettext

YEARS = range(1, 100)  # years_after_closure: 1 to 99
AGES = range(0, 100)  # until_age: 0 (no age rule) to 99


def read_retention(reader: Reader, value: object) -> Retention:
    """`[retention] years_after_closure` (1 to 99) and `until_age` (0 to 99, 0 for none), each
    the default's (`Retention`) when absent."""
    default = Retention()
    if value is None:
        return default
    table = reader.table(("retention",), value, schema.RETENTION)
    if table is None:
        return default
    if not table.data:
        message = gettext("needs years_after_closure, until_age or both: give one")
        table.report(("retention",), message)
    years = table.whole_number("years_after_closure")
    if years is not None and years not in YEARS:
        message = gettext(
            "years_after_closure must be a whole number from 1 to 99, found %(found)s"
        )
        table.report("years_after_closure", message % {"found": years})
        years = None
    age = table.whole_number("until_age")
    if age is not None and age not in AGES:
        message = gettext(
            "until_age must be a whole number from 0 (no age rule) to 99, found %(found)s"
        )
        table.report("until_age", message % {"found": age})
        age = None
    return Retention(
        years_after_closure=default.years_after_closure if years is None else years,
        until_age=default.until_age if age is None else age,
    )
