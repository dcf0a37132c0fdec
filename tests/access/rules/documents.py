"""The access matrix's rules for the form records, the case's PDFs, the inbox of forms received
and the export of the partnership's list.

The world's case is open at stage 2 of the example policy, whose stage 2 `entered` rule sends the
standard "notification" form to the business manager: that record (a draft) is the matrix's
`form_id`. Everyone who sees the case gets its list of forms and its PDFs (the outcome PDF
sends them back to the list: the case has no outcome yet); its current holders, its raiser and
the partnership's decision-makers open the record itself, the others who see the case get a 403.
The inbox is for partnership staff of any partnership (each sees their own partnership's
forms); the export for whoever opens the partnership's list (its oversight staff); everyone
else gets a 403.
"""

from __future__ import annotations

from accord.cases.models import FormRecord

from ..helpers import World
from ..rule_kinds import CURRENT_HOLDERS, SEES_CASE, Rule, admin, case, case_action
from .queues import PARTNERSHIP_OVERSIGHT

DECISION_MAKERS = {"business_manager", "independent_chair", "panel_member"}
STAFF = {
    "business_manager", "independent_chair", "panel_member", "administrator",
    "neighbour_staff", "other_partnership_admin", "other_partnership_staff",
}  # fmt: skip

RULES: dict[str, Rule] = {
    "web:case-forms": case(SEES_CASE),
    "web:case-form": case_action(CURRENT_HOLDERS | {"raiser"} | DECISION_MAKERS),
    "web:case-form-pdf": case(SEES_CASE),
    "web:case-summary-pdf": case(SEES_CASE),
    "web:case-outcome-pdf": case(SEES_CASE),
    "web:received-forms": admin(STAFF),
    "web:partnership-cases-export": admin(PARTNERSHIP_OVERSIGHT),
}


def values(world: World) -> dict[str, object]:
    """`form_id`: the notification form record the world's escalation to stage 2 made."""
    record = FormRecord.objects.filter(case=world.case, form_id="notification").first()
    assert record is not None, "escalating to stage 2 of the example policy makes a form record"
    return {"form_id": record.pk}
