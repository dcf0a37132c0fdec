"""The access matrix's rules for subject access (/manage/subject-access/...): a partnership's
administrators ask, and open and download their partnership's requests; `values` gives the
matrix a request about the world's case's child, made in the home partnership."""

from __future__ import annotations

from accord.cases.actions import request_subject_access

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, Rule, admin

RULES: dict[str, Rule] = {
    "web:manage-subject-access": admin(ANY_ADMINISTRATOR),
    "web:manage-subject-access-request": admin(HOME_ADMINISTRATOR),
    "web:manage-subject-access-download": admin(HOME_ADMINISTRATOR),
}


def values(world: World) -> dict[str, object]:
    """`request_id` (a request of the home partnership) and `kind` (a PDF)."""
    subject = world.case.subject
    made = request_subject_access(
        actor=world["administrator"],
        partnership=world.home,
        name=subject.name or "Test Child",
        date_of_birth=subject.date_of_birth or world.case.raised_at.date(),
        now=world.case.last_event_at,
    )
    return {"request_id": made.pk, "kind": "pdf"}
