"""Signing off a case's outcome for one side through the API: the page's own declared action
(`case_ending.SIGN_OFF`) through `acting.act`, which asks for the person's authenticator code
because the action is a signature (`reauthenticate`; decision 33)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accord.cases.models import Side
from accord.web.views.case_ending import SIGN_OFF

from . import serializers_forms
from .acting import act
from .base import ApiView
from .problems import Problem
from .signing import HEADER
from .views_acting import ACTED

SIDE = OpenApiParameter(
    "side",
    str,
    OpenApiParameter.PATH,
    enum=[side.value for side in Side],
    description="The side you sign for.",
)
CODE = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The signer's current authenticator code (the 6 digits their app shows now), "
    "or one of their recovery codes: what the page's \"Confirm it's you\" asks. A system "
    "acting for a person sends the code that person typed. Missing or wrong: a 403; too many "
    "wrong codes: a 429.",
)


class SignOff(ApiView):
    @extend_schema(
        operation_id="sign_off",
        summary="Sign off the outcome for your side (an electronic signature)",
        description="Each side's current holder (and, for the raising side, the raiser) "
        "confirms in writing that the recorded outcome is what their side agreed, as on the "
        "case's Sign off page: with `confirmed` true and the signer's authenticator code.",
        parameters=[SIDE, CODE],
        request=serializers_forms.SignOffIn,
        responses=ACTED,
    )
    def post(self, request: Request, reference: str, side: str) -> Response:
        if side not in SIGN_OFF:
            raise Problem(404, "not-found", "No such side: sign off for `raising` or `receiving`")
        return act(
            request,
            reference,
            choose=lambda acting: SIGN_OFF[side],
            body=serializers_forms.SignOffIn,
        )
