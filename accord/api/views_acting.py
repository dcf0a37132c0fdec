"""The actions on a case the API takes so far, each the web's own (`accord.web.views`'s declared
`Action`s) through `acting.act`: respond, complete a step, escalate, set a deadline, record the
outcome (or the final process's decision), refer, withdraw and close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response

from accord.web.views import case_ending, case_final, case_progress, case_timescales
from accord.web.views.case_acting import Acting
from accord.web.views.case_action_page import Action

from . import serializers
from .acting import act
from .base import ApiView
from .views_cases import WRITE_PROBLEMS

ACTED = {(200, "application/json"): serializers.CaseOut, **WRITE_PROBLEMS}


def acting(
    name: str,
    *,
    summary: str,
    body: type[drf.Serializer[Any]],
    choose: Callable[[Acting], Action],
    description: str = "",
    parameters: list[OpenApiParameter] | None = None,
) -> type[ApiView]:
    """The view of one action: POST `body` to it, and `choose` picks the web's declared `Action`
    for the case as the caller sees it (`acting.act` does the rest, with the path's other values
    as the page's URL arguments; `parameters` documents them)."""

    class View(ApiView):
        @extend_schema(
            operation_id=name,
            summary=summary,
            description=description,
            request=body,
            responses=ACTED,
            parameters=parameters,
        )
        def post(self, request: Request, reference: str, **args: Any) -> Response:
            return act(request, reference, choose=choose, body=body, args=args)

    View.__name__ = View.__qualname__ = "".join(word.title() for word in name.split("_"))
    return View


Respond = acting(
    "respond",
    summary="Respond to a case",
    description="The receiving side's holder agrees, proposes another way forward or "
    "disagrees (a note is needed for the last two), as on the case's Respond page.",
    body=serializers.RespondIn,
    choose=lambda a: case_progress.RESPOND,
)
CompleteStep = acting(
    "complete_step",
    summary="Mark one of the current stage's steps as done",
    body=serializers.CompleteStepIn,
    choose=lambda a: case_progress.COMPLETE_STEP,
)
Escalate = acting(
    "escalate",
    summary="Escalate a case",
    description="To the next stage (or a higher one where the procedure allows: `to_stage`), "
    "naming both new holders, who must be at the level the procedure names (or, where it "
    "allows others, with `holder_reason`).",
    body=serializers.EscalateIn,
    choose=lambda a: case_progress.ESCALATE,
)
Resolve = acting(
    "resolve",
    summary="Record the agreed outcome (or, on a referred case, the decision)",
    description="A current holder records the outcome agreed at a stage; on a case referred to "
    "the partnership, its decision-makers record the final process's decision (`consensus` and "
    "`without_consensus` are not asked then).",
    body=serializers.ResolveIn,
    choose=lambda a: (
        case_ending.RECORD_DECISION if case_ending._deciding(a) else case_ending.RESOLVE
    ),
)
Withdraw = acting(
    "withdraw",
    summary="Withdraw a case",
    body=serializers.ReasonIn,
    choose=lambda a: case_progress.WITHDRAW,
)
SetDeadline = acting(
    "set_deadline",
    summary="Bring a deadline forward, or set the date the parties agreed",
    body=serializers.SetDeadlineIn,
    choose=lambda a: case_timescales.SET_DEADLINE,
)
Refer = acting(
    "refer",
    summary="Refer a case unresolved at the top stage to the partnership",
    body=serializers.ReasonIn,
    choose=lambda a: case_final.REFER,
)
Close = acting(
    "close",
    summary="Close a case",
    description="Once its outcome is signed off (and its debrief recorded, where the procedure "
    "requires one).",
    body=serializers.SeenIn,
    choose=lambda a: case_ending.CLOSE,
)
