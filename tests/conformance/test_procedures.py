"""Each shipped procedure, paragraph by paragraph, through the live service's pages.

For each policy, its conformance table (`accord/policies/conformance/<policy file>`, one row per
paragraph of the published procedure that names an actor or a record) drives one case of the
demo partnership running it: every row's step is posted through the pages by the person it
names, at the row's date, and then the row's promises are checked, each as a subtest: who was
told (in Accord and by e-mail, exactly those people), who can act next (the case page offers
them the action and its page opens for them), which form records exist, and who holds the case.
A row the live service does not yet keep says why in `known_gap`: it is reported as an expected
failure, and fails the test if it passes (the table is then updated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from accord.accounts.models import Person
from accord.demo.people import PARTNERSHIPS
from tests.notifications.walking import partnership_for

from .harness import Driver, Row, Told, load_table

pytestmark = pytest.mark.django_db

POLICIES = [row[0] for row in PARTNERSHIPS]


def check_row(driver: Driver, row: Row, told: Told, actor: set[Person]) -> list[str]:
    """What the row promises and the service does not do, in words (empty: all kept)."""
    problems = []
    expected: set[Person] = set()
    for name in row.told:
        expected |= driver.people(name)
    expected -= actor
    for how, people in (("in Accord", told.in_app), ("by e-mail", told.by_email)):
        if people != expected:
            missing = sorted(driver.describe(p) for p in expected - people)
            extra = sorted(f"{driver.describe(p)}: {told.of(p)}" for p in people - expected)
            problems.append(f"told {how}: missing {missing}, not expected {extra}")
    for offer in row.next:
        who, _, action = (part.strip() for part in offer.partition(":"))
        why = driver.offered(who, action)
        if why:
            problems.append(why)
    missing_records = set(row.record) - driver.records()
    if missing_records:
        problems.append(f"no form record {sorted(missing_records)}")
    for side, level in row.holders.items():
        held = driver.one(f"{side}_holder")
        if held.level != level:
            problems.append(f"{side} side held at {held.level}, not {level}")
    return problems


@pytest.mark.parametrize("policy_file", POLICIES)
def test_the_procedure_row_by_row(policy_file: str, subtests: pytest.Subtests) -> None:
    table = load_table(policy_file)
    driver = Driver(partnership_for(policy_file), table)
    for number, row in enumerate(table.rows, start=1):
        with subtests.test(msg=f"row {number}: {row.name}"):
            _expect(row, lambda row=row: _run(driver, row))
        if driver.case is None:
            break  # the case was never raised: nothing after it can be checked


def _run(driver: Driver, row: Row) -> list[str]:
    """Do the row's step and check its promises; the person acting is not told of their own
    step, unless the row names them among the told."""
    with driver.at(row):
        if row.step == "raise":
            driver.case = None  # each raising starts a case of its own
        driver.remember()
        actor = driver.people(row.by) if row.by and row.step != "raise" else set()
        told = driver.run(row)
        if row.step == "raise":
            actor = driver.people(row.by)
        if row.by in row.told:
            actor = set()
        return check_row(driver, row, told, actor)


def _expect(row: Row, run: Callable[[], list[str]]) -> None:
    """Run the row; a known gap must still be one (xfail, strict)."""
    try:
        problems = run()
    except AssertionError as failure:
        if row.known_gap:
            pytest.xfail(f"{row.known_gap} ({failure})")
        raise
    if row.known_gap:
        assert problems, f"known gap closed, update the table: {row.known_gap}"
        pytest.xfail(f"{row.known_gap}: {'; '.join(problems)}")
    assert not problems, "; ".join(problems)


def test_a_row_the_service_does_not_keep_is_reported() -> None:
    """The checks can fail: a raising said to tell nobody, to offer the raiser a response and
    to make a record, with the holders at the wrong level, is reported on each count."""
    table = load_table("stockport.toml")
    driver = Driver(partnership_for("stockport.toml"), table)
    row = replace(
        table.rows[0],
        told=(),
        next=("raiser: respond",),
        record=("outcome-resolution-notice",),
    )
    with driver.at(row):
        told = driver.run(row)
        wrong = replace(row, holders={"raising": "director", "receiving": "practitioner"})
        problems = check_row(driver, wrong, told, actor={driver.one("raiser")})
    assert [problem.split(":")[0] for problem in problems] == [
        "told in Accord",
        "told by e-mail",
        "the case page offers raiser (Zac Fairbairn) no respond",
        "no form record ['outcome-resolution-notice']",
        "raising side held at practitioner, not director",
    ]
