"""A case's URLs for resolving, signing off, the final process, closing, tasks and meetings.

Included under `cases/<reference>/` by `urls_case.py`. References and ids only: never a child's
name or anything identifying in a URL.
"""

from django.urls import path

from .views import case_ending, case_final, case_meeting_changes, case_meetings, case_work

urlpatterns = [
    path("resolve/", case_ending.resolve, name="case-resolve"),
    path("sign-off/<str:side>/", case_ending.sign_off, name="case-sign-off"),
    path("refer/", case_final.refer, name="case-refer"),
    path("panel/", case_final.panel, name="case-panel"),
    path("debrief/", case_ending.debrief, name="case-debrief"),
    path("close/", case_ending.close, name="case-close"),
    path("work/", case_work.work, name="case-work"),
    path("tasks/add/", case_work.task_add, name="case-task-add"),
    path("tasks/<int:task_id>/done/", case_work.task_complete, name="case-task-complete"),
    path("meetings/add/", case_meetings.meeting_add, name="case-meeting-add"),
    path("meetings/plan/", case_meetings.meeting_plan, name="case-meeting-plan"),
    path("meetings/<int:planned_id>/held/", case_meetings.meeting_held, name="case-meeting-held"),
    path(
        "meetings/<int:planned_id>/move/",
        case_meeting_changes.meeting_move,
        name="case-meeting-move",
    ),
    path(
        "meetings/<int:planned_id>/cancel/",
        case_meeting_changes.meeting_cancel,
        name="case-meeting-cancel",
    ),
    path("meetings/<int:meeting_id>/", case_meetings.meeting, name="case-meeting"),
    path(
        "meetings/<int:meeting_id>/invitation.ics",
        case_meetings.meeting_ics,
        name="case-meeting-ics",
    ),
]
