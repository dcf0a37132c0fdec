"""A case's access log: who opened it, when and from where; for the partnership's oversight
staff (business manager, independent chair, administrator). Reading it is logged too."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases import access
from accord.cases.actions import log_case_view
from accord.cases.models import AccessLog, Case
from accord.signin.addresses import client_ip

PAGE_SIZE = 50
NOT_FOUND = "No case with that reference, or you do not have access to it"


@login_required
def case_access_log(request: HttpRequest, reference: str) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    try:
        case = access.get_case_for(person, reference)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    # A refusal looks like a missing case, as everywhere under /cases/.
    if not access.may_view_access_log(access.case_access(person, case, holdings=())):
        raise Http404(NOT_FOUND)
    log_case_view(
        person=person,
        case=case,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        action="viewed access log",
        now=timezone.now(),
    )
    entries = (
        AccessLog.objects.filter(case=case)
        .select_related("person", "person__agency")
        .order_by("-at", "-pk")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/case_access_log.html", {"case": case, "page": page})
