"""The partnership's learning records and themes: each write one transaction with its entry in
the administration log (`AdminEvent`, which never holds case details: ids and statuses only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from accord.accounts.models import AdminEvent, Agency, Person
from accord.cases import access as case_access
from accord.cases.models import Case
from accord.engine.policy.model import Policy
from accord.partnerships.models import Partnership, Theme
from accord.partnerships.themes import seed_themes

from . import access
from .models import LearningGroup, LearningPoint, LearningPointStatus, Recognition
from .population import cases_of

NAME_LIMIT = 200


class LearningActionRejected(Exception):
    """The change is not allowed; `message` says why, `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def _log(actor: Person, partnership_id: int, kind: str, summary: str, now: datetime,
         details: dict[str, Any]) -> None:  # fmt: skip
    AdminEvent.objects.create(
        actor=actor, partnership_id=partnership_id, at=now, kind=kind, summary=summary,
        details=details,
    )  # fmt: skip


def _case(actor: Person, partnership: Partnership, reference: str) -> Case | None:
    """The case a record is about, by reference: one the person can see that counts for the
    partnership (the same message whether it does not exist or is not theirs to see)."""
    reference = reference.strip().upper()
    if not reference:
        return None
    try:
        case = case_access.get_case_for(actor, reference)
    except Case.DoesNotExist:
        case = None
    if case is None or not cases_of(partnership.pk).filter(pk=case.pk).exists():
        raise LearningActionRejected(
            f"There is no case {reference} of {partnership.name} that you can see: check the "
            "reference, or leave it empty",
            field="case_reference",
        )
    return case


def _require_staff(actor: Person, partnership: Partnership) -> None:
    if not access.may_record_learning(actor, partnership):
        raise LearningActionRejected(f"You are not on the staff of {partnership.name}")


@transaction.atomic
def record_learning_point(
    *, actor: Person, partnership: Partnership, group: str, summary: str, action: str = "",
    case_reference: str = "", now: datetime,
) -> LearningPoint:  # fmt: skip
    """A learning point taken to the partnership's learning or quality-assurance group."""
    _require_staff(actor, partnership)
    if group not in LearningGroup.values:
        raise LearningActionRejected("Choose the group it goes to", field="group")
    if not summary.strip():
        raise LearningActionRejected("Say what was learned", field="summary")
    point = LearningPoint.objects.create(
        partnership=partnership,
        case=_case(actor, partnership, case_reference),
        group=group,
        summary=summary.strip(),
        action=action.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    _log(actor, partnership.pk, "learning_point_recorded", f"Learning point {point.pk} recorded",
         now, {"learning_point": point.pk, "group": group, "case": point.case_id})  # fmt: skip
    return point


@transaction.atomic
def change_learning_point(
    *, actor: Person, point: LearningPoint, status: str, action: str, now: datetime
) -> LearningPoint:
    """Move a learning point on (open, in progress, done) and say what is being done."""
    point = LearningPoint.objects.select_for_update().select_related("partnership").get(pk=point.pk)
    _require_staff(actor, point.partnership)
    if status not in LearningPointStatus.values:
        raise LearningActionRejected("Choose where it has got to", field="status")
    before = point.status
    action = action.strip()
    action_changed = point.action != action
    point.status = status
    point.action = action
    point.changed_at = now
    point.save(update_fields=["status", "action", "changed_at"])
    _log(actor, point.partnership_id, "learning_point_changed",
         f"Learning point {point.pk} changed", now,
         {"status": [before, status], "action_changed": action_changed})  # fmt: skip
    return point


@transaction.atomic
def record_recognition(
    *, actor: Person, partnership: Partnership, summary: str, agency: Agency | None = None,
    case_reference: str = "", now: datetime,
) -> Recognition:  # fmt: skip
    """Good practice recognised: what was done well, by which agency, in which case if any."""
    _require_staff(actor, partnership)
    if not summary.strip():
        raise LearningActionRejected("Say what was done well", field="summary")
    if (
        agency is not None
        and not Agency.objects.filter(
            Q(home_partnership=partnership) | Q(serves=partnership), pk=agency.pk
        ).exists()
    ):
        raise LearningActionRejected(
            f"Choose an agency that works in {partnership.name}", field="agency"
        )
    recognition = Recognition.objects.create(
        partnership=partnership,
        case=_case(actor, partnership, case_reference),
        agency=agency,
        summary=summary.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    _log(actor, partnership.pk, "good_practice_recorded",
         f"Good practice {recognition.pk} recognised", now,
         {"recognition": recognition.pk, "agency": agency.pk if agency else None,
          "case": recognition.case_id})  # fmt: skip
    return recognition


def _require_theme_admin(actor: Person, partnership: Partnership) -> None:
    if not access.may_manage_themes(actor, partnership):
        raise LearningActionRejected(f"You do not administer {partnership.name}")


@transaction.atomic
def adopt_policy_themes(
    *, actor: Person, partnership: Partnership, policy: Policy | None, now: datetime
) -> int:
    """Start managing the themes: copy the policy's list (nothing when it has themes already)."""
    _require_theme_admin(actor, partnership)
    added = seed_themes(partnership, policy) if policy is not None else 0
    if added:
        _log(actor, partnership.pk, "themes_adopted",
             f"{added} themes copied from the policy", now, {"themes": added})  # fmt: skip
    return added


@transaction.atomic
def add_theme(
    *, actor: Person, partnership: Partnership, name: str, policy: Policy | None, now: datetime
) -> Theme:
    """A new theme at the end of the list (the policy's themes are kept: adopted first)."""
    _require_theme_admin(actor, partnership)
    name = " ".join(name.split())
    if not name:
        raise LearningActionRejected("Enter the theme's name", field="name")
    if len(name) > NAME_LIMIT:
        raise LearningActionRejected(
            f"The name must be {NAME_LIMIT} characters or fewer", field="name"
        )
    if policy is not None:
        seed_themes(partnership, policy)
    themes = Theme.objects.filter(partnership=partnership)
    if themes.filter(name__iexact=name).exists():
        raise LearningActionRejected(
            f"{partnership.name} already has the theme {name}", field="name"
        )
    last = themes.aggregate(last=Max("position"))["last"] or 0
    theme = Theme.objects.create(partnership=partnership, name=name, position=last + 1)
    _log(actor, partnership.pk, "theme_added", f"Theme added: {name}", now, {"theme": theme.pk})
    return theme


@transaction.atomic
def set_theme_active(*, actor: Person, theme: Theme, active: bool, now: datetime) -> Theme:
    """Retire a theme (new cases cannot choose it; old ones keep it) or bring it back."""
    theme = Theme.objects.select_for_update().select_related("partnership").get(pk=theme.pk)
    _require_theme_admin(actor, theme.partnership)
    if theme.active != active:
        theme.active = active
        theme.save(update_fields=["active"])
        verb = "brought back" if active else "retired"
        _log(actor, theme.partnership_id, "theme_changed", f"Theme {verb}: {theme.name}", now,
             {"theme": theme.pk, "active": [not active, active]})  # fmt: skip
    return theme


@transaction.atomic
def move_theme(*, actor: Person, theme: Theme, by: int, now: datetime) -> Theme:
    """Move a theme one place up (`by` -1) or down (+1) the list."""
    theme = Theme.objects.select_for_update().select_related("partnership").get(pk=theme.pk)
    _require_theme_admin(actor, theme.partnership)
    ordered = list(
        Theme.objects.select_for_update()
        .filter(partnership_id=theme.partnership_id)
        .order_by("position", "name")
    )
    index = next(i for i, t in enumerate(ordered) if t.pk == theme.pk)
    target = index + (1 if by > 0 else -1)
    if not 0 <= target < len(ordered):
        return theme
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    Theme.objects.bulk_update(ordered, ["position"])
    _log(actor, theme.partnership_id, "theme_moved", f"Theme moved: {theme.name}", now,
         {"theme": theme.pk, "position": target + 1})  # fmt: skip
    return theme
