"""The access matrix's rules for retention (/manage/retention/...): any partnership
administrator opens the page and places holds (on their own partnership's cases only, checked by
the action); the home partnership's administrators change its rule and lift its holds. `values`
gives the matrix a hold on the world's case."""

from __future__ import annotations

from accord.cases.actions import place_legal_hold
from accord.cases.models import LegalHold

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, Rule, admin

RULES: dict[str, Rule] = {
    "web:manage-retention": admin(ANY_ADMINISTRATOR),
    "web:manage-retention-rule": admin(HOME_ADMINISTRATOR),
    "web:manage-legal-hold-add": admin(ANY_ADMINISTRATOR),
    "web:manage-legal-hold-lift": admin(HOME_ADMINISTRATOR),
}


def values(world: World) -> dict[str, object]:
    """`hold_id`: a hold on the world's case (placed once)."""
    held = LegalHold.objects.filter(case=world.case, lifted_at__isnull=True).first()
    hold = held or place_legal_hold(
        actor=world["administrator"],
        case=world.case,
        reason="A claim is expected",
        now=world.case.last_event_at,
    )
    return {"hold_id": hold.pk}
