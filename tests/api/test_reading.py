"""Reading a case and listing cases through the API: the web's access rules and queries (a case
the caller may not see is a 404), the access log, the fields, and cursor pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from accord.accounts.models import AgencyKind
from accord.api.views_cases import READ_ACTION
from accord.cases.models import AccessLog
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
)

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db
NOW = RAISED_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _after_raising() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_holder_reads_the_case_as_the_page_shows_it_and_the_read_is_logged() -> None:
    case = OpenCaseFactory()
    receiver = holder(case)
    response = api_as(receiver, "read").get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == case.reference
    assert body["stage"]["number"] == 1
    assert body["stage"]["name"]
    assert body["status"]["code"] == "open"
    assert [h["id"] for h in body["holders"]["receiving"]] == [receiver.pk]
    assert [h["id"] for h in body["holders"]["raising"]] == [case.raised_by_id]
    keys = {d["key"]: d for d in body["deadlines"]}
    assert "stage:1" in keys
    assert keys["stage:1"]["due_on"]
    assert keys["stage:1"]["status"] == "open"
    assert body["what_happens_next"], body
    offered = {a["action"]: a for a in body["actions"]}
    assert offered["respond"]["href"] == f"/api/v1/cases/{case.reference}/respond/"
    assert body["seen"] >= 1
    assert "Test Child" not in response.content.decode()  # the child is not part of the read
    log = AccessLog.objects.get(case=case, person=receiver)
    assert log.action == READ_ACTION


def test_the_raiser_is_not_offered_the_receivers_response() -> None:
    case = OpenCaseFactory()
    body = api_as(case.raised_by).get(f"/api/v1/cases/{case.reference}/").json()
    assert "respond" not in {a["action"] for a in body["actions"]}


def test_someone_who_may_not_see_a_case_gets_the_same_404_as_for_no_case() -> None:
    case = OpenCaseFactory()
    colleague = PersonFactory(agency=case.receiving_agency)  # same agency, not a party
    hidden = problem_of(api_as(colleague).get(f"/api/v1/cases/{case.reference}/"), 404)
    missing = problem_of(api_as(colleague).get("/api/v1/cases/ACC-2026-99999/"), 404)
    assert hidden["detail"] == missing["detail"]
    assert hidden["type"].endswith("#problem-not-found")
    assert not AccessLog.objects.filter(person=colleague).exists()
    problem_of(api_as(colleague).get("/api/v1/cases/not-a-reference/"), 404)


def test_the_queues_are_the_pages_queues_and_pages_follow_by_cursor() -> None:
    first = OpenCaseFactory()
    raiser = first.raised_by
    more = [
        OpenCaseFactory(
            partnership=first.partnership,
            policy_version=first.policy_version,
            raising_agency=first.raising_agency,
            receiving_agency=first.receiving_agency,
            raised_by=raiser,
            now=RAISED_AT + timedelta(minutes=n + 1),
        )
        for n in range(2)
    ]
    stranger_case = OpenCaseFactory()
    api = api_as(raiser, "read")
    page = api.get("/api/v1/cases/", queue="raised", limit="2").json()
    newest_first = [more[1].reference, more[0].reference]
    assert [row["reference"] for row in page["results"]] == newest_first
    assert page["next"]
    rest = api.get(page["next"]).json()
    assert [row["reference"] for row in rest["results"]] == [first.reference]
    assert rest["next"] is None
    everything = api.get("/api/v1/cases/").json()["results"]
    assert stranger_case.reference not in {row["reference"] for row in everything}
    receiver = holder(first)
    waiting = api_as(receiver).get("/api/v1/cases/", queue="needs_action").json()["results"]
    assert [row["reference"] for row in waiting] == [first.reference]


def test_bad_list_parameters_are_problems_naming_the_field() -> None:
    case = OpenCaseFactory()
    api = api_as(case.raised_by)
    for query, field in [
        ({"queue": "mine"}, "queue"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "forged"}, "cursor"),
    ]:
        body = problem_of(api.get("/api/v1/cases/", **query), 422)
        assert [e["field"] for e in body["errors"]] == [field]


def test_the_partnership_list_is_for_its_staff_with_the_pages_filters() -> None:
    case = OpenCaseFactory()
    other = OpenCaseFactory(
        partnership=case.partnership,
        policy_version=case.policy_version,
        raising_agency=case.raising_agency,
        receiving_agency=AgencyFactory(home_partnership=case.partnership, kind=AgencyKind.HEALTH),
    )
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    api = api_as(manager, "read")
    listed = api.get("/api/v1/partnership-cases/").json()["results"]
    assert {row["reference"] for row in listed} == {case.reference, other.reference}
    narrowed = api.get("/api/v1/partnership-cases/", agency=str(other.receiving_agency_id))
    assert [row["reference"] for row in narrowed.json()["results"]] == [other.reference]
    body = problem_of(api.get("/api/v1/partnership-cases/", stage="x", status="lost"), 422)
    assert {e["field"] for e in body["errors"]} == {"stage", "status"}
    problem_of(api_as(case.raised_by).get("/api/v1/partnership-cases/"), 403)
