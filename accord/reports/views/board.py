"""The live board: a partnership's active cases now, each figure a link to the cases behind it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accord.config.replica import replica_reads

from .. import access
from ..board import Figure, PairFigure, board_for
from ..forms import ChooseForm
from ._common import cases_link, person_of, sections


def _linked(figure: Figure | PairFigure) -> dict[str, Any]:
    return {"figure": figure, "href": cases_link(figure.query)}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if not access.is_partnership_staff(person):
        if access.is_national_reader(person):
            return redirect("web:partnership-national")
        raise PermissionDenied("Only a partnership's staff can open this page")
    form = ChooseForm(request.GET or None, partnerships=access.board_partnerships(person))
    partnership = form.chosen()
    assert partnership is not None  # staff have at least one partnership
    with replica_reads():  # the figures; who may see them was decided on the primary
        figures = board_for(partnership.pk, now=timezone.now())
    return render(
        request,
        "reports/board.html",
        {
            "form": form,
            "partnership": partnership,
            "sections": sections(person, "web:partnership-board", partnership),
            "board": figures,
            "headline": [
                _linked(f)
                for f in (
                    figures.active,
                    figures.overdue,
                    figures.urgent,
                    figures.awaiting_sign_off,
                    figures.referred,
                )
                if f is not None
            ],
            "by_stage": [_linked(f) for f in figures.by_stage],
            "by_status": [_linked(f) for f in figures.by_status],
            "by_pair": [_linked(f) for f in figures.by_pair],
        },
    )
