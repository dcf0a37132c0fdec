"""Who administers what, and a person's partnership roles: the administration half of the access
rules. `accord.cases.access` re-exports all of it, so pages ask that one module.

Deny by default. A partnership's administrators manage the agencies whose home is their
partnership, the people of those agencies, and the partnership's own staff (people with a role
in it and no agency). The oversight roles (business manager, independent chair, administrator)
may read the access log of anyone who works for the partnership. Inactive people manage nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.prepared_reads import PreparedRead

from .models import Agency, PartnershipRole, Person
from .models import PartnershipRoleKind as Role

OVERSIGHT_ROLES = frozenset({Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR, Role.ADMINISTRATOR})
DECISION_ROLES = frozenset({Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR, Role.PANEL_MEMBER})
_CACHE = "_accord_roles"

# A person's roles, by partnership: the query built once (`prepared_reads`; no person has the
# marker's id).
_ROLES = PreparedRead(
    lambda person: PartnershipRole.objects.filter(person_id=person).values_list(
        "partnership_id", "role"
    ),
    -7_310_592_650,
)


@dataclass(frozen=True)
class Roles:
    """A person's roles in partnerships' own teams: partnership id -> role kinds."""

    by_partnership: dict[int, frozenset[str]]

    def in_partnership(self, partnership_id: int) -> frozenset[str]:
        return self.by_partnership.get(partnership_id, frozenset())

    def partnerships_with(self, roles: frozenset[str] | set[str]) -> set[int]:
        """The partnerships where the person holds one of `roles`."""
        return {pid for pid, held in self.by_partnership.items() if held & roles}

    @property
    def any(self) -> bool:
        return bool(self.by_partnership)


def roles_of(person: Person, *, fresh: bool = False) -> Roles:
    """The person's partnership roles: one query, remembered on the person object for the rest of
    the request (an inactive or unsaved person has none). Actions ask `fresh`."""
    cached = getattr(person, _CACHE, None)
    if isinstance(cached, Roles) and not fresh:
        return cached
    read = roles_read(person)
    return remember_roles(person, read[0](*read[1]) if read is not None else [])


def roles_read(person: Person) -> tuple[PreparedRead[tuple[int, str]], tuple[int]] | None:
    """The read of `person`'s roles, for `read_together` with others (its rows are
    `remember_roles`'s); None for an inactive or unsaved person, who has none."""
    if getattr(person, "is_active", False) and person.pk is not None:
        return _ROLES, (person.pk,)
    return None


def remember_roles(person: Person, rows: Iterable[tuple[int, str]]) -> Roles:
    """`person`'s roles from the rows of their `roles_read`, remembered as `roles_of` does."""
    found: dict[int, set[str]] = {}
    for partnership_id, role in rows:
        found.setdefault(partnership_id, set()).add(role)
    roles = Roles({pid: frozenset(held) for pid, held in found.items()})
    setattr(person, _CACHE, roles)
    return roles


def forget_roles(person: Person) -> None:
    """Drop the remembered roles (after a change to them)."""
    if hasattr(person, _CACHE):
        delattr(person, _CACHE)


def administered(person: Person) -> set[int]:
    """The ids of the partnerships `person` administers."""
    return roles_of(person).partnerships_with({Role.ADMINISTRATOR})


def is_administrator(person: Person) -> bool:
    return bool(administered(person))


def has_oversight(person: Person) -> bool:
    """Business manager, independent chair or administrator somewhere."""
    return bool(roles_of(person).partnerships_with(OVERSIGHT_ROLES))


def managed_agencies(person: Person) -> QuerySet[Agency]:
    """The agencies `person` administers: those whose home is a partnership they administer."""
    return Agency.objects.filter(home_partnership_id__in=administered(person))


def managed_people(person: Person) -> QuerySet[Person]:
    """The people `person` administers: those of their agencies, and their partnerships' staff
    who belong to no agency."""
    partnerships = administered(person)
    if not partnerships:
        return Person.objects.none()
    staff = PartnershipRole.objects.filter(partnership_id__in=partnerships).values("person_id")
    return Person.objects.filter(
        Q(agency__home_partnership_id__in=partnerships) | Q(agency__isnull=True, pk__in=staff)
    )


def may_manage_agency(person: Person, agency: Agency) -> bool:
    return agency.home_partnership_id in administered(person)


def may_manage_person(person: Person, other: Person) -> bool:
    """One query at most (for staff without an agency)."""
    partnerships = administered(person)
    if not partnerships:
        return False
    if other.agency_id is not None:
        return Agency.objects.filter(
            pk=other.agency_id, home_partnership_id__in=partnerships
        ).exists()
    return PartnershipRole.objects.filter(person=other, partnership_id__in=partnerships).exists()


def works_for(partnership_ids: set[int]) -> Q:
    """People who work for one of the partnerships: in an agency at home in or serving it, or
    holding a staff role in it (a filter on Person)."""
    staff = PartnershipRole.objects.filter(partnership_id__in=partnership_ids).values("person_id")
    serving = Agency.objects.filter(
        Q(home_partnership_id__in=partnership_ids) | Q(serves__in=partnership_ids)
    ).values("pk")
    return Q(agency_id__in=serving) | Q(pk__in=staff)


def may_read_access_log_of(person: Person, other: Person) -> bool:
    """Oversight staff may read the access log of anyone who works for their partnership (the
    entries they are shown are still only those of cases they can see)."""
    partnerships = roles_of(person).partnerships_with(OVERSIGHT_ROLES)
    if not partnerships:
        return False
    return Person.objects.filter(works_for(partnerships), pk=other.pk).exists()
