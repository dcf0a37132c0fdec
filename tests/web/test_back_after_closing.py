"""Back after closing: a page the person used while the case went on says the case is closed
(409, the engine's words), never that the person may not act (403)."""

from __future__ import annotations

import pytest

from accord.cases import actions
from accord.cases.models import FormRecord
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, holder, later

from .test_case_ending import text, url

pytestmark = pytest.mark.django_db


def test_a_holders_form_page_after_closing_says_the_case_is_closed() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    record = FormRecord.objects.get(case=case)
    former = holder(case, "receiving")
    client = signed_in(former)
    assert client.get(url("case-form", case, form_id=record.pk)).status_code == 200
    case = actions.withdraw_case(
        case=case, actor=case.raised_by, reason="Resolved informally", now=later(case, 2)
    )
    page = client.get(url("case-form", case, form_id=record.pk))  # Back
    assert page.status_code == 409
    assert "nothing more can be recorded" in text(page)
    assert "Only " not in text(page)  # no blame on the person
