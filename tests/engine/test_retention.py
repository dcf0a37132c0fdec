"""When a closed case's personal details are removed: the later of its years after closing and
its subject's birthday at the rule's age."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from accord.engine.policy.model import Retention
from accord.engine.retention import removal_date, rule_words, years_later

DEFAULT = Retention()  # six years, or the 25th birthday


def test_six_years_after_closing_when_the_child_is_25_before_then() -> None:
    assert removal_date(DEFAULT, closed_on=date(2026, 6, 2), born_on=date(2000, 1, 1)) == date(
        2032, 6, 2
    )


def test_the_25th_birthday_when_it_is_later() -> None:
    assert removal_date(DEFAULT, closed_on=date(2026, 6, 2), born_on=date(2014, 3, 27)) == date(
        2039, 3, 27
    )


def test_the_years_alone_when_there_is_no_date_of_birth_or_no_age_rule() -> None:
    assert removal_date(DEFAULT, closed_on=date(2026, 6, 2), born_on=None) == date(2032, 6, 2)
    no_age = Retention(years_after_closure=10, until_age=0)
    assert removal_date(no_age, closed_on=date(2026, 6, 2), born_on=date(2020, 1, 1)) == date(
        2036, 6, 2
    )


def test_a_29_february_becomes_the_28th() -> None:
    assert years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert removal_date(DEFAULT, closed_on=date(2020, 1, 1), born_on=date(2008, 2, 29)) == date(
        2033, 2, 28
    )


@given(
    closed_on=st.dates(date(2000, 1, 1), date(2100, 12, 31)),
    born_on=st.none() | st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    years=st.integers(1, 99),
    age=st.integers(0, 99),
)
def test_never_before_the_years_after_closing_nor_the_birthday(
    closed_on: date, born_on: date | None, years: int, age: int
) -> None:
    rule = Retention(years_after_closure=years, until_age=age)
    removed_on = removal_date(rule, closed_on=closed_on, born_on=born_on)
    assert removed_on >= years_later(closed_on, years) > closed_on
    if born_on is not None and age:
        assert removed_on >= years_later(born_on, age)


def test_the_rule_in_words() -> None:
    assert rule_words(DEFAULT) == (
        "for 6 years after it closes, or until the child or adult it is about is 25, "
        "whichever is later"
    )
    assert rule_words(Retention(1, 0)) == "for 1 year after it closes"
