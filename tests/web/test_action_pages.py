"""Every action on a case has one kind of page: a declared `Action` served by `action_view`.

The case's URLs are read from the URL configuration (`accord/web/urls_case*.py`), so a new action
page written by hand, or a page for an offer that has none, fails here. The refusals the pages
and the actions give are the same words, kept beside each access rule (`accord.cases.offers`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver

from accord.cases import actions
from accord.cases.actions import CaseActionRejected, CaseChanged
from accord.cases.models import FormRecord
from accord.cases.offers import COMPLETE_FORM, PERMISSIONS, completing_task
from accord.web import urls_case
from accord.web.views.case_action_page import Action
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, OpenCaseFactory, PersonFactory, later

from .test_case_ending import seen, text, url
from .test_case_work import add_task

pytestmark = pytest.mark.django_db

# The case's pages that only show it (any write there is refused with a 405 or is a download).
SHOWING = {
    "case-detail",
    "case-deadlines",
    "case-stages",
    "case-timeline",
    "case-access-log",
    "case-work",
    "case-meeting",
    "case-meeting-ics",
    "case-forms",
    "case-form-pdf",
    "case-summary-pdf",
    "case-outcome-pdf",
}
# A form record is a document filled in over time (drafts, then submitted, then corrected), at
# any status of the case and checked by its own revision: not one of the case's actions.
FORM_RECORD = {"case-form"}


def case_urls() -> Iterator[URLPattern]:
    """Every URL under `cases/<reference>/`: `urls_case` and the modules it includes."""

    def walk(patterns: list[Any]) -> Iterator[URLPattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    yield from walk(urls_case.urlpatterns)


def declared(pattern: URLPattern) -> tuple[Action, ...]:
    found = getattr(pattern.callback, "actions", ())
    assert all(isinstance(action, Action) for action in found)
    return tuple(found)


def test_every_case_action_url_is_a_declared_action_page() -> None:
    names = {pattern.name for pattern in case_urls()}
    assert names >= SHOWING | FORM_RECORD, "the lists above name pages that exist"
    for pattern in case_urls():
        if pattern.name in SHOWING | FORM_RECORD:
            assert declared(pattern) == (), f"{pattern.name} shows the case: not an action"
        else:
            assert declared(pattern), f"{pattern.name} is an action page written by hand"


def test_every_offer_has_a_declared_page() -> None:
    offers = {action.offer for pattern in case_urls() for action in declared(pattern)}
    assert offers == set(PERMISSIONS) | {"complete_task"}


def test_only_signing_off_asks_to_confirm_its_you() -> None:
    asking = {
        action.offer
        for pattern in case_urls()
        for action in declared(pattern)
        if action.reauthenticate
    }
    assert asking == {"sign_off_raising", "sign_off_receiving"}


def test_a_stale_form_gets_the_same_words_from_the_page_and_the_action() -> None:
    case = OpenCaseFactory()
    drawn = seen(case)
    add_task(case, title="Call the school")
    form = {"seen": drawn, "reason": "Sorted out"}
    page = signed_in(case.raised_by).post(url("case-withdraw", case), form)
    with pytest.raises(CaseChanged) as changed:
        actions.withdraw_case(
            case=case, actor=case.raised_by, reason="Sorted", now=later(case, 5), seen=drawn
        )
    assert page.status_code == 200
    assert "has changed since you opened this page: Task added" in changed.value.message
    assert changed.value.message in text(page)


def test_a_task_is_refused_with_its_rules_words_by_the_page_and_the_action() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    task = add_task(case)
    outsider = case.raised_by  # no longer a holder, neither owner nor setter
    page = signed_in(outsider).get(url("case-task-complete", case, task_id=task.pk))
    words = completing_task(task)
    assert page.status_code == 403
    assert f"You cannot {words.doing}" in text(page)
    assert words.refusal.replace("'", "&#x27;") in text(page)
    with pytest.raises(CaseActionRejected) as refused:
        actions.complete_task(task=task, actor=outsider, now=later(case, 2))
    assert refused.value.message == words.refusal


def test_a_done_task_is_refused_with_the_same_words_by_the_page_and_the_action() -> None:
    case = OpenCaseFactory()
    task = add_task(case)
    owner = task.owner
    actions.complete_task(task=task, actor=owner, now=later(case, 2))
    page = signed_in(owner).get(url("case-task-complete", case, task_id=task.pk))
    assert page.status_code == 409
    assert "The task is already done" in text(page)
    with pytest.raises(CaseActionRejected) as refused:
        actions.complete_task(task=task, actor=owner, now=later(case, 3))
    assert refused.value.message == "The task is already done"


def test_a_form_record_is_refused_with_its_rules_words_by_the_page_and_the_action() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    record = FormRecord.objects.get(case=case)
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    page = signed_in(lead).get(url("case-form", case, form_id=record.pk))
    assert page.status_code == 403
    assert f"You cannot {COMPLETE_FORM.doing}" in text(page)
    assert COMPLETE_FORM.refusal.replace("'", "&#x27;") in text(page)
    with pytest.raises(CaseActionRejected) as refused:
        actions.save_form_draft(record=record, actor=lead, values={}, now=later(case, 2))
    assert refused.value.message == COMPLETE_FORM.refusal
