"""The case's other actions through the API, each the web's own declared `Action` through
`acting.act`, as `views_acting`'s: answering the procedure's questions, tasks (added, marked
done), meetings (recorded, planned, a planned one recorded as held, moved or cancelled), advice,
taking a side over after non-response, the chair's decision on a panel and the debrief. A task,
a planned meeting and a side are in the path, named as the page's URL names them."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from accord.web.views import (
    case_ending,
    case_final,
    case_meeting_changes,
    case_meetings,
    case_timescales,
    case_told,
    case_work,
)
from accord.web.views.case_action_page import one_of

from . import serializers, serializers_work
from .views_acting import acting

TASK = OpenApiParameter(
    "task_id", OpenApiTypes.INT64, OpenApiParameter.PATH, description="The task's `id`."
)
PLANNED = OpenApiParameter(
    "planned_id",
    OpenApiTypes.INT64,
    OpenApiParameter.PATH,
    description="The planned meeting's `id`, as the case lists it in `planned_meetings`.",
)
SIDE = OpenApiParameter(
    "side",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=serializers_work.SIDES,
    description="The side you take over.",
)

SetFact = acting(
    "set_fact",
    summary="Answer one of the procedure's questions about the case",
    description="Its clocks and stages may change with the answer, as on the case's page.",
    body=serializers_work.SetFactIn,
    choose=lambda a: case_timescales.SET_FACT,
)
AddTask = acting(
    "add_task",
    summary="Add a task",
    description="For someone involved in the case (`owner`), by a date; they are told.",
    body=serializers_work.AddTaskIn,
    choose=lambda a: case_work.ADD_TASK,
)
CompleteTask = acting(
    "complete_task",
    summary="Mark a task as done",
    description="By its owner, whoever set it, the case's holders or the business manager.",
    body=serializers.SeenIn,
    choose=lambda a: case_work.COMPLETE_TASK,
    parameters=[TASK],
)
RecordMeeting = acting(
    "record_meeting",
    summary="Record a meeting that was held",
    description="Its chair (independent where the stage asks it), attendees and minutes.",
    body=serializers_work.MeetingHeldIn,
    choose=lambda a: case_meetings.RECORD_MEETING,
)
PlanMeeting = acting(
    "plan_meeting",
    summary="Plan a meeting",
    description="Its chair and everyone invited are told, with a calendar invitation.",
    body=serializers_work.PlanMeetingIn,
    choose=lambda a: case_meetings.PLAN_MEETING,
)
RecordPlannedMeeting = acting(
    "record_planned_meeting",
    summary="Record a planned meeting as held",
    description="Once its time has come: as recording a meeting, for the one planned.",
    body=serializers_work.MeetingHeldIn,
    choose=lambda a: case_meetings.RECORD_PLANNED,
    parameters=[PLANNED],
)
MoveMeeting = acting(
    "move_meeting",
    summary="Change a planned meeting's time or place",
    description="Before it starts; its chair and everyone invited are told at once.",
    body=serializers_work.MoveMeetingIn,
    choose=lambda a: case_meeting_changes.MOVE_MEETING,
    parameters=[PLANNED],
)
CancelMeeting = acting(
    "cancel_meeting",
    summary="Cancel a planned meeting",
    description="Before it starts; its chair and everyone invited are told why.",
    body=serializers_work.CancelMeetingIn,
    choose=lambda a: case_meeting_changes.CANCEL_MEETING,
    parameters=[PLANNED],
)
RecordAdvice = acting(
    "record_advice",
    summary="Record advice",
    description="By the current stage's advisers; both sides' holders are told.",
    body=serializers_work.AdviceIn,
    choose=lambda a: case_told.RECORD_ADVICE,
)
TakeOver = acting(
    "take_over",
    summary="Take a side of the case over after it did not respond",
    description="By the next level up from that side's holder, once the procedure's "
    "non-response alert has gone to them; both sides and the raiser are told.",
    body=serializers_work.TakeOverIn,
    choose=lambda a: one_of(case_told.TAKE_OVER, a.args["side"]),
    parameters=[SIDE],
)
Panel = acting(
    "convene_panel",
    summary="Record the chair's decision on a resolution panel",
    description="On a referred case: convene a panel of the members named, or not (and why).",
    body=serializers_work.PanelIn,
    choose=lambda a: case_final.PANEL,
)
Debrief = acting(
    "record_debrief",
    summary="Record the debrief",
    description="Held (and when) or offered and declined, once the outcome is signed off.",
    body=serializers_work.DebriefIn,
    choose=lambda a: case_ending.DEBRIEF,
)
