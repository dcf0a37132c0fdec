"""The people a case's notices resolve through, read for many cases at once in a fixed number of
queries (`directory_for`: the sweep, an action) or from what a page has loaded
(`case_directory`): each case's holdings with their people, the holders' line managers, and the
partnership's role assignments and staff (read when a role first needs them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from django.db.models import QuerySet

from accord.accounts.models import PartnershipRole, Person
from accord.partnerships.models import RoleAssignment
from accord.prepared_reads import PreparedRead, read_together

from .models import Case, Holding, Task


class Held(Protocol):
    """What resolving reads of a holding: a `Holding` a page has loaded, or a `HeldRow`."""

    @property
    def stage(self) -> int: ...
    @property
    def side(self) -> str: ...
    @property
    def person(self) -> Person: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...


class HeldRow(NamedTuple):
    """A holding as `directory_for` reads it for many cases: its columns and its person."""

    stage: int
    side: str
    person: Person
    started_at: datetime
    ended_at: datetime | None


@dataclass
class Directory:
    """Holdings, line managers and role assignments for a set of cases."""

    holdings: Mapping[int, Sequence[Held]] = field(default_factory=dict)
    managers: dict[int, Person] = field(default_factory=dict)
    assigned: dict[tuple[int, str], list[RoleAssignment]] = field(default_factory=dict)
    staff: dict[tuple[int, str], list[Person]] = field(default_factory=dict)
    # Partnerships whose role assignments and staff are read when a role first needs them.
    unread: frozenset[int] = frozenset()
    read: set[int] = field(default_factory=set)  # partnerships whose roles have been read
    # The tasks an action has just added, by id (their owners are told of them).
    tasks: dict[int, Task] = field(default_factory=dict)


def directory_for(
    cases: Iterable[Case],
    *,
    loaded: Mapping[int, Sequence[Holding]] | None = None,
    people: Directory | None = None,
) -> Directory:
    """Everything needed to resolve the recipients of `cases`' notifications: their holdings and
    their holders' line managers (three queries, two for one case, one with its holdings
    `loaded`: by case id, read with their people); the role assignments and staff of their
    partnerships when a role first needs them (two more). The holders, few people across many
    cases, are read once each, not joined to every holding. `people` is a directory read
    before while nobody's manager or roles could change (a bulk load's): the managers and
    partnerships' roles it has are not read again, and what is read is added to it."""
    cases = list(cases)
    loaded = loaded or {}
    ids = [c.pk for c in cases if c.pk not in loaded]
    partnerships = {c.partnership_id for c in cases}
    found = Directory() if people is None else people
    holdings: dict[int, list[Held]] = defaultdict(list)
    for pk, loaded_rows in loaded.items():
        holdings[pk] = list(loaded_rows)
    if len(ids) == 1:  # an action's case: its few holders joined, one query
        for holding in Holding.objects.filter(case_id=ids[0]).select_related("person"):
            holdings[holding.case_id].append(holding)
    elif ids:  # the sweep's many: columns only, the holders (few people) read once each
        rows = list(
            Holding.objects.filter(case_id__any_of=set(ids)).values_list(  # a set: not resolved
                "case_id", "stage", "side", "person_id", "started_at", "ended_at"
            )
        )
        holders = Person.objects.in_bulk({row[3] for row in rows})
        for case_id, stage, side, person_id, started_at, ended_at in rows:
            holdings[case_id].append(HeldRow(stage, side, holders[person_id], started_at, ended_at))
    found.holdings = dict(holdings)
    manager_ids = {h.person.line_manager_id for hs in holdings.values() for h in hs}
    wanted = [m for m in manager_ids if m is not None and m not in found.managers]
    if wanted:
        found.managers.update({p.pk: p for p in Person.objects.filter(pk__in=wanted)})
    found.unread = frozenset(partnerships - found.read)
    return found


def _assignments(partnerships: Collection[int]) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(partnership_id__in=partnerships).select_related("person")


def _staff(partnerships: Collection[int]) -> QuerySet[PartnershipRole]:
    return PartnershipRole.objects.filter(partnership_id__in=partnerships).select_related("person")


# One partnership's (an action's): the queries built once (`prepared_reads`; no partnership has
# the marker's id).
_A_PARTNERSHIP = -7_310_592_653
_ASSIGNED_IN_ONE = PreparedRead(lambda pk: _assignments([pk]), _A_PARTNERSHIP)
_STAFF_OF_ONE = PreparedRead(lambda pk: _staff([pk]), _A_PARTNERSHIP)


def read_roles(directory: Directory) -> None:
    """The role assignments and staff of the partnerships `directory` has not read (two
    queries, once; for one partnership, in one round trip)."""
    partnerships, directory.unread = directory.unread, frozenset()
    if not partnerships:
        return
    directory.read |= partnerships
    if len(partnerships) == 1:
        (pk,) = partnerships
        assignments, roles = read_together((_ASSIGNED_IN_ONE, (pk,)), (_STAFF_OF_ONE, (pk,)))
    else:
        assignments, roles = list(_assignments(partnerships)), list(_staff(partnerships))
    assigned = defaultdict(list)
    for assignment in assignments:
        assigned[(assignment.partnership_id, assignment.role_key)].append(assignment)
    directory.assigned.update(assigned)
    staff = defaultdict(list)
    for role in roles:
        staff[(role.partnership_id, role.role)].append(role.person)
    directory.staff.update(staff)


def case_directory(case: Case, holdings: list[Holding], roles: Iterable[str] = ()) -> Directory:
    """The directory for one case from what a page has loaded (its holdings, with their people's
    line managers) and the partnership's holders of `roles` (two queries when there are any)."""
    directory = Directory(holdings={case.pk: holdings})
    directory.managers = {
        h.person.line_manager_id: h.person.line_manager
        for h in holdings
        if h.person.line_manager is not None and h.person.line_manager_id is not None
    }
    keys = list(roles)
    if not keys:
        return directory
    for assignment in RoleAssignment.objects.filter(
        partnership_id=case.partnership_id, role_key__in=keys
    ).select_related("person__agency"):
        key = (assignment.partnership_id, assignment.role_key)
        directory.assigned.setdefault(key, []).append(assignment)
    for role in PartnershipRole.objects.filter(
        partnership_id=case.partnership_id, role__in=keys
    ).select_related("person__agency"):
        directory.staff.setdefault((role.partnership_id, role.role), []).append(role.person)
    return directory
