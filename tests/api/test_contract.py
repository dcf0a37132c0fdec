"""Contract tests generated from the published schema by schemathesis, against a live Accord.

Every operation of `/api/v1/schema/` is called with examples made from its schema: invalid ones
(anything the schema does not allow, anywhere in the request; again aimed at a real case where
the address names one), and valid ones aimed at a real case (its `reference` and `seen` fixed,
the rest generated) for the case's raiser and receiving holder and for the partnership's staff
(who take no action on a case), each with their read-write token. Then sequences follow
the schema's links (a list's first case read, then acted on with the `seen` it gave). Every
answer must be no server error, a status the operation documents, with its documented content
type, headers and body shape, and every error RFC 9457 problem details.

The examples are a fixed number per operation, made deterministically (`derandomize`), so each
CI run sends the same requests."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.api.problems import MEDIA_TYPE
from accord.cases import actions
from accord.cases.models import Case, FormRecord, Meeting, Task
from tests.factories import PartnershipRoleFactory
from tests.web.test_raise_journey import World, world

from .helpers import Api, token_for
from .test_raising import body as raise_body
from .work_helpers import with_work

EXAMPLES = int(
    os.environ.get("ACCORD_CONTRACT_EXAMPLES", "20")
)  # per operation, caller and kind of example
STATEFUL_RUNS = 30
STATEFUL_STEPS = 6
KEYS = itertools.count()  # the Idempotency-Keys of the cases raised to aim at
OPERATIONS = 31  # every operation of the schema (tests/api/test_schema.py names them)


@schemathesis.check
def problem_details_on_errors(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx is RFC 9457 problem details with its own status."""
    if response.status_code < 400:
        return None
    media = response.headers.get("content-type", [""])[0].split(";")[0]
    assert media == MEDIA_TYPE, f"{response.status_code} answered as {media!r}"
    body = response.json()
    assert body["status"] == response.status_code, body
    for member in ("type", "title", "detail"):
        assert body.get(member), body
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    problem_details_on_errors,
]
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@dataclass
class Callers:
    world: World
    tokens: dict[str, str]  # read-write, by who holds them
    raiser: Api


def callers() -> Callers:
    """The raise journey's world with a case raised through the API, and the read-write tokens
    of its raiser, of the person holding it on the receiving side, and of the partnership's
    business manager."""
    w = world()
    manager = PartnershipRoleFactory(partnership=w.partnership, role="business_manager").person
    tokens = {
        "raiser": token_for(w.raiser),
        "holder": token_for(w.social_worker),
        "staff": token_for(manager),
    }
    found = Callers(world=w, tokens=tokens, raiser=Api(tokens["raiser"]))
    fresh_case(found)
    return found


def fresh_case(callers: Callers) -> str:
    """The reference of a case the raiser raises now (through the API)."""
    key = {"Idempotency-Key": f"contract-{next(KEYS)}"}
    raised = callers.raiser.post("/api/v1/cases/", raise_body(callers.world), **key)
    assert raised.status_code == 201, raised.content
    reference: str = raised.json()["reference"]
    # A task and a planned meeting to act on (their ids are in the case read, and its links).
    with_work(Case.objects.get(reference=reference), 1, now=timezone.now())
    return reference


def on_a_case(callers: Callers, who: str, *, forms: bool = False) -> dict[str, Any]:
    """The values that aim a request at a case raised now, as `who` sees it: its reference,
    its `seen`, and its partnership; with `forms`, the case is escalated to stage 2 (which
    makes a form record) and `form_id` and `revision` are that record's."""
    reference = fresh_case(callers)
    fixed: dict[str, Any] = {}
    if forms:
        w, case = callers.world, Case.objects.get(reference=reference)
        actions.escalate_case(
            case=case, actor=w.raiser, raising_holder=w.head, receiving_holder=w.social_manager,
            reason="No agreement", now=timezone.now(),
        )  # fmt: skip
        record = FormRecord.objects.get(case=case)
        fixed = {"form_id": record.pk, "revision": record.revision}
    read = Api(callers.tokens[who]).get(f"/api/v1/cases/{reference}/").json()
    case = Case.objects.get(reference=reference)
    return {
        "reference": reference,
        "partnership_id": callers.world.partnership.pk,
        "seen": read.get("seen", 0),  # a person who may not see it: any
        "task_id": Task.objects.get(case=case).pk,
        "planned_id": Meeting.objects.get(case=case, planned=True).pk,
        **fixed,
    }


def names_a_form(operation: Any) -> bool:
    return "{form_id}" in operation.path


def reached(answered: dict[tuple[str, int], int], statuses: set[int]) -> set[str]:
    """The operations that gave one of `statuses`."""
    return {operation for operation, status in answered if status in statuses}


def actions_of(schema: Any) -> set[str]:
    """The operations that act on a case (a POST under `/cases/{reference}/`)."""
    case = "/api/v1/cases/{reference}/"
    operations = [result.ok() for result in schema.get_all_operations()]
    return {
        op.definition.raw["operationId"]
        for op in operations
        if op.path.startswith(case) and op.path != case and op.method.upper() == "POST"
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def served(live_server: Any) -> Any:
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")


def fuzz(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    answered: dict[Any, int],
    fixed: dict[str, Any] | None = None,
) -> None:
    """EXAMPLES requests of `mode` to `operation`, each answer checked and counted in
    `answered` by operation and status. `fixed`: path parameters and body fields given, not
    generated."""
    cache.clear()  # the per-token rate counts afresh for each operation

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: Any) -> None:
        for name, value in (fixed or {}).items():
            if name in (case.path_parameters or {}):
                case.path_parameters[name] = value
            elif isinstance(case.body, dict) and name in {"seen", "revision"}:
                case.body[name] = value
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        key = (operation.definition.raw["operationId"], response.status_code)
        answered[key] = answered.get(key, 0) + 1

    call()


@pytest.mark.django_db(transaction=True)
@pytest.mark.sqlite_only  # the API's answers against its schema: the same on PostgreSQL
def test_every_operation_answers_invalid_requests_as_the_schema_says(live_server: Any) -> None:
    found = callers()
    schema = served(live_server)
    covered = []
    answered: dict[tuple[str, int], int] = {}
    headers = bearer(found.tokens["holder"])
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzz(operation, GenerationMode.NEGATIVE, headers, answered)
        if operation.path_parameters:  # and with its path a real case's (or partnership's)
            fixed = on_a_case(found, "holder", forms=names_a_form(operation))
            fuzz(operation, GenerationMode.NEGATIVE, headers, answered, fixed)
        covered.append(operation.label)
    assert len(covered) == OPERATIONS, covered
    # On a real case the invalid bodies reached the action's own checks, not just a 404 (or
    # even the action: DRF takes a number for a text, so a "negative" reason may cancel).
    assert reached(answered, {200, 403, 409, 422}) >= actions_of(schema)


@pytest.mark.django_db(transaction=True)
@pytest.mark.sqlite_only  # the API's answers against its schema: the same on PostgreSQL
def test_every_operation_answers_valid_requests_on_a_real_case_as_the_schema_says(
    live_server: Any,
) -> None:
    found = callers()
    covered = set()
    answered: dict[tuple[str, int], int] = {}
    actions = actions_of(served(live_server))
    for who, token in found.tokens.items():
        for result in served(live_server).get_all_operations():
            operation = result.ok()
            if who == "staff" and operation.definition.raw["operationId"] in actions:
                continue  # staff take no action on a case (the access matrix holds the 403s)
            fixed = on_a_case(found, who, forms=names_a_form(operation))
            fuzz(operation, GenerationMode.POSITIVE, bearer(token), answered, fixed)
            covered.add((who, operation.label))
    assert len(covered) == OPERATIONS * len(found.tokens) - len(actions)
    assert reached(answered, {200}) >= {"read_case", "read_token", "list_my_cases", "read_board"}
    assert reached(answered, {200, 403, 409, 422}) >= actions


@pytest.mark.django_db(transaction=True)
@pytest.mark.sqlite_only  # the API's answers against its schema: the same on PostgreSQL
def test_sequences_along_the_schemas_links_answer_as_the_schema_says(live_server: Any) -> None:
    found = callers()
    for _ in range(2):
        fresh_case(found)
    answered: dict[tuple[str, int], int] = {}
    for who in ("holder", "raiser"):
        headers = bearer(found.tokens[who])
        schema = served(live_server)
        schema.config.generation.update(
            modes=[GenerationMode.POSITIVE], with_security_parameters=False
        )

        class Sequences(schema.as_state_machine()):  # type: ignore[misc]
            token_headers = headers

            def get_call_kwargs(self, case: Any) -> dict[str, Any]:
                return {"headers": self.token_headers}

            def setup(self) -> None:
                # Each sequence starts from a case raised for it (the lists' first), so that
                # the same sequence answers the same way whenever Hypothesis walks it again:
                # the links it may follow depend on the answers (a case acted on before is
                # not the same case).
                fresh_case(found)

            def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
                key = (case.operation.definition.raw["operationId"], response.status_code)
                answered[key] = answered.get(key, 0) + 1
                case.validate_response(response, checks=CHECKS)

        cache.clear()
        run_state_machine_as_test(
            Sequences,
            settings=settings(
                SETTINGS, max_examples=STATEFUL_RUNS, stateful_step_count=STATEFUL_STEPS
            ),
        )
    # The links were followed: a case is read only through a list's link (a generated
    # reference is no case), and acted on only through the case's.
    assert answered.get(("read_case", 200))
    assert reached(answered, {200, 403, 409, 422}) & actions_of(served(live_server))
