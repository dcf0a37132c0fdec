"""The site's URLs plus small pages protected by `accord.web.reauth` (for test_reauthentication)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views import View

from accord.config.urls import urlpatterns as site
from accord.web.reauth import ReauthenticationRequiredMixin, reauthentication_required


@login_required
@reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the export")


@login_required
@reauthentication_required(allow_get=True)
def sign_off(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return HttpResponse(f"signed off: {request.POST.get('outcome', '')}")
    return HttpResponse('<form method="post">the sign-off form</form>')


class ExportView(ReauthenticationRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("the class-based export")


urlpatterns = [
    path("test/export/", export, name="test-export"),
    path("test/sign-off/", sign_off, name="test-sign-off"),
    path("test/export-view/", login_required(ExportView.as_view()), name="test-export-view"),
    *site,
]
