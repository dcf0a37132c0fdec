"""factory_boy factories: partnerships, people, and cases in each state (made through actions)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import factory
from factory.django import DjangoModelFactory

from accord.accounts.models import Agency, AgencyKind, Level, PartnershipRole, Person
from accord.cases import actions
from accord.cases.models import Case
from accord.engine.london import LONDON
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import load_policy_version

EXAMPLE_POLICY = Path(__file__).parent / "engine" / "fixtures" / "example-borough.toml"
# A Monday with no bank holiday near: deadlines count cleanly from here.
RAISED_AT = datetime(2026, 6, 1, 10, 0, tzinfo=LONDON)
PASSWORD = "correct horse battery staple"


class PartnershipFactory(DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    jurisdiction = "ENG"
    live = True


class PolicyVersionFactory(factory.Factory[PolicyVersion]):
    """The example policy, loaded through the engine, with an id unique to each partnership."""

    class Meta:
        model = PolicyVersion

    partnership = factory.SubFactory(PartnershipFactory)
    now = RAISED_AT - timedelta(days=30)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> PolicyVersion:
        partnership = kwargs["partnership"]
        text = EXAMPLE_POLICY.read_text(encoding="utf-8").replace(
            'id = "example-borough"', f'id = "example-{partnership.slug}"', 1
        )
        return load_policy_version(
            partnership=partnership, text=text, file_name="example.toml", now=kwargs["now"]
        )


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.SOCIAL_CARE
    home_partnership = factory.SubFactory(PartnershipFactory)

    @factory.post_generation
    def serves_home(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.serves.add(self.home_partnership)


class PersonFactory(DjangoModelFactory[Person]):
    """A person. `PersonFactory(authenticator=True)` has an authenticator app set up, as
    everyone must to see case data (its secret: `tests.signing_in.secret_of(person)`)."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@agency.example")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Practitioner"
    agency = factory.SubFactory(AgencyFactory)
    level = Level.PRACTITIONER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def authenticator(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            from tests.signing_in import give_authenticator  # it imports the web app

            give_authenticator(self)


class PartnershipRoleFactory(DjangoModelFactory[PartnershipRole]):
    class Meta:
        model = PartnershipRole

    person = factory.SubFactory(PersonFactory, agency=None)
    partnership = factory.SubFactory(PartnershipFactory)
    role = "business_manager"


class OpenCaseFactory(factory.Factory[Case]):
    """A case raised at stage 1 (or `stage`, urgent) by a practitioner in education against
    children's social care, through `raise_case`."""

    class Meta:
        model = Case

    partnership = factory.SubFactory(PartnershipFactory)
    policy_version = factory.LazyAttribute(
        lambda o: PolicyVersionFactory(partnership=o.partnership)
    )
    raising_agency = factory.LazyAttribute(
        lambda o: AgencyFactory(home_partnership=o.partnership, kind=AgencyKind.EDUCATION)
    )
    receiving_agency = factory.LazyAttribute(
        lambda o: AgencyFactory(home_partnership=o.partnership, kind=AgencyKind.SOCIAL_CARE)
    )
    raised_by = factory.LazyAttribute(lambda o: PersonFactory(agency=o.raising_agency))
    receiving_holder = factory.LazyAttribute(lambda o: PersonFactory(agency=o.receiving_agency))
    decision_summary = "Referral closed with no further action."
    outcome_sought = "A child and family assessment."
    subject_name = "Test Child"
    stage = 1
    urgent = False
    reason = ""
    now = RAISED_AT

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        return actions.raise_case(**kwargs)


def later(case: Case, hours: int) -> datetime:
    """An instant `hours` after the case's last event."""
    return case.last_event_at + timedelta(hours=hours)


def holder(case: Case, side: str = "receiving") -> Person:
    """The person holding `side` of the case now (only holders act at a stage)."""
    return case.holdings.filter(side=side, ended_at__isnull=True).latest("started_at").person


def decider(case: Case) -> Person:
    """Who may record the outcome now: a holder at a stage; once the case is referred, the
    partnership's independent chair (made if there is none)."""
    if Case.objects.get(pk=case.pk).status != "referred":
        return holder(case)
    role = PartnershipRole.objects.filter(partnership=case.partnership, role="independent_chair")
    if not role.exists():
        return PartnershipRoleFactory(partnership=case.partnership, role="independent_chair").person
    return role.first().person  # type: ignore[union-attr]


class EscalatedCaseFactory(OpenCaseFactory):
    """A case escalated (a day later) to `to_stage`, with new holders at each stage."""

    to_stage = 2

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        to_stage = kwargs.pop("to_stage")
        case = actions.raise_case(**kwargs)
        while case.stage < to_stage:
            case = actions.escalate_case(
                case=case,
                actor=holder(case, "raising"),
                raising_holder=PersonFactory(
                    agency=case.raising_agency, level=Level.FIRST_LINE_MANAGER
                ),
                receiving_holder=PersonFactory(
                    agency=case.receiving_agency, level=Level.FIRST_LINE_MANAGER
                ),
                reason="No agreement",
                now=later(case, 24),
            )
        return case


class ResolvedCaseFactory(OpenCaseFactory):
    """Resolved at stage 1, awaiting sign-off by both sides."""

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        case = actions.raise_case(**kwargs)
        actions.resolve_case(
            case=case, actor=case.raised_by, agreed_outcome="Assessment agreed", now=later(case, 24)
        )
        case.refresh_from_db()
        return case


class SignedOffCaseFactory(ResolvedCaseFactory):
    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        case = super()._create(model_class, *args, **kwargs)
        for side in ("raising", "receiving"):
            actions.sign_off(case=case, actor=holder(case, side), side=side, now=later(case, 2))
            case.refresh_from_db()
        return case


class ClosedCaseFactory(SignedOffCaseFactory):
    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        case = super()._create(model_class, *args, **kwargs)
        return actions.close_case(case=case, actor=case.raised_by, now=later(case, 2))


class WithdrawnCaseFactory(OpenCaseFactory):
    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        case = actions.raise_case(**kwargs)
        return actions.withdraw_case(
            case=case, actor=case.raised_by, reason="Resolved informally", now=later(case, 2)
        )


class ReferredCaseFactory(EscalatedCaseFactory):
    """Escalated to the top stage (4) and referred to the partnership's final process."""

    to_stage = 4

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        case = super()._create(model_class, *args, **kwargs)
        return actions.refer_case(
            case=case, actor=holder(case, "raising"), reason="Unresolved", now=later(case, 24)
        )
