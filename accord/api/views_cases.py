"""The case operations: read one, list the person's queues and the partnership's list (cursor
pages), raise one (`Idempotency-Key`) and respond. Every read goes through the web's queries and
access rules (`accord.cases.queries`, `worklists`), so a case the caller may not see is a 404,
and every read of a case is in its access log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.case_filters import CaseFilters
from accord.cases.models import Case
from accord.cases.queries import CasePage, case_page_for
from accord.cases.references import REFERENCE_PATTERN
from accord.cases.worklists import QUEUES, partnership_cases, queue_cases, staff_partnerships
from accord.signin.addresses import client_ip
from accord.web.views.partnership_cases import filter_choices

from . import cursors, serializers
from .base import ApiView
from .models import ApiRaise
from .problems import Problem
from .raising import raise_from_body
from .reading import case_body, list_row
from .reading_work import work_body
from .writes import note_write

NOT_FOUND = "No case with that reference, or you do not have access to it"
READ_ACTION = "read case through the API"
PROBLEMS = serializers.problems(serializers.READS)
WRITE_PROBLEMS = serializers.problems(serializers.WRITES)


def person_of(request: Request) -> Person:
    user = request.user
    assert isinstance(user, Person)  # the token's person
    return user


def read_page(request: Request, reference: str, now: datetime) -> CasePage:
    """The case for the caller, replayed as of `now` (404 when they may not see it)."""
    if not REFERENCE_PATTERN.match(reference):
        raise Problem(404, "not-found", NOT_FOUND)
    try:
        return case_page_for(person_of(request), reference, now=now, replayed=True)
    except Case.DoesNotExist:
        raise Problem(404, "not-found", NOT_FOUND) from None


def log_read(request: Request, case: Case, now: datetime) -> None:
    actions.log_case_view(
        person=person_of(request),
        case=case,
        ip_address=client_ip(request._request),
        user_agent=request.headers.get("user-agent", ""),
        action=READ_ACTION,
        now=now,
    )


def read_and_log(request: Request, reference: str, now: datetime) -> dict[str, Any]:
    page = read_page(request, reference, now)
    log_read(request, page.case, now)
    return serializers.CaseOut({**case_body(page, now), **work_body(page, now)}).data


class CaseDetail(ApiView):
    @extend_schema(
        operation_id="read_case",
        summary="Read a case",
        description="Its stage, status, holders, deadlines, what happens next and the actions "
        "you may take. Logged in the case's access log.",
        responses={(200, "application/json"): serializers.CaseOut, **PROBLEMS},
    )
    def get(self, request: Request, reference: str) -> Response:
        return Response(read_and_log(request, reference, timezone.now()))


# --- Lists ----------------------------------------------------------------------------------

LIMIT = OpenApiParameter("limit", int, description="Cases a page: 1 to 100 (50 unless given).")
CURSOR = OpenApiParameter("cursor", str, description="The `next` link's cursor.")


def _page(request: Request, cases: QuerySet[Case]) -> Response:
    """One page of `cases`, newest raised first, and the link to the next (a cursor: the last
    row's raised time and id, signed)."""
    limit_text = request.query_params.get("limit", "50")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
        raise Problem(
            422,
            "invalid-input",
            "See `errors`",
            errors=[{"field": "limit", "detail": "Give a whole number from 1 to 100"}],
        )
    limit = int(limit_text)
    cases = cases.select_related("raising_agency", "receiving_agency").order_by("-raised_at", "-pk")
    if cursor_text := request.query_params.get("cursor"):
        after = cursors.read(cursor_text)
        if after is None:
            raise Problem(
                422,
                "invalid-input",
                "See `errors`",
                errors=[
                    {"field": "cursor", "detail": "Use the cursor of a `next` link as it was given"}
                ],
            )
        raised_at, pk = after
        cases = cases.filter(Q(raised_at__lt=raised_at) | Q(raised_at=raised_at, pk__lt=pk))
    rows = list(cases[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        query = request.query_params.copy()
        query["cursor"] = cursors.make(rows[-1].raised_at, rows[-1].pk)
        following = f"{request.path}?{query.urlencode()}"
    body = {"results": [list_row(c) for c in rows], "next": following}
    return Response(serializers.CasePage(body).data)


class Cases(ApiView):
    @extend_schema(
        operation_id="list_my_cases",
        summary="List your cases",
        description="One of your work queues, as on the pages: `needs_action`, `due_soon`, "
        "`overdue`, `raised` or `all` (every case you can see; the default). Newest first.",
        parameters=[
            OpenApiParameter("queue", str, enum=list(QUEUES), description="The queue."),
            LIMIT,
            CURSOR,
        ],
        responses={(200, "application/json"): serializers.CasePage, **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        queue = request.query_params.get("queue", "all")
        if queue not in QUEUES:
            raise Problem(
                422,
                "invalid-input",
                "See `errors`",
                errors=[{"field": "queue", "detail": f"Choose one of {', '.join(QUEUES)}"}],
            )
        return _page(request, queue_cases(person_of(request), queue, now=timezone.now()))

    @extend_schema(
        operation_id="raise_case",
        summary="Raise a case",
        description="The raise journey's questions in one body, checked as the pages check "
        "them. Send an `Idempotency-Key` header (any text up to 200 characters): the same "
        "key again returns the case already raised (200) instead of raising another.",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="A unique text of yours for this raising.",
            )
        ],
        request=serializers.RaiseIn,
        responses={
            (201, "application/json"): serializers.CaseOut,
            (200, "application/json"): OpenApiResponse(
                serializers.CaseOut, description="Raised before with this key"
            ),
            **WRITE_PROBLEMS,
        },
    )
    def post(self, request: Request) -> Response:
        return raise_case(request)


def _fingerprint(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _replayed(request: Request, raised: ApiRaise, fingerprint: str) -> Response:
    if raised.fingerprint != fingerprint:
        raise Problem(
            422,
            "idempotency-key-reused",
            "This Idempotency-Key raised a case with a different request: use a new key for a "
            "new case",
        )
    body = read_and_log(request, raised.case.reference, timezone.now())
    return Response(body, status=200, headers={"Location": body["url"]})


def raise_case(request: Request) -> Response:
    person = person_of(request)
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise Problem(
            400,
            "invalid-input",
            "Send an Idempotency-Key header of 1 to 200 characters, unique to this raising",
            errors=[{"field": "Idempotency-Key", "detail": "Required, 1 to 200 characters"}],
        )
    if not isinstance(request.data, dict):
        raise Problem(400, "malformed", "Send a JSON object")
    fingerprint = _fingerprint(request.data)
    key_digest = hashlib.sha256(key.encode()).hexdigest()
    earlier = ApiRaise.objects.filter(person=person, key_digest=key_digest).select_related("case")
    if (raised := earlier.first()) is not None:
        return _replayed(request, raised, fingerprint)
    if person.agency_id is None:
        raise Problem(403, "forbidden", "Only people of an agency raise disagreements")
    given = serializers.RaiseIn(data=request.data)
    given.is_valid(raise_exception=True)
    now = timezone.now()
    try:
        with transaction.atomic():
            result = raise_from_body(
                person, given.validated_data, key=key, today=timezone.localdate(now), now=now
            )
            if result.case is None:
                raise Problem(
                    422,
                    "invalid-input",
                    "The answers are not complete or not valid: see `errors`",
                    errors=result.errors,
                )
            note_write(request, result.case, operation="raise", now=now)
            ApiRaise.objects.create(
                person=person,
                key_digest=key_digest,
                fingerprint=fingerprint,
                case=result.case,
                at=now,
            )
    except actions.AlreadyRaised:  # the same key at the same time: raised once
        if (raised := earlier.first()) is None:
            raise Problem(409, "stale", "This Idempotency-Key is being used: try again") from None
        return _replayed(request, raised, fingerprint)
    except actions.CaseActionRejected as refusal:
        raise Problem(422, "invalid-input", refusal.message) from None
    body = read_and_log(request, result.case.reference, now)
    return Response(body, status=201, headers={"Location": body["url"]})


class PartnershipCases(ApiView):
    @extend_schema(
        operation_id="list_partnership_cases",
        summary="List your partnerships' cases",
        description="The partnership's list of cases, for its staff, with the filters of its "
        "page (`sort` is not taken: newest first).",
        parameters=[
            OpenApiParameter("partnership", int),
            OpenApiParameter("stage", int),
            OpenApiParameter("agency", int, description="On either side."),
            OpenApiParameter("raising_agency", int),
            OpenApiParameter("receiving_agency", int),
            OpenApiParameter("status", str, description="A status code, or `active`."),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("urgent", bool),
            OpenApiParameter("theme", str),
            OpenApiParameter("reference", str),
            OpenApiParameter("raised_from", OpenApiTypes.DATE),
            OpenApiParameter("raised_to", OpenApiTypes.DATE),
            LIMIT,
            CURSOR,
        ],
        responses={(200, "application/json"): serializers.CasePage, **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        person = person_of(request)
        if not staff_partnerships(person):
            raise Problem(403, "forbidden", "Only a partnership's staff can see its list of cases")
        filters, errors = CaseFilters.from_query(request.query_params)
        if "sort" in request.query_params:
            errors["sort"] = "The API lists newest first: leave `sort` out"
        errors = {**filter_choices(person, filters).problems(filters), **errors}
        if errors:
            raise Problem(
                422,
                "invalid-input",
                "See `errors`",
                errors=[{"field": k, "detail": v} for k, v in errors.items()],
            )
        now = timezone.now()
        return _page(request, partnership_cases(person, replace(filters), now=now))
