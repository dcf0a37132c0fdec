"""The board figures through the API: the board page's counts for the partnership's staff,
with small numbers suppressed as everything that leaves Accord (decision 7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from tests.factories import RAISED_AT, OpenCaseFactory, PartnershipRoleFactory

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _later() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(hours=2), tick=False):
        yield


def test_the_staff_see_the_board_with_small_numbers_suppressed() -> None:
    first = OpenCaseFactory()
    for n in range(5):
        OpenCaseFactory(
            partnership=first.partnership,
            policy_version=first.policy_version,
            raising_agency=first.raising_agency,
            receiving_agency=first.receiving_agency,
            urgent=n == 0,
            stage=2 if n == 0 else 1,
            reason="Immediate risk" if n == 0 else "",
            now=RAISED_AT + timedelta(minutes=n + 1),
        )
    manager = PartnershipRoleFactory(partnership=first.partnership).person
    url = f"/api/v1/partnerships/{first.partnership_id}/board/"
    response = api_as(manager, "read").get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    headline = {f["label"]: f["count"] for f in body["headline"]}
    assert headline["Active cases"] == "6"
    assert headline["Urgent"] == "<5"
    stages = {f["label"]: f["count"] for f in body["by_stage"]["figures"]}
    # 5 at stage 1 and 1 at stage 2: the 1 is <5, so the 5 is hidden too (else 6 - 5 gives it)
    assert stages == {"Stage 1": "[c]", "Stage 2": "<5"}
    assert body["by_stage"]["total"] == "6"
    assert body["by_pair"]["figures"][0]["count"] == "6"
    assert "<5" in body["method"]


def test_only_that_partnerships_staff_see_its_board() -> None:
    case = OpenCaseFactory()
    url = f"/api/v1/partnerships/{case.partnership_id}/board/"
    problem_of(api_as(case.raised_by).get(url), 403)
    elsewhere = PartnershipRoleFactory().person  # staff of another partnership
    problem_of(api_as(elsewhere).get(url), 403)
    problem_of(api_as(elsewhere).get("/api/v1/partnerships/999999/board/"), 403)
