"""The actions on a case the API takes so far, each the web's own (`accord.web.views`'s declared
`Action`s) through `acting.act`: respond, complete a step, escalate, set a deadline, record the
outcome (or the final process's decision), refer, withdraw and close."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accord.web.views import case_ending, case_final, case_progress, case_timescales

from . import serializers
from .acting import act
from .base import ApiView
from .views_cases import WRITE_PROBLEMS

ACTED = {(200, "application/json"): serializers.CaseOut, **WRITE_PROBLEMS}


class Respond(ApiView):
    @extend_schema(
        operation_id="respond",
        summary="Respond to a case",
        description="The receiving side's holder agrees, proposes another way forward or "
        "disagrees (a note is needed for the last two), as on the case's Respond page.",
        request=serializers.RespondIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference, choose=lambda a: case_progress.RESPOND, body=serializers.RespondIn
        )


class CompleteStep(ApiView):
    @extend_schema(
        operation_id="complete_step",
        summary="Mark one of the current stage's steps as done",
        request=serializers.CompleteStepIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference, choose=lambda a: case_progress.COMPLETE_STEP,
            body=serializers.CompleteStepIn,
        )  # fmt: skip


class Escalate(ApiView):
    @extend_schema(
        operation_id="escalate",
        summary="Escalate a case",
        description="To the next stage (or a higher one where the procedure allows: "
        "`to_stage`), naming both new holders, who must be at the level the procedure names "
        "(or, where it allows others, with `holder_reason`).",
        request=serializers.EscalateIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference, choose=lambda a: case_progress.ESCALATE,
            body=serializers.EscalateIn,
        )  # fmt: skip


class Resolve(ApiView):
    @extend_schema(
        operation_id="resolve",
        summary="Record the agreed outcome (or, on a referred case, the decision)",
        description="A current holder records the outcome agreed at a stage; on a case "
        "referred to the partnership, its decision-makers record the final process's decision "
        "(`consensus` and `without_consensus` are not asked then).",
        request=serializers.ResolveIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference,
            choose=lambda a: case_ending.RECORD_DECISION
            if case_ending._deciding(a) else case_ending.RESOLVE,
            body=serializers.ResolveIn,
        )  # fmt: skip


class Withdraw(ApiView):
    @extend_schema(
        operation_id="withdraw",
        summary="Withdraw a case",
        request=serializers.ReasonIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference, choose=lambda a: case_progress.WITHDRAW, body=serializers.ReasonIn
        )


class SetDeadline(ApiView):
    @extend_schema(
        operation_id="set_deadline",
        summary="Bring a deadline forward, or set the date the parties agreed",
        request=serializers.SetDeadlineIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(
            request, reference, choose=lambda a: case_timescales.SET_DEADLINE,
            body=serializers.SetDeadlineIn,
        )  # fmt: skip


class Refer(ApiView):
    @extend_schema(
        operation_id="refer",
        summary="Refer a case unresolved at the top stage to the partnership",
        request=serializers.ReasonIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(request, reference, choose=lambda a: case_final.REFER, body=serializers.ReasonIn)


class Close(ApiView):
    @extend_schema(
        operation_id="close",
        summary="Close a case",
        description="Once its outcome is signed off (and its debrief recorded, where the "
        "procedure requires one).",
        request=serializers.SeenIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str) -> Response:
        return act(request, reference, choose=lambda a: case_ending.CLOSE, body=serializers.SeenIn)
