"""The API's addresses under `/api/v1/` (namespace `api`). References only in paths."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import reference, views_cases, views_errors, views_token

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("reference/", reference.reference_page, name="reference"),
    path("token/", views_token.TokenInfo.as_view(), name="token"),
    path("cases/", views_cases.Cases.as_view(), name="cases"),
    path("partnership-cases/", views_cases.PartnershipCases.as_view(), name="partnership-cases"),
    path("cases/<str:reference>/", views_cases.CaseDetail.as_view(), name="case-detail"),
    path("cases/<str:reference>/respond/", views_cases.Respond.as_view(), name="case-respond"),
    re_path(r"^(?P<rest>.*)$", views_errors.no_such_operation, name="not-found"),
]
