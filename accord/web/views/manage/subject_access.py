"""Subject access (UK GDPR article 15): a partnership administrator finds every case Accord
holds about one child or adult and downloads it all as one PDF and as JSON (decision 25).

Asking, and each download, need the authenticator code again (the export leaves Accord, as the
case PDFs do: decision 19); each download is logged in every case's access log. The name and date
of birth asked for are used to search and never kept: not in the request's record, nor any URL,
page title or file name, which carry the request's reference (SAR-2026-00007).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accord.cases import access
from accord.cases.actions import CaseActionRejected, log_cases_exported, request_subject_access
from accord.cases.models import SubjectAccessRequest
from accord.cases.subject_access import subject_access_export
from accord.documents.filenames import attachment
from accord.documents.pdf import render_pdf
from accord.documents.subject_access import as_json
from accord.engine.london import london_date
from accord.signin.addresses import client_ip
from accord.web.reauth import confirm_it_is_them, reauthentication_required

from .common import (
    administrator_required,
    chosen_partnership,
    partnerships_of,
    person_of,
    posted,
    sections,
)
from .forms import SubjectAccessForm

SECTION = "web:manage-subject-access"
FORMATS = {"pdf": "application/pdf", "json": "application/json"}


def _requests(request: HttpRequest) -> Any:
    return SubjectAccessRequest.objects.filter(
        partnership_id__in=access.administered(person_of(request))
    ).select_related("partnership", "requested_by")


@administrator_required
@reauthentication_required(allow_get=True)
def subject_access(request: HttpRequest) -> HttpResponse:
    """Ask for everything held about someone; the requests made before, newest first."""
    person = person_of(request)
    partnerships = partnerships_of(person)
    now = timezone.now()
    form = SubjectAccessForm(posted(request), partnerships=partnerships, today=london_date(now))
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        try:
            made = request_subject_access(
                actor=person,
                partnership=chosen_partnership(values, partnerships),
                name=values["full_name"],
                date_of_birth=values["date_of_birth"],
                now=now,
            )
        except CaseActionRejected as refused:
            form.add_error("full_name", refused.message)
        else:
            return redirect("web:manage-subject-access-request", made.pk)
    return render(
        request,
        "web/manage/subject_access.html",
        {
            "form": form,
            "requests": _requests(request).prefetch_related("cases", "unconfirmed")[:50],
            "sections": sections(request, SECTION),
        },
    )


def _request_of(request: HttpRequest, request_id: int) -> SubjectAccessRequest:
    """The request, if the person administers its partnership (else 403, as for any other
    partnership's records; 404 if there is no such request)."""
    found = SubjectAccessRequest.objects.select_related("partnership", "requested_by").filter(
        pk=request_id
    )
    made = found.first()
    if made is None:
        raise Http404("No such request")
    if made.partnership_id not in access.administered(person_of(request)):
        raise PermissionDenied("Only the partnership's administrators can open its requests")
    return made


@administrator_required
def subject_access_request(request: HttpRequest, request_id: int) -> HttpResponse:
    """What a request found, and its downloads."""
    made = _request_of(request, request_id)
    return render(
        request,
        "web/manage/subject_access_request.html",
        {
            "made": made,
            "cases": made.cases.order_by("raised_at", "pk"),
            "unconfirmed": made.unconfirmed.order_by("raised_at", "pk"),
            "downloads": {
                kind: reverse("web:manage-subject-access-download", args=[made.pk, kind])
                for kind in FORMATS
            },
            "sections": sections(request, SECTION),
        },
    )


@administrator_required
def subject_access_download(request: HttpRequest, request_id: int, kind: str) -> HttpResponse:
    """The export as a tagged PDF or as JSON, logged in each of its cases' access log."""
    made = _request_of(request, request_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    if kind not in FORMATS:
        raise Http404("No such export")
    confirm_it_is_them(request)
    person, now = person_of(request), timezone.now()
    export = subject_access_export(made, person=person, now=now)
    body = (
        render_pdf("subject_access", export, language=request.LANGUAGE_CODE)
        if kind == "pdf"
        else as_json(export)
    )
    log_cases_exported(
        person=person,
        case_ids=made.case_ids(),
        action=f"subject access export {made.reference} ({kind.upper()})",
        now=now,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    response = HttpResponse(body, content_type=FORMATS[kind])
    response["Content-Disposition"] = attachment(f"{made.reference}-subject-access.{kind}")
    response["Cache-Control"] = "no-store"
    return response
