"""Signing people in fully (password and second factor) and the people around one case."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

from accord.accounts.models import AgencyKind, Level, PartnershipRole, Person
from accord.cases import actions
from accord.cases.models import Case
from accord.partnerships.models import Partnership
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
    later,
)


def signed_in(person: Person, client: Client | None = None) -> Client:
    """A client signed in as `person` with both factors, as after a full sign-in
    (tests/conftest.py makes `force_login` leave what signing in with an authenticator does)."""
    client = client or Client()
    client.force_login(person)
    return client


@dataclass
class World:
    """One case escalated to stage 2 in partnership `home`, between a school and a police force
    that also serves the neighbouring partnership; and everyone the access rules tell apart."""

    case: Case
    home: Partnership
    neighbour: Partnership
    other: Partnership
    people: dict[str, Person] = field(default_factory=dict)
    roles: dict[str, PartnershipRole] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Person:
        return self.people[kind]


def build_world(*, chain_depth: int = 3) -> World:
    """The case and its people. Above the stage-2 raising holder is a chain of `chain_depth`
    managers; `manager_up_chain` is the top one."""
    home = PartnershipFactory(name="Home Partnership")
    neighbour = PartnershipFactory(name="Neighbour Partnership")
    other = PartnershipFactory(name="Other Partnership")
    version = PolicyVersionFactory(partnership=home)
    school = AgencyFactory(home_partnership=home, kind=AgencyKind.EDUCATION, name="School")
    police = AgencyFactory(home_partnership=neighbour, kind=AgencyKind.POLICE, name="Police")
    police.serves.add(home)
    elsewhere = AgencyFactory(home_partnership=home, kind=AgencyKind.HEALTH, name="Health")
    top: Person | None = None
    for depth in range(chain_depth):
        top_level = Level.DIRECTOR if depth == 0 else Level.SENIOR_MANAGER
        top = PersonFactory(
            agency=school, level=top_level, line_manager=top, full_name=f"Chain {depth}"
        )
    raiser = PersonFactory(agency=school, full_name="Raiser")
    receiving_1 = PersonFactory(agency=police, full_name="Receiving holder 1")
    case = actions.raise_case(
        partnership=home, policy_version=version, raised_by=raiser, raising_agency=school,
        receiving_agency=police, receiving_holder=receiving_1,
        decision_summary="Referral closed.", outcome_sought="An assessment.",
        subject_name="Matrix Child", now=RAISED_AT,
    )  # fmt: skip
    raising_2 = PersonFactory(
        agency=school, level=Level.FIRST_LINE_MANAGER, line_manager=top, full_name="Raising 2"
    )
    receiving_2 = PersonFactory(
        agency=police, level=Level.FIRST_LINE_MANAGER, full_name="Receiving 2"
    )
    case = actions.escalate_case(
        case=case, actor=raiser, raising_holder=raising_2, receiving_holder=receiving_2,
        reason="No agreement", now=later(case, 24),
    )  # fmt: skip
    world = World(case=case, home=home, neighbour=neighbour, other=other)
    world.people.update(
        raiser=raiser,
        receiving_holder_1=receiving_1,
        raising_holder=raising_2,
        receiving_holder=receiving_2,
        manager_up_chain=_top(raising_2),
        colleague_same_agency=PersonFactory(agency=school, full_name="Colleague"),
        unrelated_agency_person=PersonFactory(agency=elsewhere, full_name="Unrelated"),
        lead_involved_agency=PersonFactory(
            agency=police, is_safeguarding_lead=True, full_name="Lead"
        ),
        lead_other_agency=PersonFactory(
            agency=elsewhere, is_safeguarding_lead=True, full_name="Other lead"
        ),
    )
    for role in ("business_manager", "independent_chair", "panel_member", "administrator"):
        held = PartnershipRoleFactory(partnership=home, role=role, person__full_name=role)
        world.roles[role] = held
        world.people[role] = held.person
    neighbour_bm = PartnershipRoleFactory(partnership=neighbour, role="business_manager")
    world.people["neighbour_staff"] = neighbour_bm.person
    other_admin = PartnershipRoleFactory(partnership=other, role="administrator")
    world.people["other_partnership_admin"] = other_admin.person
    other_bm = PartnershipRoleFactory(partnership=other, role="business_manager")
    world.people["other_partnership_staff"] = other_bm.person
    return world


def _top(person: Person) -> Person:
    while person.line_manager is not None:
        person = person.line_manager
    return person


# The health checks answer 503 when the service is not working (the worker has not run, say):
# that is their answer, not a server error.
HEALTH_CHECKS = frozenset({"/healthz", "/healthz/ready"})


def server_error(url: str, status: int) -> bool:
    """Whether `status` for `url` is a server error (a 5xx that is not a health check's answer)."""
    return status >= 500 and not (url.split("?")[0] in HEALTH_CHECKS and status == 503)
