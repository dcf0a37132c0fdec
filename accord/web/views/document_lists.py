"""The partnership staff's documents across cases: the inbox of submitted form records, and the
partnership's list of cases exported to CSV or XLSX.

The inbox is for partnership staff (any partnership role), the export for the people who open
the list itself (oversight staff: business manager, chair, administrators); 403 otherwise. Both
read through the access rules (`cases_visible_to`, `partnership_cases`). An export always asks
the person to confirm it's them (it names the people who raised each case), carries no child's
details, and is recorded in the access log of every case it contains.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from accord.cases import access
from accord.cases.actions import log_cases_exported
from accord.cases.case_filters import CaseFilters
from accord.cases.models import Case, FormRecord, FormStatus
from accord.cases.worklists import partnership_cases, staff_partnerships
from accord.documents.filenames import attachment
from accord.documents.spreadsheets import Cell, csv_bytes, xlsx_bytes
from accord.signin.addresses import client_ip
from accord.web import labels
from accord.web.reauth import reauthentication_required

from .case_acting import person_of

PAGE_SIZE = 50
NOT_STAFF = "Only partnership staff can open this page"
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
HEADERS = [
    "Reference",
    "Partnership",
    "Status",
    "Stage",
    "Urgent",
    "Overdue",
    "Next due",
    "Raised on",
    "Raised by",
    "Raising agency",
    "Receiving agency",
    "Theme",
    "Closed on",
]


def _staff_only(request: HttpRequest) -> set[int]:
    partnerships = staff_partnerships(person_of(request))
    if not partnerships:
        raise PermissionDenied(NOT_STAFF)
    return partnerships


@login_required
def received_forms(request: HttpRequest) -> HttpResponse:
    """The submitted form records of the cases of the person's partnerships, newest first."""
    partnerships = _staff_only(request)
    person = person_of(request)
    cases = access.cases_visible_to(person).filter(partnership_id__in=sorted(partnerships))
    records = (
        FormRecord.objects.filter(status=FormStatus.SUBMITTED, case__in=cases.values("pk"))
        .select_related("case", "submitted_by")
        .order_by("-submitted_at", "-pk")
    )
    deciding = access.roles_of(person).partnerships_with(access.DECISION_ROLES)
    return render(
        request,
        "web/documents/received_forms.html",
        {
            "page": Paginator(records, PAGE_SIZE).get_page(request.GET.get("page")),
            "deciding": deciding,
        },
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="File format",
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose CSV or Excel (XLSX) for the export"},
    )


@login_required
def partnership_cases_export(request: HttpRequest) -> HttpResponse:
    """`?format=csv|xlsx&<the list's filters>`: the partnership's list as a file, for whoever
    opens the list itself (a partnership's business manager, chair or administrators)."""
    if not access.has_oversight(person_of(request)):
        raise PermissionDenied(
            "Only a partnership's business manager, independent chair and administrators can "
            "export its list of cases"
        )
    return _export(request)


@reauthentication_required
def _export(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    form = ExportForm(request.GET)
    filters, problems = CaseFilters.from_query(request.GET)
    if not form.is_valid() or problems:
        form.is_valid()
        for message in problems.values():
            form.add_error(None, message)
        return render(request, "web/documents/export_problem.html", {"form": form}, status=400)
    kind = form.cleaned_data.get("format") or "csv"
    now = timezone.now()
    person = person_of(request)
    cases = list(
        partnership_cases(person, filters, now=now).select_related(
            "partnership", "raised_by", "raising_agency", "receiving_agency"
        )
    )
    statuses = labels.case_status_tags(cases)
    rows = [_row(case, str(statuses[case.pk].text)) for case in cases]
    body = xlsx_bytes(HEADERS, rows, sheet="Cases") if kind == "xlsx" else csv_bytes(HEADERS, rows)
    log_cases_exported(
        person=person,
        case_ids=[case.pk for case in cases],
        action=f"exported in the partnership's list ({FORMATS[kind][1]})",
        now=now,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    response = HttpResponse(body, content_type=FORMATS[kind][0])
    day = timezone.localdate(now).isoformat()
    response["Content-Disposition"] = attachment(f"partnership-cases-{day}.{kind}")
    response["Cache-Control"] = "no-store"
    return response


def _day(at: datetime | None) -> Cell:
    return timezone.localdate(at) if at is not None else None


def _row(case: Case, status: str) -> list[Cell]:
    return [
        case.reference,
        case.partnership.name,
        status,
        case.stage,
        "Yes" if case.urgent else "No",
        "Yes" if getattr(case, "overdue", False) else "No",
        getattr(case, "next_due_on", None),
        _day(case.raised_at),
        case.raised_by.full_name,
        case.raising_agency.name,
        case.receiving_agency.name,
        case.theme,
        _day(case.closed_at),
    ]
