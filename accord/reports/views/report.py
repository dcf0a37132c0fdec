"""The quarterly board report: the page, and its PDF and spreadsheet (after "confirm it's you")."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accord.config.replica import replica_reads

from .. import access
from ..exports import report_pdf, report_xlsx
from ..forms import QuarterForm
from ..quarterly import QuarterlyReport, quarterly_report
from ..suppression import NOTES
from ._common import person_of, reauthentication_required, sections, staff_required

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _form(request: HttpRequest) -> QuarterForm:
    return QuarterForm(
        request.GET or None,
        partnerships=access.board_partnerships(person_of(request)),
        today=timezone.localdate(),
    )


@staff_required
def report(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    partnership = form.chosen()
    assert partnership is not None
    with replica_reads():
        made = quarterly_report(partnership, form.period(), today=timezone.localdate())
    query = urlencode({"partnership": partnership.pk, "quarter": made.code})
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "partnership": partnership,
            "sections": sections(person_of(request), "web:partnership-report", partnership),
            "report": made,
            "notes": NOTES,
            "pdf_url": f"{reverse('web:partnership-report-pdf')}?{query}",
            "xlsx_url": f"{reverse('web:partnership-report-xlsx')}?{query}",
        },
    )


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    """The report as a file. A partnership and quarter must be named, and valid: otherwise back
    to the report page, which says what is wrong."""
    form = _form(request)
    if not request.GET.get("quarter") or not form.is_valid():
        return redirect(f"{reverse('web:partnership-report')}?{request.GET.urlencode()}")
    partnership = form.chosen()
    assert partnership is not None
    with replica_reads():
        made: QuarterlyReport = quarterly_report(
            partnership, form.period(), today=timezone.localdate()
        )
    body = report_pdf(made) if kind == "pdf" else report_xlsx(made)
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    name = f"{partnership.slug}-{made.file_name(kind)}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@reauthentication_required
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@staff_required
@reauthentication_required
def report_xlsx_download(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")
