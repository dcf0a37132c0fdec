"""The alerts sweep's health for a partnership's administrators: when it last ran, and the cases
it had to skip because their events no longer replay, or whose event log has been altered (with
the reason, by reference only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.cases import access
from accord.cases.models import SweepRun
from accord.cases.sweep_failures import open_failures

from .common import administrator_required, page_of, person_of, sections


@administrator_required
def sweep_health(request: HttpRequest) -> HttpResponse:
    failures = open_failures(access.administered(person_of(request)))
    return render(
        request,
        "web/manage/sweep.html",
        {
            "sections": sections(request, "web:manage-sweep"),
            "last_run": SweepRun.objects.order_by("-now").first(),
            "page": page_of(request, failures),
        },
    )
