"""Who may do what on a case: the `may_*` rule of each action.

**Doing.** The `may_*` functions are pure: they read a `CaseAccess` built from what the case page
loads anyway (the case, its holdings) and the person's partnership roles (one query, remembered
for the request). They say *who* may; whether the case's state allows it *now* is the engine's
(the actions ask it). Only current holders act at a stage; only partnership staff record the
final process's decision. The actions check the same functions, so a forged request is refused
even where a page forgets to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from accord.accounts.models import PartnershipRoleKind as Role
from accord.accounts.models import Person
from accord.accounts.scope import DECISION_ROLES, Roles, roles_of
from accord.partnerships.policies import policy_of

from . import recipients
from .deferred import pending_for
from .models import Case, FormRecord, Holding, Side, Task
from .visibility import is_active


@dataclass(frozen=True)
class CaseAccess:
    """What the rules need to know about one person and one case."""

    person_id: int | None
    active: bool
    raised_by_id: int
    holders: Mapping[str, frozenset[int]]  # side -> the ids of its current holders
    roles: frozenset[str]  # the person's roles in the case's own partnership
    oversight: bool  # business manager, chair or administrator of a partnership involved
    # side -> the ids of its next level up (the line managers of its current holders), who are
    # told when the side does not respond, and may then take it over
    next_level: Mapping[str, frozenset[int]] = field(default_factory=dict)
    advisers: frozenset[int] = frozenset()  # the people the current stage's advisers reach

    def is_next_level(self, side: str) -> bool:
        """Is the person the next level up from `side`'s current holder?"""
        return self.active and self.person_id in self.next_level.get(side, frozenset())

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
    person: Person,
    case: Case,
    holdings: Iterable[Holding],
    *,
    roles: Roles | None = None,
    next_level: Mapping[str, frozenset[int]] | None = None,
    advisers: frozenset[int] = frozenset(),
) -> CaseAccess:
    """Build the access of `person` to `case` from its loaded holdings (no query but the
    person's roles, which are remembered for the request); `next_level` and `advisers` as
    `recipients.next_level` and `recipients.advisers_of` found them (none: nobody)."""
    active = is_active(person)
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
        next_level=dict(next_level or {}),
        advisers=advisers,
    )


def load_case_access(
    person: Person,
    case: Case,
    holdings: Sequence[Holding] | None = None,
    *,
    roles: Roles | None = None,
) -> CaseAccess:
    """`case_access` for an action: reads the current holders (unless the action has read the
    case's `holdings` already), the person's roles (unless read with the lock: `roles`), the
    sides' next level and the current stage's advisers afresh (roles once per person in a bulk
    load, which changes nobody's)."""
    if holdings is None:
        holdings = list(
            Holding.objects.filter(case_id=case.pk, ended_at__isnull=True).select_related(
                "person__line_manager"
            )
        )
    else:
        holdings = [h for h in holdings if h.ended_at is None]
    pending = pending_for(case)
    advisers = recipients.advisers_of(case, policy_of(case.policy_version), holdings)
    return case_access(
        person,
        case,
        holdings,
        # Afresh for an action; a bulk load changes nobody's roles, so once per person in it.
        roles=roles if roles is not None else roles_of(person, fresh=pending is None),
        next_level=recipients.next_level(case, holdings),
        advisers=frozenset(p.pk for people in advisers.values() for p in people),
    )


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


def may_complete_form(access: CaseAccess, asked: frozenset[int] = frozenset()) -> bool:
    """The case's current holders, its raiser, the partnership's decision-makers (business
    manager, chair, panel member) and the people the record is asked of (`asked`: the holders its
    notify rule names, at its stage, even once the case has moved on) open, fill in, submit and
    correct its form records, which can carry the child's details; everyone else who sees the
    case gets their PDFs."""
    return (
        access.holds()
        or access.is_raiser
        or access.has_role(DECISION_ROLES)
        or (access.active and access.person_id in asked)
    )


def asked_of(records: Iterable[FormRecord]) -> frozenset[int]:
    """The ids of the people the form records are asked of: the holders, at each record's stage,
    of the sides its notify rule names (`raising_holder`, `receiving_holder`)."""
    wanted = Q(pk__in=[])
    for record in records:
        sides = [side for side in Side if f"{side.value}_holder" in (record.recipients or [])]
        if sides and record.stage is not None:
            wanted |= Q(case_id=record.case_id, stage=record.stage, side__in=sides)
    return frozenset(Holding.objects.filter(wanted).values_list("person_id", flat=True))


def may_take_over(access: CaseAccess, side: str) -> bool:
    """The next level up from `side`'s current holder (their line manager, told when the side
    did not respond) takes the case over for that side."""
    return access.is_next_level(side)


def may_record_advice(access: CaseAccess) -> bool:
    """The people the current stage's advisers reach for this case record advice on it."""
    return access.active and access.person_id in access.advisers


def may_view_access_log(access: CaseAccess) -> bool:
    """The oversight staff (business manager, chair, administrator) of a partnership involved."""
    return access.oversight
