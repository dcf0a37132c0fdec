"""The case list and the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases import access
from accord.cases.actions import log_case_view
from accord.cases.models import Case
from accord.cases.queries import case_list_for, case_page_for


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list(case_list_for(_person(request))[:500])
    return render(
        request,
        "web/case_list.html",
        {"cases": cases, "today": timezone.localdate()},
    )


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    person = _person(request)
    try:
        page = case_page_for(person, reference)
    except Case.DoesNotExist:
        raise Http404("No case with that reference, or you do not have access to it") from None
    log_case_view(
        person=person,
        case=page.case,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("user-agent", ""),
        now=timezone.now(),
    )
    timeline = [
        {"title": event.summary, "by": event.actor.full_name if event.actor else "", "at": event.at}
        for event in reversed(page.events)  # newest first, as the MOJ timeline shows them
    ]
    return render(
        request,
        "web/case_detail.html",
        {
            "page": page,
            "case": page.case,
            "timeline": timeline,
            "now": timezone.now(),
            "may_view_access_log": access.may_view_access_log(page.access),
        },
    )
