"""The work queues, the partnership's list of cases and finding a case by reference."""

from django.urls import path

from .views import partnership_cases, queues

urlpatterns = [
    path("", queues.case_list, name="case-list"),
    path("due-soon/", queues.due_soon, name="cases-due-soon"),
    path("overdue/", queues.overdue, name="cases-overdue"),
    path("raised-by-me/", queues.raised_by_me, name="cases-raised"),
    path("all/", queues.all_my_cases, name="cases-all"),
    path("partnership/", partnership_cases.partnership_case_list, name="partnership-cases"),
    path("find/", queues.find_case, name="case-find"),
]
