"""The actions the engine does not read tell their people at once too (issue 14, item 1): a
form record submitted, the people the policy sends it to (with a link to the record); a task,
the person it is assigned to (with its due date), unless they assigned it to themselves.
Nothing identifying in the notices: the case reference only.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accord.cases import actions
from accord.cases.models import FormRecord
from accord.notifications.models import InAppNotification, OutboxMessage
from accord.partnerships.models import RoleAssignment
from tests.factories import holder

from .walking import CHILDREN, Walker, london, partnership_for

pytestmark = pytest.mark.django_db


def test_a_submitted_form_tells_whom_the_policy_sends_it_to_with_a_link_to_it() -> None:
    demo = partnership_for("bath-north-east-somerset.toml")
    walker = Walker(demo)
    case = walker.raise_case(london("2027-02-08"))
    actions.resolve_case(
        case=case,
        actor=holder(case, "receiving"),
        agreed_outcome="Assessment agreed.",
        now=london("2027-02-09"),
    )
    record = FormRecord.objects.get(case=case, form_id="appendix-a")
    submitter = holder(case, "raising")
    at = london("2027-02-10")
    values = {**record.values, "outcome": "Assessment agreed."}
    actions.submit_form(record=record, actor=submitter, values=values, now=at)

    managers = {
        a.person
        for a in RoleAssignment.objects.filter(
            partnership=demo.partnership, role_key="business_manager"
        )
    }
    notices = InAppNotification.objects.filter(reference=case.reference, kind="form_submitted")
    assert {n.person for n in notices} == managers
    link = reverse("web:case-form", args=[case.reference, record.pk])
    assert {n.link for n in notices} == {link}
    emails = OutboxMessage.objects.filter(
        reference=case.reference, key__contains="/form_submitted/"
    )
    assert {m.person for m in emails} == managers
    child = CHILDREN[0][0]
    for email in emails:
        assert case.reference in email.body
        assert "Appendix A" in email.body
        assert child not in email.body
        assert child not in email.subject
    assert not InAppNotification.objects.filter(
        reference=case.reference, kind="form_submitted", person=submitter
    ).exists()


def test_a_task_tells_its_owner_by_when_but_not_who_set_it_for_themselves() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    case = walker.raise_case(london("2027-01-11"))
    raising, receiving = holder(case, "raising"), holder(case, "receiving")
    at = london("2027-01-12")
    actions.add_task(
        case=case,
        actor=raising,
        title="Joint visit",
        owner=receiving,
        due_on=date(2027, 1, 19),
        now=at,
    )
    notice = InAppNotification.objects.get(reference=case.reference, kind="task_assigned")
    assert notice.person == receiving
    assert notice.what.endswith("Needed by Tuesday 19 January 2027, in 5 working days")
    assert "Joint visit" not in notice.what  # the task's words may name the family
    email = OutboxMessage.objects.get(reference=case.reference, key__contains="/task_assigned/")
    assert email.person == receiving
    assert "Joint visit" not in email.body

    actions.add_task(
        case=case, actor=raising, title="Chronology", owner=raising, now=london("2027-01-13")
    )
    assert InAppNotification.objects.filter(kind="task_assigned").count() == 1
