"""A case's pages and actions, under `cases/<reference>/` (references only, never a name)."""

from django.urls import include, path

from .views import access_log, case_progress, case_timescales, case_told, cases

urlpatterns = [
    # The sections of the case page (MOJ sub navigation)
    path("", cases.case_detail, name="case-detail"),
    path("deadlines/", cases.case_deadlines, name="case-deadlines"),
    path("stages/", cases.case_stages, name="case-stages"),
    path("timeline/", cases.case_timeline, name="case-timeline"),
    path("access-log/", access_log.case_access_log, name="case-access-log"),
    # The actions along the ladder
    path("respond/", case_progress.respond, name="case-respond"),
    path("complete-step/", case_progress.complete_step, name="case-complete-step"),
    path("escalate/", case_progress.escalate, name="case-escalate"),
    path("withdraw/", case_progress.withdraw, name="case-withdraw"),
    path("set-deadline/", case_timescales.set_deadline, name="case-set-deadline"),
    path("set-fact/", case_timescales.set_fact, name="case-set-fact"),
    # Those told who do not hold it: the next level after non-response, the advisers
    path("take-over/<str:side>/", case_told.take_over, name="case-take-over"),
    path("advice/", case_told.record_advice, name="case-advice"),
    path("", include("accord.web.urls_case_ending")),
    path("", include("accord.web.urls_case_documents")),
]
