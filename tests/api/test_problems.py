"""Every error is RFC 9457 problem details with a 4xx: unknown addresses, wrong methods and
media types, rate limits (429 with Retry-After); and no body, however odd, is a 500."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.api.throttling import PerToken
from tests.factories import RAISED_AT, OpenCaseFactory, holder
from tests.web.test_raise_journey import NOW, world

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db


def test_addresses_methods_and_media_types_are_problems() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    problem_of(api.get("/api/v1/no-such-thing/"), 404)
    problem_of(api.get("/api/v2/cases/"), 404)
    response = api.client.delete(f"/api/v1/cases/{case.reference}/", headers=api.headers)
    assert problem_of(response, 405)
    assert "GET" in response.headers["Allow"]
    form = api.client.post(
        f"/api/v1/cases/{case.reference}/respond/", {"seen": "1"}, headers=api.headers
    )
    problem_of(form, 415)
    # A POST to no operation (here a planned meeting's id that is no number), even from a
    # client that Django's CSRF checks would refuse, is a 404 problem too.
    strict = Client(enforce_csrf_checks=True)
    for path in (f"/api/v1/cases/{case.reference}/planned-meetings/x/move/", "/api/v2/cases/"):
        problem_of(
            strict.post(path, "{}", content_type="application/json", headers=api.headers), 404
        )


def test_over_the_rate_a_token_gets_429_with_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PerToken, "THROTTLE_RATES", {"token": "2/minute"})
    case = OpenCaseFactory()
    api = api_as(holder(case))
    other = api_as(case.raised_by)
    assert [api.get("/api/v1/token/").status_code for _ in range(2)] == [200, 200]
    response = api.get("/api/v1/token/")
    problem = problem_of(response, 429)
    assert problem["type"].endswith("#problem-rate-limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert other.get("/api/v1/token/").status_code == 200  # per token, not for everyone


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
# The case's other actions (`views_work`) and their fields; a task and a planned meeting that
# are not the case's are a 404, as one that is never reaches the body on a case that refuses it.
WORK_FIELDS = (
    "fact", "value", "title", "owner", "due_on", "held_on", "held_time", "chair", "attendees",
    "other_attendees", "minutes", "without_consensus", "starts_on", "starts_time", "place",
    "reason", "advice", "convene", "members", "outcome", "notes",
)  # fmt: skip
WORK_ACTIONS = (
    "set-fact", "tasks", "tasks/1/complete", "meetings", "planned-meetings",
    "planned-meetings/1/held", "planned-meetings/1/move", "planned-meetings/1/cancel",
    "advice", "take-over/receiving", "panel", "debrief",
)  # fmt: skip
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        name: JSON | st.text(max_size=300)
        for name in (
            "partnership",
            "exceptions",
            "immediate_risk",
            "start_stage",
            "subject_kind",
            "subject_name",
            "subject_date_of_birth",
            "concern_on",
            "decision",
            "agency",
            "counterpart",
            "raising_holder",
            "theme",
            "facts",
            "seen",
            "position",
            "note",
            *WORK_FIELDS,
        )
    },
)


@pytest.fixture
def people() -> Iterator[tuple[Any, Any]]:
    """A raiser with a partnership to raise in, and a case's receiving holder (made once for
    all the examples: they run in one test's transaction)."""
    with time_machine.travel(NOW, tick=False):
        case = OpenCaseFactory(now=RAISED_AT)
        yield api_as(world().raiser), (api_as(holder(case)), case.reference)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=FIELDS, key=st.text(min_size=0, max_size=210))
def test_no_body_is_a_server_error(people: tuple[Any, Any], data: dict[str, Any], key: str) -> None:
    raiser, (receiver, reference) = people
    with time_machine.travel(NOW, tick=False):
        headers = {"Idempotency-Key": key} if key.isprintable() else {}
        raised = raiser.post("/api/v1/cases/", data, **headers)
        assert raised.status_code < 500, raised.content[:300]
        for action in (
            "respond",
            "escalate",
            "resolve",
            "withdraw",
            "complete-step",
            "set-deadline",
            "refer",
            "close",
            *WORK_ACTIONS,
        ):
            acted = receiver.post(f"/api/v1/cases/{reference}/{action}/", data)
            assert acted.status_code < 500, (action, acted.content[:300])


def test_control_characters_and_huge_numbers_are_problems_too() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    problem_of(api.get("/api/v1/cases/", queue="all\x00"), 400)
    problem_of(api.get("/api/v1/cases/99999999999999999999999/"), 400)
    bad_key = api.post("/api/v1/cases/", {}, **{"Idempotency-Key": "a\x07b"})
    assert problem_of(bad_key, 400)["type"].endswith("#problem-malformed")
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    nul = api.post(
        f"/api/v1/cases/{case.reference}/respond/",
        {"seen": seen, "position": "agree", "note": "\x00"},
    )
    assert [e["field"] for e in problem_of(nul, 422)["errors"]] == ["note"]  # never stored


@pytest.mark.usefixtures("_at_noon")
def test_ids_beyond_the_databases_are_bad_input_not_errors() -> None:
    case = OpenCaseFactory()
    api = api_as(case.raised_by)
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    huge = 10**30
    escalated = api.post(
        f"/api/v1/cases/{case.reference}/escalate/",
        {"seen": seen, "raising_holder": huge, "receiving_holder": huge, "reason": "x"},
    )
    fields = {e["field"] for e in problem_of(escalated, 422)["errors"]}
    assert fields == {"raising_holder", "receiving_holder"}
    # A task or planned meeting id in the path: beyond the database's, the address is bad (400);
    # within it but none of the case's, no such thing (404), as on the pages.
    for path in ("tasks/{}/complete", "planned-meetings/{}/move"):
        url = f"/api/v1/cases/{case.reference}/" + path + "/"
        problem_of(api.post(url.format(huge), {"seen": seen}), 400)
        problem_of(api.post(url.format(2**63 - 1), {"seen": seen}), 404)
    raised = api.post(
        "/api/v1/cases/", {"agency": huge, "partnership": -1}, **{"Idempotency-Key": "big"}
    )
    assert {e["field"] for e in problem_of(raised, 422)["errors"]} == {"agency", "partnership"}


@pytest.fixture
def _at_noon() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(hours=2), tick=False):
        yield


def test_a_post_to_no_operation_is_a_404_problem_not_a_csrf_page() -> None:
    """An address under /api/ that is no operation (here a form record's id that is no
    number), posted to without a session: problem details, never Django's CSRF page."""
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/cases/ACC-2026-00001/forms/x/", "{}", content_type="application/json"
    )
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
