"""The addresses of the case's other actions (`views_work`), under `cases/<reference>/`, each
beside its page's: a task's or a planned meeting's id and a side in the path, as there."""

from django.urls import path

from . import views_work

CASE = "cases/<str:reference>/"
PLANNED = f"{CASE}planned-meetings/<int:planned_id>/"

urlpatterns = [
    path(f"{CASE}set-fact/", views_work.SetFact.as_view(), name="case-set-fact"),
    path(f"{CASE}tasks/", views_work.AddTask.as_view(), name="case-add-task"),
    path(
        f"{CASE}tasks/<int:task_id>/complete/",
        views_work.CompleteTask.as_view(),
        name="case-complete-task",
    ),
    path(f"{CASE}meetings/", views_work.RecordMeeting.as_view(), name="case-record-meeting"),
    path(f"{CASE}planned-meetings/", views_work.PlanMeeting.as_view(), name="case-plan-meeting"),
    path(f"{PLANNED}held/", views_work.RecordPlannedMeeting.as_view(), name="case-meeting-held"),
    path(f"{PLANNED}move/", views_work.MoveMeeting.as_view(), name="case-move-meeting"),
    path(f"{PLANNED}cancel/", views_work.CancelMeeting.as_view(), name="case-cancel-meeting"),
    path(f"{CASE}advice/", views_work.RecordAdvice.as_view(), name="case-advice"),
    path(f"{CASE}take-over/<str:side>/", views_work.TakeOver.as_view(), name="case-take-over"),
    path(f"{CASE}panel/", views_work.Panel.as_view(), name="case-panel"),
    path(f"{CASE}debrief/", views_work.Debrief.as_view(), name="case-debrief"),
]
