"""Dates and text that cannot be right are refused on a case's action pages (a meeting or
debrief before the case was raised, a task or a response note over its stated limit), with the
GOV.UK error summary and what was typed kept; the actions refuse them too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accord.cases import actions
from accord.cases.models import Case, CaseEvent, Debrief, Meeting, Task
from accord.engine.london import london_date
from accord.engine.wording import day
from tests.access.helpers import signed_in
from tests.factories import OpenCaseFactory, ResolvedCaseFactory, holder, later

from .test_case_ending import seen, text, url
from .test_case_work import meeting_form, task_form

pytestmark = pytest.mark.django_db


def raised_on(case: Case) -> str:
    return day(london_date(case.raised_at))


def day_before_raised(case: Case) -> dict[str, Any]:
    d = london_date(case.raised_at) - timedelta(days=1)
    return {"held_on_day": d.day, "held_on_month": d.month, "held_on_year": d.year}


def test_a_meeting_before_the_case_was_raised_is_refused() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    form = {**meeting_form(case, holder(case, "raising")), **day_before_raised(case)}
    page = client.post(url("case-meeting-add", case), form)
    assert page.status_code == 200
    assert "govuk-error-summary" in text(page)
    assert (
        f"The date of the meeting must be on or after the date the case was raised"
        f" ({raised_on(case)})"
    ) in text(page)
    assert "Agreed a joint visit.</textarea>" in text(page)  # what was typed is kept
    assert not Meeting.objects.filter(case=case).exists()


def test_a_debrief_before_the_case_was_raised_is_refused() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(case.raised_by)
    form = {"seen": seen(case), "outcome": "held", "notes": "Both sides met."}
    page = client.post(url("case-debrief", case), {**form, **day_before_raised(case)})
    assert page.status_code == 200
    assert "govuk-error-summary" in text(page)
    assert "The date the debrief was held must be on or after the date the case was raised" in (
        text(page)
    )
    assert "Both sides met.</textarea>" in text(page)
    assert not Debrief.objects.filter(case=case).exists()


def test_a_task_title_states_its_limit_and_is_refused_not_cut() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-task-add", case))
    assert "You can enter up to 300 characters." in text(page)
    assert 'maxlength="300"' not in text(page)
    long_title = "T" * 301
    refused = client.post(
        url("case-task-add", case), task_form(case, case.raised_by, title=long_title)
    )
    assert refused.status_code == 200
    assert "The task must be 300 characters or fewer" in text(refused)
    assert f'value="{long_title}"' in text(refused)
    assert not Task.objects.filter(case=case).exists()
    with pytest.raises(actions.CaseActionRejected, match="300 characters or fewer"):
        actions.add_task(
            case=case, actor=case.raised_by, title=long_title, owner=case.raised_by,
            now=later(case, 1),
        )  # fmt: skip


def test_a_response_note_states_its_limit_and_is_refused_over_it() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-respond", case))
    assert 'data-maxlength="5000"' in text(page)  # GOV.UK's character count states it
    assert "You can enter up to 5000 characters" in text(page)
    note = "n" * 5001
    refused = client.post(
        url("case-respond", case), {"seen": seen(case), "position": "disagree", "note": note}
    )
    assert refused.status_code == 200
    assert "must be 5000 characters or fewer" in text(refused)
    before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(actions.CaseActionRejected, match="The note must be 5000 characters"):
        actions.record_response(
            case=case, actor=holder(case, "receiving"), position="disagree", note=note,
            now=later(case, 1),
        )  # fmt: skip
    assert CaseEvent.objects.filter(case=case).count() == before


def test_the_actions_refuse_a_meeting_or_debrief_before_the_case() -> None:
    case = OpenCaseFactory()
    with pytest.raises(actions.CaseActionRejected, match="on or after the date the case"):
        actions.record_meeting(
            case=case,
            actor=holder(case, "raising"),
            held_at=case.raised_at - timedelta(days=2),
            now=later(case, 1),
        )
