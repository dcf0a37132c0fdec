"""What a partnership still lacks before it can go live: the one list the set-up checklist page,
going live (`accord.accounts.actions.go_live`) and `accord partnership create`'s advice read.

A partnership is ready when it has a policy in force, agencies to raise and receive
disagreements, people in them, a business manager and an administrator, and someone holds every
role its policy names that no stage holder fills (the roles notifications, chairs and advisers
are addressed to). A role is held through a policy role assignment (for the whole partnership or
one agency) or a partnership staff role of the same key, exactly as notifications find it
(`accord.cases.recipients`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext

from accord.accounts.models import Agency, PartnershipRole, Person
from accord.accounts.models import PartnershipRoleKind as Role
from accord.engine.policy.model import Policy

from .models import Partnership, PolicyVersion, RoleAssignment
from .policies import NoPolicyInForce, policy_of, policy_version_in_force


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing missing: `topic` says which set-up page puts it right (policy, agencies, people,
    staff, roles), `message` what to do."""

    topic: str
    message: str


def not_live(partnership: Partnership) -> str:
    """Why nothing can be raised in a partnership that is not live (raising refuses; the raise
    journey says so)."""
    return gettext(
        "%(partnership)s is not live yet: its administrators are still setting it up, so "
        "no disagreement can be raised in it"
    ) % {"partnership": partnership.name}


def holder_roles(policy: Policy) -> set[str]:
    """The roles that hold a stage on some side (resolved through the case's holdings, so
    nobody is assigned them)."""
    return {
        counterpart.role
        for stage in policy.stages
        for side in (stage.raising, stage.receiving)
        for counterpart in side
    }


def assignable_roles(policy: Policy) -> dict[str, str]:
    """The policy's roles someone must be assigned (key: the policy's title for it), in the
    policy's order."""
    holders = holder_roles(policy)
    return {key: title for key, title in policy.roles.items() if key not in holders}


def setup_version(partnership: Partnership, *, on: date) -> PolicyVersion | None:
    """The version the set-up pages read the roles from: the one in force on `on`, else the one
    loaded last (published for a later day), else none."""
    try:
        return policy_version_in_force(partnership, on=on)
    except NoPolicyInForce:
        return PolicyVersion.objects.filter(partnership=partnership).order_by("-loaded_at").first()


def held_roles(partnership: Partnership) -> set[str]:
    """The role keys an active person holds in the partnership (two queries)."""
    assigned = RoleAssignment.objects.filter(
        partnership=partnership, person__is_active=True
    ).values_list("role_key", flat=True)
    staff = PartnershipRole.objects.filter(
        partnership=partnership, person__is_active=True
    ).values_list("role", flat=True)
    return {*assigned, *staff}


def gaps(partnership: Partnership, *, on: date) -> list[Gap]:
    """Everything the partnership lacks on day `on` before it can go live, in the order an
    administrator would put it right; empty when it is ready."""
    found: list[Gap] = []
    try:
        policy: Policy | None = policy_of(policy_version_in_force(partnership, on=on))
    except NoPolicyInForce:
        version = setup_version(partnership, on=on)
        policy = policy_of(version) if version is not None else None
        found.append(
            Gap(
                "policy",
                "No procedure is in force: load the partnership's policy file and publish it",
            )
        )
    serving = Agency.objects.filter(
        Q(home_partnership=partnership) | Q(serves=partnership)
    ).distinct()
    agencies = serving.count()
    two_needed = policy is None or not policy.within_agency
    if agencies == 0:
        found.append(Gap("agencies", "No agencies yet: add the agencies that work in it"))
    elif agencies < 2 and two_needed:
        found.append(
            Gap(
                "agencies",
                "Only one agency: a disagreement is between two, so add at least one more",
            )
        )
    if not Person.objects.filter(agency__in=serving.values("pk"), is_active=True).exists():
        found.append(Gap("people", "Nobody works in its agencies yet: add or import people"))
    held = held_roles(partnership)
    if Role.BUSINESS_MANAGER not in held:
        found.append(Gap("staff", "Nobody is its business manager: add one to its staff"))
    if Role.ADMINISTRATOR not in held:
        found.append(Gap("staff", "It has no active administrator"))
    if policy is not None:
        for key, title in assignable_roles(policy).items():
            if key not in held and key != Role.BUSINESS_MANAGER:  # said once, above
                found.append(
                    Gap("roles", f"Nobody holds the role the policy calls “{title}” ({key})")
                )
    return found
