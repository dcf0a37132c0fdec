"""Subject access: every case about one child is found by name and date of birth (and flagged
when found by name alone), the request is recorded without the name, and the export holds each
case's subject, events, what was written in them, form records, who was told and the access log.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from accord.accounts.actions import AdminActionRejected
from accord.accounts.models import AdminEvent
from accord.cases.actions import CaseActionRejected, record_response, request_subject_access
from accord.cases.models import AccessLog
from accord.cases.subject_access import same_name, subject_access_export
from accord.documents.pdf import render_html
from accord.documents.subject_access import as_json
from tests.factories import (
    RAISED_AT,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db
BORN = date(2014, 3, 27)


@pytest.fixture
def partnership():  # type: ignore[no-untyped-def]
    return PartnershipFactory()


@pytest.fixture
def admin(partnership):  # type: ignore[no-untyped-def]
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


def _case(partnership, name="Maya Patel", born=BORN, **kwargs):  # type: ignore[no-untyped-def]
    return OpenCaseFactory(
        partnership=partnership,
        subject_name=name,
        subject_date_of_birth=born,
        subject_address="1 Mill Lane",
        **kwargs,
    )


def test_names_match_ignoring_case_and_spaces() -> None:
    assert same_name("  maya   PATEL ", "Maya Patel")
    assert not same_name("Maya Patel", "Maya Patell")


def test_the_childs_cases_are_found_and_no_one_elses(partnership, admin) -> None:  # type: ignore[no-untyped-def]
    first = _case(partnership)
    second = _case(partnership, name="maya  patel", now=RAISED_AT + timedelta(days=3))
    no_birth_date = _case(partnership, born=None)
    _case(partnership, born=date(2015, 1, 1))  # the same name, another child
    _case(partnership, name="Maya Patil")
    _case(PartnershipFactory())  # another partnership's case about someone of that name

    made = request_subject_access(
        actor=admin, partnership=partnership, name="Maya Patel", date_of_birth=BORN, now=RAISED_AT
    )

    assert sorted(made.cases.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert list(made.unconfirmed.values_list("pk", flat=True)) == [no_birth_date.pk]
    event = AdminEvent.objects.get(kind="subject_access")
    assert event.summary == f"Subject access request {made.reference}: 3 cases"
    assert "Maya" not in json.dumps(event.details) + event.summary


def test_only_the_partnerships_administrators_may_ask(partnership) -> None:  # type: ignore[no-untyped-def]
    other_admin = PartnershipRoleFactory(role="administrator").person
    with pytest.raises(AdminActionRejected):
        request_subject_access(
            actor=other_admin, partnership=partnership, name="Maya", date_of_birth=BORN,
            now=RAISED_AT,
        )  # fmt: skip
    with pytest.raises(CaseActionRejected):
        request_subject_access(
            actor=other_admin, partnership=partnership, name="   ", date_of_birth=BORN,
            now=RAISED_AT,
        )  # fmt: skip


def test_the_export_holds_everything_about_each_case(partnership, admin) -> None:  # type: ignore[no-untyped-def]
    case = _case(partnership)
    record_response(
        case=case, actor=holder(case), position="disagree",
        note="We stand by the closure: the school's worries were looked at.", now=later(case, 2),
    )  # fmt: skip
    made = request_subject_access(
        actor=admin,
        partnership=partnership,
        name="Maya Patel",
        date_of_birth=BORN,
        now=later(case, 3),
    )

    export = subject_access_export(made, person=admin, now=later(case, 4))

    (found,) = export.cases
    assert (found.subject.name, found.subject.date_of_birth, found.subject.address) == (
        "Maya Patel", BORN, "1 Mill Lane",
    )  # fmt: skip
    assert found.confirmed
    assert [e.kind for e in found.events] == ["raised", "responded"]
    assert ("Note", "We stand by the closure: the school's worries were looked at.") in (
        found.events[1].written
    )
    assert found.decision_summary == case.decision_summary
    assert found.notices, "the raising told the receiving side's holder"
    data = json.loads(as_json(export))
    assert data["reference"] == made.reference
    assert data["cases"][0]["subject"]["date_of_birth"] == BORN.isoformat()
    assert data["cases"][0]["payloads"][1]["payload"]["details"]["note"].startswith("We stand by")
    html = render_html("subject_access", export, language="en-gb")
    assert '<html lang="en-GB">' in html
    assert '<html lang="cy">' in render_html("subject_access", export, language="cy")
    assert f"<title>Subject access export – {made.reference}</title>" in html
    assert "Maya Patel" in html
    assert "We stand by the closure" in html


def test_the_access_log_is_in_the_export(partnership, admin) -> None:  # type: ignore[no-untyped-def]
    case = _case(partnership)
    AccessLog.objects.create(person=admin, case=case, action="viewed the case", at=later(case, 1))
    made = request_subject_access(
        actor=admin,
        partnership=partnership,
        name="Maya Patel",
        date_of_birth=BORN,
        now=later(case, 2),
    )
    (found,) = subject_access_export(made, person=admin, now=later(case, 3)).cases
    assert [(a.person, a.action) for a in found.access] == [(admin.full_name, "viewed the case")]
