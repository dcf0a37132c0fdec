"""What a raise journey's questions are about: the raiser, the partnership, its policy, the other
agencies and their people, and who the policy suggests should hold each side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet

from accord.accounts.levels import active_people, allowed_holders
from accord.accounts.models import Agency, AgencyKind, Person
from accord.engine.policy.model import Policy, counterpart_role
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force
from accord.partnerships.policy_texts import shown_text
from accord.partnerships.readiness import not_live
from accord.partnerships.themes import themes_for

from .journey import Journey


def partnerships_of(agency: Agency) -> QuerySet[Partnership]:
    """The partnerships an agency works in: its home one and those it serves."""
    return (
        Partnership.objects.filter(Q(pk=agency.home_partnership_id) | Q(agencies=agency))
        .distinct()
        .order_by("name")
    )


def version_in_force(partnership: Partnership, today: date) -> PolicyVersion | None:
    try:
        return policy_version_in_force(partnership, on=today)
    except NoPolicyInForce:
        return None


def raisable(agency: Agency, today: date) -> list[tuple[Partnership, PolicyVersion]]:
    """The partnerships the agency may raise in today (live ones), each with its policy version
    in force."""
    found = [(p, version_in_force(p, today)) for p in partnerships_of(agency).filter(live=True)]
    return [(p, v) for p, v in found if v is not None]


def not_yet_live(agency: Agency) -> list[str]:
    """Why the agency cannot raise in each of its partnerships that is not live yet."""
    return [not_live(p) for p in partnerships_of(agency).filter(live=False)]


@dataclass
class Setting:
    """One journey of one person, with what its pages read (loaded once per request)."""

    person: Person
    journey: Journey
    today: date

    @property
    def answers(self) -> dict[str, Any]:
        return self.journey.answers

    @cached_property
    def own_agency(self) -> Agency:
        assert self.person.agency is not None  # the views send people of no agency away
        return self.person.agency

    @cached_property
    def partnership(self) -> Partnership | None:
        if self.journey.partnership_id is None:
            return None
        return partnerships_of(self.own_agency).filter(pk=self.journey.partnership_id).first()

    @cached_property
    def version(self) -> PolicyVersion | None:
        if self.partnership is None or self.journey.version_id is None:
            return None
        return PolicyVersion.objects.filter(
            pk=self.journey.version_id, partnership=self.partnership
        ).first()

    @cached_property
    def policy(self) -> Policy:
        assert self.version is not None  # the views check it before asking
        return policy_of(self.version)

    @cached_property
    def partnership_choices(self) -> list[tuple[Partnership, PolicyVersion]]:
        return raisable(self.own_agency, self.today)

    @property
    def subject_kind(self) -> str:
        kind = self.answers.get("subject_kind")
        return str(kind) if kind else self.policy.subjects[0]

    @property
    def stage(self) -> int:
        """The stage the case will start at: 1 unless the raiser said the child is at
        immediate risk and chose a higher one."""
        if self.answers.get("immediate_risk") is not True:
            return 1
        return int(str(self.answers.get("start_stage") or 1))

    @cached_property
    def themes(self) -> list[str]:
        assert self.partnership is not None
        return themes_for(self.partnership, self.policy)

    def other_agencies(self) -> QuerySet[Agency]:
        """The agencies the case may be raised with: those working in the journey's partnership
        (its own, and those of neighbouring partnerships that serve it), and the raiser's own
        only where the policy covers disagreements within an agency (`Policy.within_agency`)."""
        assert self.partnership is not None
        found = Agency.objects.filter(
            Q(home_partnership=self.partnership) | Q(serves=self.partnership)
        )
        if not self.policy.within_agency:
            found = found.exclude(pk=self.own_agency.pk)
        return found.distinct().order_by("name")

    @cached_property
    def agency_kinds(self) -> list[tuple[str, str]]:
        """The kinds of agency there is another agency of, in AgencyKind's order."""
        present = set(self.other_agencies().values_list("kind", flat=True))
        return [(value, str(label)) for value, label in AgencyKind.choices if value in present]

    def agencies_of_kind(self, kind: str) -> QuerySet[Agency]:
        return self.other_agencies().filter(kind=kind)

    @cached_property
    def receiving_agency(self) -> Agency | None:
        agency_id = self.answers.get("agency")
        kind = self.answers.get("agency_kind")
        if agency_id is None or kind is None:
            return None
        return self.agencies_of_kind(str(kind)).filter(pk=agency_id).first()

    def role_for(self, side: str, agency_kind: str) -> str:
        """The policy's role key holding `side` at the journey's starting stage."""
        stage = self.policy.stage(self.stage)
        return counterpart_role(getattr(stage, side), agency_kind)

    def role_label(self, role: str) -> str:
        return shown_text(self.policy.roles.get(role, role.replace("_", " ").capitalize()))

    def holders_allowed(
        self, side: str, agency: Agency, *, excluding: Person | None = None
    ) -> QuerySet[Person]:
        """The people of `agency` who may hold `side` at the starting stage (the policy's
        ladder: `accord.accounts.levels`), never `excluding`."""
        return allowed_holders(self.policy, self.stage, side, agency, excluding=excluding)

    @property
    def needs_raising_holder(self) -> bool:
        """Is someone other than the raiser to hold the raising side? At a higher starting stage,
        and at stage 1 where the raiser is not at the level the procedure names (Blackburn with
        Darwen's first line managers)."""
        if self.stage > 1:
            return True
        return (
            not self.holders_allowed("raising", self.own_agency).filter(pk=self.person.pk).exists()
        )


def person_id(value: object) -> int:
    """A person's id as the journey keeps it (0, nobody, for anything else)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def safeguarding_lead(agency: Agency) -> Person | None:
    return active_people(agency).filter(is_safeguarding_lead=True).first()
