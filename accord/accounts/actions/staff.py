"""The partnership's own team: giving and taking away staff roles."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from accord.partnerships.models import Partnership

from .. import scope
from ..models import PartnershipRole, Person
from ..models import PartnershipRoleKind as Role
from ._common import AdminActionRejected, _record, _require_admin, in_english
from .people import _check_email, record_person_added


@transaction.atomic
def add_staff_role(
    *, actor: Person, partnership: Partnership, email: str, role: str, now: datetime,
    full_name: str = "", job_title: str = "",
) -> PartnershipRole:  # fmt: skip
    """Give someone a role in the partnership's team. A new e-mail address makes a new person
    (with no agency, as an independent chair usually is) when `full_name` is given; an
    existing person must already work for the partnership."""
    _require_admin(actor, partnership.pk)
    if role not in Role.values:
        raise AdminActionRejected(gettext("Choose the role"), field="role")
    address = email.strip().lower()
    person = Person.objects.filter(email__iexact=address).first() if address else None
    if person is None:
        if not full_name.strip():
            raise AdminActionRejected(
                gettext(
                    "There is no account with this e-mail address: enter the person's full name "
                    "to create one"
                ),
                field="full_name",
            )
        person = Person.objects.create_user(
            _check_email(address, exclude=None),
            None,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            agency=None,
        )
        record_person_added(actor, partnership.pk, person, now)
    elif not Person.objects.filter(scope.works_for({partnership.pk}), pk=person.pk).exists():
        raise AdminActionRejected(
            gettext("This person works for an agency that does not serve %(partnership)s")
            % {"partnership": partnership.name},
            field="email",
        )
    if PartnershipRole.objects.filter(person=person, partnership=partnership, role=role).exists():
        raise AdminActionRejected(gettext("This person already has that role"), field="role")
    held = PartnershipRole.objects.create(person=person, partnership=partnership, role=role)
    label = in_english(Role(role).label)
    _record(
        actor,
        partnership.pk,
        "staff_role_added",
        f"{label}: {person.full_name}",
        now,
        person=person,
        details={"role": role},
    )
    scope.forget_roles(person)
    return held


@transaction.atomic
def remove_staff_role(*, actor: Person, role: PartnershipRole, now: datetime) -> None:
    """Take a role away. A partnership always keeps at least one administrator."""
    role = (
        PartnershipRole.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=role.pk)
    )
    _require_admin(actor, role.partnership_id)
    if role.role == Role.ADMINISTRATOR:
        others = PartnershipRole.objects.filter(
            partnership_id=role.partnership_id, role=Role.ADMINISTRATOR, person__is_active=True
        ).exclude(pk=role.pk)
        if not others.exists():
            raise AdminActionRejected(
                gettext("A partnership needs at least one active administrator")
            )
    _record(
        actor,
        role.partnership_id,
        "staff_role_removed",
        f"{in_english(role.get_role_display())} removed: {role.person.full_name}",
        now,
        person=role.person,
        details={"role": role.role},
    )
    role.delete()
    scope.forget_roles(role.person)
