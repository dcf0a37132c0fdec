"""Dates and text that cannot be right are refused on the raise journey's pages, with the GOV.UK
error summary and what was typed kept, and again by the action (`accord.cases.plausible`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from accord.cases.actions import CaseActionRejected, raise_case
from accord.cases.models import Case
from accord.engine.london import LONDON

from .raising import CHILD, NOW
from .test_raise_journey import html, walk_to, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def concern(day: str, month: str, year: str) -> dict[str, str]:
    return {"concern_on_day": day, "concern_on_month": month, "concern_on_year": year}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # The child (CHILD) was born on 14 March 2015.
        (
            concern("13", "3", "2015"),
            "The date the concern was identified must be on or after the date of birth"
            " (14 March 2015)",
        ),
        # Today is Monday 1 June 2026: a year back is 1 June 2025.
        (
            concern("31", "5", "2025"),
            "The date the concern was identified must be within the last year, on or after"
            " 1 June 2025",
        ),
    ],
)
def test_a_concern_date_that_cannot_be_right_is_refused(
    typed: dict[str, str], message: str
) -> None:
    walk = walk_to(world(), "concern")
    response = walk.post(typed)
    assert response.status_code == 200
    page = html(response)
    assert "govuk-error-summary" in page
    assert message in page
    assert f'value="{typed["concern_on_day"]}"' in page  # what was typed is kept
    walk.post(concern("1", "6", "2025"))
    assert walk.step == "decision"  # a year back to the day is fine


def test_the_policy_sets_how_far_back_a_concern_may_be() -> None:
    longer = world(
        **{"[immediate_risk]": "[raising]\nconcern_look_back_years = 2\n\n[immediate_risk]"}
    )
    walk = walk_to(longer, "concern")
    response = walk.post(concern("31", "5", "2024"))
    assert (
        "The date the concern was identified must be within the last 2 years, on or after"
        " 1 June 2024"
    ) in html(response)
    walk.post(concern("31", "5", "2025"))  # refused under the default year, fine here
    assert walk.step == "decision"
    common = {
        "partnership": longer.partnership,
        "policy_version": longer.version,
        "raised_by": longer.raiser,
        "raising_agency": longer.school,
        "receiving_agency": longer.social_care,
        "receiving_holder": longer.social_worker,
        "decision_summary": "Referral closed.",
        "outcome_sought": "An assessment.",
        "now": NOW.astimezone(LONDON),
    }
    with pytest.raises(CaseActionRejected, match="within the last 2 years"):
        raise_case(**common, concern_on=NOW.date().replace(year=2024, day=31, month=5))
    raise_case(**common, concern_on=NOW.date().replace(year=2024))
    assert Case.objects.count() == 1


def test_the_date_of_birth_given_bounds_the_concern() -> None:
    born_later = {**CHILD, "subject_date_of_birth_year": "2026", "subject_date_of_birth_month": "1"}
    walk = walk_to(world(), "concern", person=born_later)
    response = walk.post(concern("31", "12", "2025"))
    assert "must be on or after the date of birth (14 January 2026)" in html(response)


def test_one_line_answers_state_their_limit_and_are_never_cut() -> None:
    walk = walk_to(world(), "decision")
    page = html(walk.client.get(walk.location))
    assert "You can enter up to 200 characters." in page
    assert 'maxlength="200"' not in page  # the browser would cut a paste without a word
    assert 'data-maxlength="5000"' in page  # the decision itself: GOV.UK's character count
    long_name = "A" * 201
    response = walk.post({"decision": "Referral closed.", "decision_by": long_name})
    assert "Who made the decision must be 200 characters or fewer" in html(response)
    assert f'value="{long_name}"' in html(response)  # kept whole, not cut to 200


def test_the_action_refuses_what_the_pages_refuse() -> None:
    w = world()
    common = {
        "partnership": w.partnership,
        "raised_by": w.raiser,
        "raising_agency": w.school,
        "receiving_agency": w.social_care,
        "receiving_holder": w.social_worker,
        "decision_summary": "Referral closed.",
        "outcome_sought": "An assessment.",
        "now": NOW.astimezone(LONDON),
    }
    born = NOW.date().replace(year=2015)
    with pytest.raises(CaseActionRejected, match="on or after the date of birth"):
        raise_case(**common, subject_date_of_birth=born, concern_on=born.replace(year=2014))
    with pytest.raises(CaseActionRejected, match="within the last year"):
        raise_case(**common, concern_on=NOW.date().replace(year=2024))
    with pytest.raises(CaseActionRejected, match="must be 5000 characters or fewer"):
        raise_case(**{**common, "outcome_sought": "x" * 5001})
    with pytest.raises(CaseActionRejected, match="The name must be 200 characters or fewer"):
        raise_case(**common, subject_name="N" * 201)
    assert not Case.objects.exists()
    raise_case(**common, concern_on=NOW.date().replace(year=2025))
    assert Case.objects.count() == 1
