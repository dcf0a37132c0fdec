"""`GET /api/v1/partnerships/{id}/board/`: the partnership's live board for its staff, as the
board page counts it (`accord.reports.board`), but suppressed as everything that leaves Accord
is (decision 7: a count from 1 to 4 is `<5`, and what would reveal one is `[c]`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response

from accord.config.replica import replica_reads
from accord.partnerships.models import Partnership
from accord.reports import access, suppression
from accord.reports.board import Board, Figure, board_for

from .base import ApiView
from .problems import Problem
from .serializers import AgencyRef, problems
from .views_cases import person_of

METHOD = (
    "Counts from 1 to 4 are shown as <5; in a group shown with its total, when exactly one "
    "count is <5 the smallest other count is hidden too ([c]), so it cannot be worked out."
)


class Count(drf.Serializer[Any]):
    label = drf.CharField()  # type: ignore[assignment]  # a field named as Field's attribute
    count = drf.CharField(help_text="A number, `<5` or `[c]`.")


class PairCount(drf.Serializer[Any]):
    raising = drf.CharField()
    receiving = drf.CharField()
    count = drf.CharField(help_text="A number, `<5` or `[c]`.")


class Group(drf.Serializer[Any]):
    figures = Count(many=True)
    total = drf.CharField()


class PairGroup(drf.Serializer[Any]):
    figures = PairCount(many=True)
    total = drf.CharField()


class BoardOut(drf.Serializer[Any]):
    partnership = AgencyRef()
    today = drf.DateField()
    method = drf.CharField(help_text="How small numbers are kept out.")
    headline = Count(many=True)
    by_status = Group()
    by_stage = Group(help_text="Open cases by stage.")
    by_pair = PairGroup(help_text="Active cases by raising and receiving agency.")


def _group(figures: list[Figure]) -> dict[str, Any]:
    shown, total = suppression.group([f.count for f in figures])
    return {
        "figures": [{"label": f.label, "count": c} for f, c in zip(figures, shown, strict=True)],
        "total": total,
    }


def board_body(partnership: Partnership, board: Board) -> dict[str, Any]:
    headline = [
        f
        for f in (
            board.active,
            board.overdue,
            board.urgent,
            board.awaiting_sign_off,
            board.referred,
        )
        if f is not None
    ]
    pairs, total = suppression.group([p.count for p in board.by_pair])
    return {
        "partnership": {"id": partnership.pk, "name": partnership.name},
        "today": board.today,
        "method": METHOD,
        "headline": [{"label": f.label, "count": suppression.count(f.count)} for f in headline],
        "by_status": _group(board.by_status),
        "by_stage": _group(board.by_stage),
        "by_pair": {
            "figures": [
                {"raising": p.raising, "receiving": p.receiving, "count": c}
                for p, c in zip(board.by_pair, pairs, strict=True)
            ],
            "total": total,
        },
    }


class BoardView(ApiView):
    @extend_schema(
        operation_id="read_board",
        summary="A partnership's board figures",
        description="Its active cases now, for its staff: as on the board page, with small "
        "numbers suppressed as in everything that leaves Accord.",
        responses={(200, "application/json"): BoardOut, **problems((400, 401, 403, 404, 406, 429))},
    )
    def get(self, request: Request, partnership_id: int) -> Response:
        person = person_of(request)
        partnership = Partnership.objects.filter(pk=partnership_id).first()
        if partnership is None or not access.may_see_figures(person, partnership):
            raise Problem(403, "forbidden", "Only a partnership's staff see its figures")
        with replica_reads():  # the figures; who may see them was decided on the primary
            board = board_for(partnership.pk, now=timezone.now())
        return Response(BoardOut(board_body(partnership, board)).data)
