"""The access rules: who may see a case, and who may do what on it. Deny by default.

Every page, export and API call asks this module (the administration rules come from
`accord.accounts.scope` and are re-exported here, so there is one place to look).

**Seeing.** A case is visible to an active person who is
- its raiser, or holds it on either side at any stage it has reached;
- above one of those people in their line management (any depth: one recursive query);
- the safeguarding lead of its raising or receiving agency;
- on the staff (any role) of a partnership involved: the case's own, or one that its raising or
  receiving agency serves or has as its home (a cross-boundary case is seen by both teams);
- assigned one of its policy's roles by its partnership (for the whole partnership, or for one of
  its two agencies): the people its notifications reach;
- a member of the resolution panel convened for it.
Nobody else: not colleagues, not other agencies, not other partnerships' staff or administrators.
`cases_visible_to` and `get_case_for` are one query each, whatever the depth of the chains (the
list walks the chains down from the reader, the case page up from the case's parties).

**Doing.** The `may_*` functions are pure: they read a `CaseAccess` built from what the case page
loads anyway (the case, its holdings) and the person's partnership roles (one query, remembered
for the request). They say *who* may; whether the case's state allows it *now* is the engine's
(the actions ask it). Only current holders act at a stage; only partnership staff record the
final process's decision. The actions check the same functions, so a forged request is refused
even where a page forgets to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from accord.accounts.models import Agency, PartnershipRole, Person
from accord.accounts.models import PartnershipRoleKind as Role
from accord.accounts.scope import (
    DECISION_ROLES,
    OVERSIGHT_ROLES,
    Roles,
    administered,
    has_oversight,
    is_administrator,
    managed_agencies,
    managed_people,
    may_manage_agency,
    may_manage_person,
    may_read_access_log_of,
    roles_of,
)
from accord.partnerships.models import RoleAssignment

from .models import Case, Holding, PanelMember, Side, Task

__all__ = [
    "DECISION_ROLES",
    "OVERSIGHT_ROLES",
    "CaseAccess",
    "Roles",
    "administered",
    "case_access",
    "cases_visible_to",
    "get_case_for",
    "has_oversight",
    "is_administrator",
    "load_case_access",
    "managed_agencies",
    "managed_people",
    "may_add_task",
    "may_close",
    "may_complete_form",
    "may_complete_step",
    "may_complete_task",
    "may_convene_panel",
    "may_escalate",
    "may_manage_agency",
    "may_manage_person",
    "may_read_access_log_of",
    "may_record_debrief",
    "may_record_decision",
    "may_record_meeting",
    "may_refer",
    "may_resolve",
    "may_respond",
    "may_set_deadline",
    "may_set_fact",
    "may_sign_off",
    "may_view_access_log",
    "may_withdraw",
    "readable_by",
    "roles_of",
]


# --- Seeing -------------------------------------------------------------------------------


def _team_of(person: Person) -> RawSQL:
    """The ids of `person` and everyone below them in line management (one recursive query).

    `UNION` (not `UNION ALL`) makes a cycle in the chains harmless.
    """
    table = Person._meta.db_table
    manager = Person._meta.get_field("line_manager").column
    sql = (
        f"WITH RECURSIVE team(id) AS ("  # noqa: S608 - table and column names come from the model
        f" SELECT id FROM {table} WHERE id = %s"
        f" UNION SELECT p.id FROM {table} p JOIN team t ON p.{manager} = t.id"
        f") SELECT id FROM team"
    )
    return RawSQL(sql, (person.pk,))  # noqa: S611 - the only value is a parameter


def _involves(partnerships: QuerySet[PartnershipRole, Any]) -> Q:
    """Cases involving one of `partnerships` (a subquery of partnership ids): the case's own, or
    the home partnership of its raising or receiving agency. An agency that merely serves a
    partnership (a police force serving six) does not open all its cases to that partnership's
    staff: decision 0006."""
    agencies = Agency.objects.filter(home_partnership_id__in=partnerships).values("pk")
    return (
        Q(partnership_id__in=partnerships)
        | Q(raising_agency_id__in=agencies)
        | Q(receiving_agency_id__in=agencies)
    )


def _active(person: Person | None) -> bool:
    return bool(getattr(person, "is_active", False)) and getattr(person, "pk", None) is not None


def _up_from_the_parties(person: Person) -> RawSQL:
    """True when `person` is the case's raiser or one of its holders, or above one of them in
    line management: a walk *up* from the case's few parties, so reading one case costs the same
    however many people work under the reader. `UNION` makes a cycle harmless."""
    case, holding, people = (Case._meta.db_table, Holding._meta.db_table, Person._meta.db_table)
    manager = Person._meta.get_field("line_manager").column
    sql = (
        f"EXISTS (WITH RECURSIVE chain(id) AS ("  # noqa: S608 - names come from the models
        f" SELECT {case}.raised_by_id"
        f" UNION SELECT h.person_id FROM {holding} h WHERE h.case_id = {case}.id"
        f" UNION SELECT p.{manager} FROM {people} p JOIN chain c ON p.id = c.id"
        f" WHERE p.{manager} IS NOT NULL"
        f") SELECT 1 FROM chain WHERE chain.id = %s)"
    )
    return RawSQL(sql, (person.pk,), output_field=BooleanField())  # noqa: S611 - a parameter


def _beyond_the_parties(person: Person) -> Q:
    """Everything but the parties and their chains: staff, policy roles, safeguarding leads."""
    staff_of = PartnershipRole.objects.filter(person_id=person.pk).values("partnership_id")
    assigned = RoleAssignment.objects.filter(person_id=person.pk)
    seated = PanelMember.objects.filter(person_id=person.pk).values("case_id")
    rule = (
        _involves(staff_of)
        | Q(pk__in=seated)
        | Q(partnership_id__in=assigned.filter(agency__isnull=True).values("partnership_id"))
        | Q(
            Exists(
                assigned.filter(partnership=OuterRef("partnership")).filter(
                    Q(agency=OuterRef("raising_agency")) | Q(agency=OuterRef("receiving_agency"))
                )
            )
        )
    )
    if person.is_safeguarding_lead and person.agency_id is not None:
        rule |= Q(raising_agency_id=person.agency_id) | Q(receiving_agency_id=person.agency_id)
    return rule


def cases_visible_to(person: Person) -> QuerySet[Case]:
    """Every case `person` may see, as one lazy query (nothing when inactive or anonymous).

    For lists: the chains are walked *down* from the person once (their team), and the cases
    raised or held by the team are matched against it.
    """
    if not _active(person):
        return Case.objects.none()
    held_by_team = Holding.objects.filter(person_id__in=_team_of(person)).values("case_id")
    return Case.objects.filter(
        Q(raised_by_id__in=_team_of(person)) | Q(pk__in=held_by_team) | _beyond_the_parties(person)
    )


def get_case_for(person: Person, reference: str) -> Case:
    """The case with `reference` if `person` may see it; `Case.DoesNotExist` otherwise.

    Not seeing a case and there being no such case look the same (pages turn both into a 404).
    One query, the same rules as `cases_visible_to` with the chains walked *up* from the case's
    parties; it also works out `access_oversight` (may this person read the case's access log).
    """
    return readable_by(person).get(reference=reference)


def readable_by(person: Person) -> QuerySet[Case]:
    """`get_case_for`'s query before the reference is chosen (for one case at a time only: the
    rule is evaluated row by row)."""
    if not _active(person):
        return Case.objects.none()
    oversight_of = PartnershipRole.objects.filter(
        person_id=person.pk, role__in=OVERSIGHT_ROLES
    ).values("partnership_id")
    return (
        Case.objects.filter(Q(_up_from_the_parties(person)) | _beyond_the_parties(person))
        .annotate(
            access_oversight=ExpressionWrapper(_involves(oversight_of), output_field=BooleanField())
        )
        .select_related("partnership", "raising_agency", "receiving_agency", "raised_by")
    )


# --- Doing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseAccess:
    """What the rules need to know about one person and one case."""

    person_id: int | None
    active: bool
    raised_by_id: int
    holders: Mapping[str, frozenset[int]]  # side -> the ids of its current holders
    roles: frozenset[str]  # the person's roles in the case's own partnership
    oversight: bool  # business manager, chair or administrator of a partnership involved

    def holds(self, side: str | None = None) -> bool:
        """Is the person a current holder (of `side`, or of either side)?"""
        if not self.active or self.person_id is None:
            return False
        sides = [side] if side else list(self.holders)
        return any(self.person_id in self.holders.get(s, frozenset()) for s in sides)

    @property
    def is_raiser(self) -> bool:
        return self.active and self.person_id == self.raised_by_id

    def has_role(self, roles: frozenset[str] | set[str]) -> bool:
        return self.active and bool(self.roles & roles)


def case_access(
    person: Person, case: Case, holdings: Iterable[Holding], *, roles: Roles | None = None
) -> CaseAccess:
    """Build the access of `person` to `case` from its loaded holdings (no query but the
    person's roles, which are remembered for the request)."""
    active = _active(person)
    current: dict[str, set[int]] = {Side.RAISING: set(), Side.RECEIVING: set()}
    for holding in holdings:
        if holding.ended_at is None:
            current.setdefault(holding.side, set()).add(holding.person_id)
    held = (roles or roles_of(person)).in_partnership(case.partnership_id) if active else None
    return CaseAccess(
        person_id=getattr(person, "pk", None),
        active=active,
        raised_by_id=case.raised_by_id,
        holders={side: frozenset(ids) for side, ids in current.items()},
        roles=held or frozenset(),
        oversight=active and bool(getattr(case, "access_oversight", False)),
    )


def load_case_access(person: Person, case: Case) -> CaseAccess:
    """`case_access` for an action: reads the current holders and the person's roles afresh."""
    holdings = Holding.objects.filter(case_id=case.pk, ended_at__isnull=True)
    return case_access(person, case, holdings, roles=roles_of(person, fresh=True))


def may_respond(access: CaseAccess) -> bool:
    """The receiving side's holder at the current stage responds."""
    return access.holds(Side.RECEIVING)


def may_complete_step(access: CaseAccess) -> bool:
    return access.holds()


def may_escalate(access: CaseAccess) -> bool:
    """Either side's current holder escalates."""
    return access.holds()


def may_resolve(access: CaseAccess) -> bool:
    """Either side's current holder records the outcome agreed at a stage."""
    return access.holds()


def may_record_decision(access: CaseAccess) -> bool:
    """Only the partnership's staff (business manager, independent chair, panel member) record
    the decision of its final process on a referred case."""
    return access.has_role(DECISION_ROLES)


def may_refer(access: CaseAccess) -> bool:
    """The top stage's holders, or the partnership's business manager, refer a case."""
    return access.holds() or access.has_role({Role.BUSINESS_MANAGER})


def may_sign_off(access: CaseAccess, side: str) -> bool:
    """Each party's current holder signs off for their side; the raiser may sign for the
    raising side (policies that ask the raising party only mean the raiser)."""
    if side == Side.RAISING:
        return access.holds(Side.RAISING) or access.is_raiser
    if side == Side.RECEIVING:
        return access.holds(Side.RECEIVING)
    return False


def may_close(access: CaseAccess) -> bool:
    return (
        access.holds()
        or access.is_raiser
        or access.has_role({Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR})
    )


def may_withdraw(access: CaseAccess) -> bool:
    """The raiser, or whoever now holds the raising side."""
    return access.is_raiser or access.holds(Side.RAISING)


def may_add_task(access: CaseAccess) -> bool:
    return access.holds() or access.is_raiser or access.has_role(DECISION_ROLES)


def may_complete_task(access: CaseAccess, task: Task) -> bool:
    if not access.active:
        return False
    return (
        access.person_id in {task.owner_id, task.created_by_id}
        or access.holds()
        or access.has_role({Role.BUSINESS_MANAGER})
    )


def may_record_meeting(access: CaseAccess) -> bool:
    return access.holds() or access.has_role(DECISION_ROLES)


def may_set_deadline(access: CaseAccess) -> bool:
    """The current holders bring a deadline forward, or set the date they agreed (4.2)."""
    return access.holds()


def may_set_fact(access: CaseAccess) -> bool:
    """The current holders, or the partnership's decision-makers, record a fact of the case."""
    return access.holds() or access.has_role(DECISION_ROLES)


def may_record_debrief(access: CaseAccess) -> bool:
    return (
        access.holds()
        or access.is_raiser
        or access.has_role({Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR})
    )


def may_convene_panel(access: CaseAccess) -> bool:
    """The partnership's business manager or independent chair convenes a resolution panel."""
    return access.has_role({Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR})


def may_complete_form(access: CaseAccess) -> bool:
    """The case's current holders, its raiser and the partnership's decision-makers (business
    manager, chair, panel member) open, fill in, submit and correct its form records, which can
    carry the child's details; everyone else who sees the case gets their PDFs."""
    return access.holds() or access.is_raiser or access.has_role(DECISION_ROLES)


def may_view_access_log(access: CaseAccess) -> bool:
    """The oversight staff (business manager, chair, administrator) of a partnership involved."""
    return access.oversight
