"""The national view: counts across every partnership for a national reader, never a case."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.config.replica import replica_reads
from accord.partnerships.models import Partnership

from .. import access
from ..forms import QuarterForm
from ..national import national_counts
from ..suppression import NOTES
from ._common import person_of


@login_required
def national(request: HttpRequest) -> HttpResponse:
    if not access.is_national_reader(person_of(request)):
        raise PermissionDenied("Only national readers can open this page")
    form = QuarterForm(
        request.GET or None, partnerships=Partnership.objects.none(), today=timezone.localdate()
    )
    with replica_reads():
        counts = national_counts(form.period())
    return render(
        request, "reports/national.html", {"form": form, "national": counts, "notes": NOTES}
    )
