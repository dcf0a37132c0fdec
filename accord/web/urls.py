"""The pages' URLs. References only: never a child's name or anything identifying in a URL."""

from django.urls import path
from django.views.generic import RedirectView

from .views import auth, cases, health

app_name = "web"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:case-list"), name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign-out"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/<str:reference>/", cases.case_detail, name="case-detail"),
    path("healthz", health.healthz, name="healthz"),
]
