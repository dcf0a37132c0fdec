"""The API's addresses under `/api/v1/` (namespace `api`). References only in paths."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import (
    reference,
    schema_extensions,  # noqa: F401 - registers the token schemes before any schema is made
    urls_work,
    views_acting,
    views_board,
    views_cases,
    views_errors,
    views_forms,
    views_oauth,
    views_signing,
    views_token,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("reference/", reference.reference_page, name="reference"),
    path("token/", views_token.TokenInfo.as_view(), name="token"),
    path("oauth/token", views_oauth.TokenEndpoint.as_view(), name="oauth-token"),
    path("cases/", views_cases.Cases.as_view(), name="cases"),
    path("partnership-cases/", views_cases.PartnershipCases.as_view(), name="partnership-cases"),
    path("cases/<str:reference>/", views_cases.CaseDetail.as_view(), name="case-detail"),
    path("cases/<str:reference>/respond/", views_acting.Respond.as_view(), name="case-respond"),
    path(
        "cases/<str:reference>/complete-step/",
        views_acting.CompleteStep.as_view(),
        name="case-complete-step",
    ),
    path("cases/<str:reference>/escalate/", views_acting.Escalate.as_view(), name="case-escalate"),
    path("cases/<str:reference>/resolve/", views_acting.Resolve.as_view(), name="case-resolve"),
    path("cases/<str:reference>/withdraw/", views_acting.Withdraw.as_view(), name="case-withdraw"),
    path(
        "cases/<str:reference>/set-deadline/",
        views_acting.SetDeadline.as_view(),
        name="case-set-deadline",
    ),
    path("cases/<str:reference>/refer/", views_acting.Refer.as_view(), name="case-refer"),
    path("cases/<str:reference>/close/", views_acting.Close.as_view(), name="case-close"),
    path("cases/<str:reference>/forms/", views_forms.CaseForms.as_view(), name="case-forms"),
    path(
        "cases/<str:reference>/forms/<int:form_id>/",
        views_forms.CaseForm.as_view(),
        name="case-form",
    ),
    path(
        "cases/<str:reference>/sign-off/<str:side>/",
        views_signing.SignOff.as_view(),
        name="case-sign-off",
    ),
    *urls_work.urlpatterns,  # the case's questions, tasks, meetings, advice, panel, debrief
    path(
        "partnerships/<int:partnership_id>/board/",
        views_board.BoardView.as_view(),
        name="partnership-board",
    ),
    re_path(r"^(?P<rest>.*)$", views_errors.no_such_operation, name="not-found"),
]
