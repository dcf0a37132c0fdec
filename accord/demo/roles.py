"""Who holds each policy role that is not a stage holder, so every notification reaches someone."""

from __future__ import annotations

from accord.accounts.models import Level, Person
from accord.accounts.models import PartnershipRoleKind as Role
from accord.partnerships.models import RoleAssignment
from accord.partnerships.policies import policy_of
from accord.partnerships.readiness import holder_roles

from .people import DemoPartnership, _Names

# Roles the partnership's own staff hold, whatever each policy calls them.
BUSINESS_TEAM = {"business_manager", "lscb_team", "sscp_team", "nscb"}
CHAIRS = {"independent_chair", "lscb_chair", "scb_chair"}
# Roles each agency holds for its own cases: role key -> the agency person who holds it.
PER_AGENCY = {
    "safeguarding_lead": "lead",
    "designated_professional": "lead",
    "practitioner_lead": Level.FIRST_LINE_MANAGER,
    "board_representative": Level.DIRECTOR,
}


def assign_roles(demo: DemoPartnership, *, names: _Names) -> None:
    """Assign every non-holder role of the demo partnership's policy to a demo person: the
    business team, the chair, each agency's own people, or a new member of staff named after
    the role (a Head of Safeguarding, say)."""
    policy = policy_of(demo.version)
    rows = []
    for key, title in policy.roles.items():
        if key in holder_roles(policy):
            continue
        if key in BUSINESS_TEAM:
            rows.append(RoleAssignment(role_key=key, person=demo.staff[Role.BUSINESS_MANAGER]))
        elif key in CHAIRS:
            rows.append(RoleAssignment(role_key=key, person=demo.staff[Role.INDEPENDENT_CHAIR]))
        elif key in PER_AGENCY:
            holder = PER_AGENCY[key]
            for people in demo.agencies.values():
                person = people.lead if holder == "lead" else people.by_level[holder]
                rows.append(RoleAssignment(role_key=key, person=person, agency=people.agency))
        else:
            person = _staff_for(demo, key, title, names=names)
            rows.append(RoleAssignment(role_key=key, person=person))
    for row in rows:
        row.partnership = demo.partnership
    RoleAssignment.objects.bulk_create(rows)


def _staff_for(demo: DemoPartnership, key: str, title: str, *, names: _Names) -> Person:
    """A member of partnership staff to hold role `key` (titled as the policy names it)."""
    return Person.objects.create(
        email=f"{key.replace('_', '-')}@{demo.domain}",
        full_name=names.next(),
        job_title=title[:200],
        password=demo.staff[Role.ADMINISTRATOR].password,
    )
