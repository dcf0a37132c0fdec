"""Trends over a chosen run of months: charts drawn on the server, each with its data table."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accord.config.replica import replica_reads

from .. import access
from ..charts import Line, bar_chart, line_chart
from ..forms import TrendsForm
from ..method import METHOD
from ..trends import Count, trends_for
from ._common import person_of, sections, staff_required


@staff_required
def trends(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    today = timezone.localdate()
    form = TrendsForm(
        request.GET or None, partnerships=access.board_partnerships(person), today=today
    )
    partnership = form.chosen()
    assert partnership is not None
    period = form.period()
    with replica_reads():
        figures = trends_for(partnership.pk, period, today=today)
    labels = figures.month_labels
    charts = {
        "monthly": line_chart(
            "chart-monthly",
            gettext("Cases raised, resolved, withdrawn and referred each month"),
            labels,
            [Line(s.label, s.values) for s in figures.monthly],
        ),
        "stages": _counts_chart(
            "chart-stages",
            gettext("Cases resolved, by the stage reached"),
            figures.resolved_by_stage,
        ),
        "at_stage": bar_chart(
            "chart-at-stage",
            gettext("Median working days at each stage"),
            [label for label, _ in figures.at_stage],
            [spread.median or 0 for _, spread in figures.at_stage],
        ),
        "themes": line_chart(
            "chart-themes",
            gettext("Cases raised each month, by theme"),
            labels,
            [Line(s.label, s.values) for s in figures.themes],
        ),
        "raising": _counts_chart(
            "chart-raising", gettext("Cases raised, by raising agency"), figures.raising_agencies
        ),
        "receiving": _counts_chart(
            "chart-receiving",
            gettext("Cases raised, by receiving agency"),
            figures.receiving_agencies,
        ),
    }
    return render(
        request,
        "reports/trends.html",
        {
            "form": form,
            "partnership": partnership,
            "sections": sections(person, "web:partnership-trends", partnership),
            "trends": figures,
            "charts": charts,
            "method": METHOD,
        },
    )


def _counts_chart(chart_id: str, title: str, counts: Sequence[Count]) -> SafeString:
    """A bar for each count, labelled."""
    return bar_chart(chart_id, title, [c.label for c in counts], [c.value for c in counts])
