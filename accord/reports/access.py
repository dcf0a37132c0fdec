"""Who sees which partnership's figures, built on the access rules' partnership roles.

Partnership staff (business manager, independent chair, panel member, administrator) see the
board, trends, learning and report of each partnership where they hold a role; they record
learning points and good practice there. Its administrators manage its themes. A national
reader (decision 0007) sees counts across every partnership and nothing else.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accord.accounts.models import PartnershipRoleKind as Role
from accord.accounts.models import Person
from accord.cases import access
from accord.partnerships.models import Partnership

from .models import NationalReader

STAFF_ROLES = frozenset(Role.values)


def _active(person: Person) -> bool:
    return bool(getattr(person, "is_active", False)) and person.pk is not None


def staff_partnership_ids(person: Person) -> set[int]:
    """The partnerships where `person` holds any staff role."""
    if not _active(person):
        return set()
    return access.roles_of(person).partnerships_with(STAFF_ROLES)


def board_partnerships(person: Person) -> QuerySet[Partnership]:
    """The partnerships whose figures `person` may see, by name."""
    return Partnership.objects.filter(pk__in=staff_partnership_ids(person)).order_by("name")


def is_partnership_staff(person: Person) -> bool:
    return bool(staff_partnership_ids(person))


def may_see_figures(person: Person, partnership: Partnership) -> bool:
    return partnership.pk in staff_partnership_ids(person)


def may_record_learning(person: Person, partnership: Partnership) -> bool:
    """Any of its staff record learning points and good practice."""
    return may_see_figures(person, partnership)


def theme_partnerships(person: Person) -> QuerySet[Partnership]:
    """The partnerships whose themes `person` manages (those they administer)."""
    if not _active(person):
        return Partnership.objects.none()
    return Partnership.objects.filter(pk__in=access.administered(person)).order_by("name")


def may_manage_themes(person: Person, partnership: Partnership) -> bool:
    return _active(person) and partnership.pk in access.administered(person)


def is_national_reader(person: Person) -> bool:
    """Granted the national view: counts across every partnership, never a case."""
    return _active(person) and NationalReader.objects.filter(person_id=person.pk).exists()
