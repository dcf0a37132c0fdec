"""What a case read adds so that the caller can act on the case's tasks and planned meetings:
each by its id, with who and when, and the actions the caller may take on it now (the pages'
rules: `case_work.may_complete`, `case_meetings.planned_changes`). Their free text (a task's
title, a meeting's place) is left out, as the case's other free text is. Two queries, whatever
their number."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from accord.cases.models import Meeting, Task
from accord.cases.queries import CasePage
from accord.web.views.case_meeting_changes import CANCEL_MEETING, MOVE_MEETING
from accord.web.views.case_meetings import RECORD_PLANNED, planned_changes
from accord.web.views.case_work import COMPLETE_TASK, may_complete

from .reading import person_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _action(offer: str, words: StrOrPromise, name: str, args: list[Any]) -> dict[str, Any]:
    return {"action": offer, "words": str(words), "href": reverse(name, args=args)}


def _task(page: CasePage, task: Task) -> dict[str, Any]:
    reference = page.case.reference
    offered = [
        _action(
            "complete_task", COMPLETE_TASK.title, "api:case-complete-task", [reference, task.pk]
        )
    ]
    return {
        "id": task.pk,
        "owner": person_of(task.owner),
        "due_on": task.due_on,
        "done_at": task.completed_at,
        "actions": offered if may_complete(page, task) else [],
    }


def _planned(page: CasePage, meeting: Meeting, now: datetime) -> dict[str, Any]:
    may = planned_changes(meeting, page.offers, now)
    args = [page.case.reference, meeting.pk]
    offered = []
    if may.record_held:
        offered.append(
            _action("record_meeting", RECORD_PLANNED.title, "api:case-meeting-held", args)
        )
    if may.move:
        offered += [
            _action("record_meeting", MOVE_MEETING.title, "api:case-move-meeting", args),
            _action("record_meeting", CANCEL_MEETING.title, "api:case-cancel-meeting", args),
        ]
    return {
        "id": meeting.pk,
        "starts_at": meeting.held_at,
        "chair": person_of(meeting.chair) if meeting.chair else None,
        "actions": offered,
    }


def work_body(page: CasePage, now: datetime) -> dict[str, Any]:
    """The case's tasks (soonest due first) and its meetings planned and neither held nor
    cancelled (soonest first), for a replayed page."""
    case = page.case
    tasks = Task.objects.filter(case=case).select_related("owner", "owner__agency")
    planned = (
        Meeting.objects.filter(case=case, planned=True, cancelled_at=None)
        .select_related("chair", "chair__agency")
        .order_by("held_at", "pk")
    )
    return {
        "tasks": [_task(page, task) for task in tasks],
        "planned_meetings": [_planned(page, meeting, now) for meeting in planned],
    }
