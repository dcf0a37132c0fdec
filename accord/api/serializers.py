"""The shapes the API reads and writes, as DRF serializers: they type-check what comes in (the
rules themselves are the raise journey's and the actions') and document what goes out in the
OpenAPI schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accord.cases.models import CaseStatus
from accord.input_limits import LARGEST_ID
from accord.web.case_forms import POSITIONS

_POSITIONS = list(POSITIONS)


def record_id(**kwargs: Any) -> serializers.IntegerField:
    """A record's id: a whole number that fits the database's (`accord.input_limits`)."""
    return serializers.IntegerField(min_value=1, max_value=LARGEST_ID, **kwargs)


def small_number(**kwargs: Any) -> serializers.IntegerField:
    """A stage or a sequence: never beyond a 32-bit integer."""
    return serializers.IntegerField(min_value=0, max_value=2**31 - 1, **kwargs)


class AgencyRef(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRef(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    job_title = serializers.CharField(allow_blank=True)
    agency = serializers.CharField(allow_null=True, help_text="Empty for partnership staff.")


class Holder(PersonRef):
    since = serializers.DateTimeField()


class Holders(serializers.Serializer[Any]):
    raising = Holder(many=True)
    receiving = Holder(many=True)


class Stage(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)


class Status(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=CaseStatus.choices)
    words = serializers.CharField(help_text="The status in the case's procedure's words.")


class DeadlineOut(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="For example `stage:1` or `stage:1/step:response`.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named as Field's attribute
    stage = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Set for hours deadlines.")
    status = serializers.CharField(
        help_text="`open`, `due_soon` or `overdue` while running; `met`, `late` or `dropped` after."
    )
    done_at = serializers.DateTimeField(allow_null=True)


class ActionOut(serializers.Serializer[Any]):
    action = serializers.CharField()
    words = serializers.CharField()
    href = serializers.CharField(
        allow_null=True, help_text="Where to POST it; null: on the case page only, so far."
    )


class TaskOut(serializers.Serializer[Any]):
    """A task of the case, by its id (what it asks is on the case's page)."""

    id = serializers.IntegerField()
    owner = PersonRef()
    due_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    actions = ActionOut(many=True, help_text="What the caller may do with it now.")


class PlannedMeetingOut(serializers.Serializer[Any]):
    """A meeting planned and neither held nor cancelled, by its id (its place is on the page)."""

    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    chair = PersonRef(allow_null=True)
    actions = ActionOut(
        many=True, help_text="Record it as held once its time has come; move or cancel it before."
    )


class CaseOut(serializers.Serializer[Any]):
    reference = serializers.CharField()
    url = serializers.CharField()
    partnership = AgencyRef()
    raising_agency = AgencyRef()
    receiving_agency = AgencyRef()
    stage = Stage()
    status = Status()
    urgent = serializers.BooleanField()
    raised_at = serializers.DateTimeField()
    raised_by = PersonRef()
    holders = Holders()
    deadlines = DeadlineOut(many=True)
    what_happens_next = serializers.ListField(child=serializers.CharField())
    actions = ActionOut(many=True, help_text="What the caller may do on the case now.")
    seen = serializers.IntegerField(
        help_text="The sequence of the case's last event: send it back with an action."
    )
    tasks = TaskOut(many=True)
    planned_meetings = PlannedMeetingOut(many=True)


class CaseRow(serializers.Serializer[Any]):
    reference = serializers.CharField()
    url = serializers.CharField()
    stage = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    urgent = serializers.BooleanField()
    raised_at = serializers.DateTimeField()
    next_due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()
    raising_agency = AgencyRef()
    receiving_agency = AgencyRef()


class CasePage(serializers.Serializer[Any]):
    results = CaseRow(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page's address; null: none.")


class RespondIn(serializers.Serializer[Any]):
    seen = small_number(help_text="The case's `seen` when you read it: a stale action is refused.")
    position = serializers.ChoiceField(choices=_POSITIONS)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SeenIn(serializers.Serializer[Any]):
    seen = small_number(help_text="The case's `seen` when you read it: a stale action is refused.")


class CompleteStepIn(SeenIn):
    step = serializers.CharField(help_text="The step's id in the procedure.")


class EscalateIn(SeenIn):
    to_stage = small_number(
        required=False, help_text="Where the procedure lets a case skip a level."
    )
    raising_holder = record_id(help_text="The id of the raising side's holder.")
    receiving_holder = record_id(help_text="The id of the receiving side's holder.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    why = serializers.ChoiceField(
        choices=["non_response", "other"],
        required=False,
        help_text="Asked when a deadline has passed and the other side is to act next.",
    )
    without_consensus = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    holder_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ResolveIn(SeenIn):
    agreed_outcome = serializers.CharField(allow_blank=True)
    outstanding_issues = serializers.CharField(required=False, allow_blank=True)
    pursuit = serializers.CharField(required=False, allow_blank=True)
    consensus = serializers.BooleanField(
        required=False, help_text="Do both sides agree with this outcome?"
    )
    without_consensus = serializers.CharField(required=False, allow_blank=True)
    facts = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text="The procedure's questions asked when the outcome is recorded, by key.",
    )


class SetDeadlineIn(SeenIn):
    deadline = serializers.CharField(help_text="The deadline's `key`, as the case lists it.")
    due = serializers.DateField(help_text="The new due date.")
    due_time = serializers.CharField(
        required=False, allow_blank=True, help_text="For a deadline in hours: 14:30 or 2:30pm."
    )
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class ReasonIn(SeenIn):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class RaiseIn(serializers.Serializer[Any]):
    """The raise journey's questions, each under the name its answer has there. Which are
    needed depends on the partnership's procedure, as on the pages."""

    partnership = record_id(
        required=False, help_text="Needed when your agency can raise in several partnerships."
    )
    exceptions = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text="The procedure's exception questions by id: each must be answered false.",
    )
    immediate_risk = serializers.BooleanField(required=False)
    start_stage = small_number(required=False)
    start_reason = serializers.CharField(required=False, allow_blank=True)
    subject_kind = serializers.CharField(required=False, help_text="child, adult, family, theme")
    subject_name = serializers.CharField(required=False, allow_blank=True)
    subject_date_of_birth = serializers.DateField(required=False, allow_null=True)
    subject_address = serializers.CharField(required=False, allow_blank=True)
    pattern = serializers.CharField(required=False, allow_blank=True)
    concern_on = serializers.DateField(required=False)
    decision = serializers.CharField(required=False, allow_blank=True)
    decision_by = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)
    agency = record_id(required=False, help_text="The agency that made the decision.")
    counterpart = serializers.CharField(
        required=False,
        help_text="The id of the person there who should receive it, or `unknown` (its "
        "safeguarding lead receives it then).",
    )
    raising_holder = record_id(
        required=False, help_text="Needed when the procedure wants someone else to hold it."
    )
    theme = serializers.CharField(required=False, allow_blank=True)
    facts = serializers.DictField(child=serializers.BooleanField(), required=False)


class TokenOut(serializers.Serializer[Any]):
    prefix = serializers.CharField()
    name = serializers.CharField()
    scope = serializers.CharField()
    expires_at = serializers.DateTimeField()
    person = PersonRef()


class FieldProblem(serializers.Serializer[Any]):
    field = serializers.CharField(
        allow_blank=True, help_text="The body's field (`facts.x` inside an object; empty: all)."
    )
    detail = serializers.CharField()


class ProblemOut(serializers.Serializer[Any]):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="Its explanation on the reference page.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What is wrong, in words to act on.")
    instance = serializers.CharField(required=False, help_text="The address asked.")
    errors = FieldProblem(many=True, required=False, help_text="For bad input: each problem.")  # type: ignore[assignment]


PROBLEM_JSON = "application/problem+json"
READS = (400, 401, 403, 404, 406, 422, 429)
WRITES = (*READS, 409, 415)


def problems(codes: tuple[int, ...]) -> dict[Any, Any]:
    """The problem responses of an operation, for `extend_schema(responses=...)`."""
    from drf_spectacular.utils import OpenApiResponse

    return {
        (code, PROBLEM_JSON): OpenApiResponse(ProblemOut, description="Problem details")
        for code in codes
    }
