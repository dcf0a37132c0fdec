"""Who holds the roles a partnership's policy names (its `[roles]` that no stage holder fills):
the people notifications, chairs and advisers addressed to a role reach."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accord.partnerships.models import Partnership, RoleAssignment
from accord.partnerships.policies import policy_of
from accord.partnerships.readiness import assignable_roles, setup_version

from .. import scope
from ..models import Agency, Person
from ._common import AdminActionRejected, _record, _require_setup


def roles_to_assign(partnership: Partnership, *, now: datetime) -> dict[str, str]:
    """The role keys of the partnership's policy someone can be assigned, with their titles
    (none before a policy is loaded)."""
    version = setup_version(partnership, on=timezone.localdate(now))
    return assignable_roles(policy_of(version)) if version is not None else {}


@transaction.atomic
def assign_policy_role(
    *, actor: Person, partnership: Partnership, role_key: str, email: str,
    agency: Agency | None, now: datetime,
) -> RoleAssignment:  # fmt: skip
    """Give someone who works for the partnership one of its policy's roles, for every case or
    (with `agency`) for the cases that agency raises or receives."""
    _require_setup(actor, partnership.pk)
    roles = roles_to_assign(partnership, now=now)
    if not roles:
        raise AdminActionRejected(
            gettext("Load the partnership's policy first: it names the roles")
        )
    if role_key not in roles:
        raise AdminActionRejected(gettext("Choose one of the policy's roles"), field="role_key")
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if (
        person is None
        or not Person.objects.filter(scope.works_for({partnership.pk}), pk=person.pk).exists()
    ):
        raise AdminActionRejected(
            gettext(
                "Nobody active with this e-mail address works for %(partnership)s: add them first"
            )
            % {"partnership": partnership.name},
            field="email",
        )
    if (
        agency is not None
        and not Agency.objects.filter(
            Q(home_partnership=partnership) | Q(serves=partnership), pk=agency.pk
        ).exists()
    ):
        raise AdminActionRejected(
            gettext("That agency does not work in %(partnership)s")
            % {"partnership": partnership.name},
            field="agency",
        )
    if RoleAssignment.objects.filter(
        partnership=partnership, role_key=role_key, person=person, agency=agency
    ).exists():
        raise AdminActionRejected(gettext("This person already holds that role"), field="email")
    assignment = RoleAssignment.objects.create(
        partnership=partnership, role_key=role_key, person=person, agency=agency
    )
    where = f" for {agency.name}" if agency is not None else ""
    _record(
        actor,
        partnership.pk,
        "policy_role_added",
        f"{roles[role_key]}{where}: {person.full_name}",
        now,
        person=person,
        agency=agency,
        details={"role_key": role_key},
    )
    return assignment


@transaction.atomic
def remove_policy_role(*, actor: Person, assignment: RoleAssignment, now: datetime) -> None:
    """Take a policy role away from someone."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("person", "agency")
        .get(pk=assignment.pk)
    )
    _require_setup(actor, assignment.partnership_id)
    where = f" for {assignment.agency.name}" if assignment.agency is not None else ""
    _record(
        actor,
        assignment.partnership_id,
        "policy_role_removed",
        f"Role {assignment.role_key}{where} removed: {assignment.person.full_name}",
        now,
        person=assignment.person,
        agency=assignment.agency,
        details={"role_key": assignment.role_key},
    )
    assignment.delete()
