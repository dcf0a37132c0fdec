"""The access matrix's rules for ending a case, its final process, and its tasks and meetings.

The world's case is open at stage 2 of the example policy (top stage 4, final process a panel,
debrief offered, both sides sign off). The holders may record the outcome now. Signing off,
referring, convening the panel, the debrief and closing are not allowed in that state: the kinds
who may take them are told why (409), the others who see the case get a 403. `values` gives the
matrix a task (set by the raising holder, for themself) and a meeting on the world's case.
"""

from __future__ import annotations

from datetime import timedelta

from accord.cases import actions
from accord.cases.models import Meeting, Task
from tests.factories import later

from ..helpers import World
from ..rule_kinds import CURRENT_HOLDERS, SEES_CASE, Rule, case, case_action

DECISION_MAKERS = {"business_manager", "independent_chair", "panel_member"}
CHAIR_AND_MANAGER = {"business_manager", "independent_chair"}

RULES: dict[str, Rule] = {
    "web:case-resolve": case_action(CURRENT_HOLDERS),
    "web:case-sign-off": case_action({"raising_holder", "raiser"}),  # side=raising
    "web:case-refer": case_action(CURRENT_HOLDERS | {"business_manager"}),
    "web:case-panel": case_action(CHAIR_AND_MANAGER),
    "web:case-debrief": case_action(CURRENT_HOLDERS | {"raiser"} | CHAIR_AND_MANAGER),
    "web:case-close": case_action(CURRENT_HOLDERS | {"raiser"} | CHAIR_AND_MANAGER),
    "web:case-work": case(SEES_CASE),
    "web:case-task-add": case_action(CURRENT_HOLDERS | {"raiser"} | DECISION_MAKERS),
    # The task's owner and setter (the raising holder), the holders, the business manager.
    "web:case-task-complete": case_action(CURRENT_HOLDERS | {"business_manager"}),
    "web:case-meeting-add": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    # Planning a meeting and recording a planned one as held: who may record a meeting.
    "web:case-meeting-plan": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    "web:case-meeting-held": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    "web:case-meeting-move": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    "web:case-meeting-cancel": case_action(CURRENT_HOLDERS | DECISION_MAKERS),
    "web:case-meeting": case(SEES_CASE),
    "web:case-meeting-ics": case(SEES_CASE),
}


def values(world: World) -> dict[str, object]:
    """`side`, `task_id` and `meeting_id` for the world's case (the task and the meeting are
    made, through the actions, the first time they are asked for)."""
    case = world.case
    task = Task.objects.filter(case=case).first()
    if task is None:
        holder = world["raising_holder"]
        task = actions.add_task(
            case=case, actor=holder, title="Share the assessment", owner=holder,
            due_on=(later(case, 24) + timedelta(days=7)).date(), now=later(case, 1),
        )  # fmt: skip
        case.refresh_from_db()
    meeting = Meeting.objects.filter(case=case).first()
    if meeting is None:
        meeting = actions.record_meeting(
            case=case, actor=world["raising_holder"], held_at=later(case, 1),
            chair=world["independent_chair"], attendees=[world["receiving_holder"]],
            minutes="Discussed the referral.", now=later(case, 2),
        )  # fmt: skip
        case.refresh_from_db()
    planned = Meeting.objects.filter(case=case, planned=True).first()
    if planned is None:
        planned = actions.plan_meeting(
            case=case, actor=world["raising_holder"], starts_at=later(case, 3),
            chair=world["independent_chair"], attendees=[world["receiving_holder"]],
            place="Room 2, Civic Centre", now=later(case, 2),
        )  # fmt: skip
        case.refresh_from_db()
    return {
        "side": "raising",
        "task_id": task.pk,
        "meeting_id": meeting.pk,
        "planned_id": planned.pk,
    }
