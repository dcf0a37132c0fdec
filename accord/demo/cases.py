"""Demo cases at every stage and state, made through the actions with dates relative to today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accord.accounts.levels import stage_level
from accord.accounts.models import AgencyKind, Level, Person
from accord.cases import actions
from accord.cases.models import Case, Holding
from accord.engine.london import LONDON
from accord.engine.policy.model import Policy
from accord.partnerships.policies import policy_of

from .people import DemoPartnership

CHILDREN = [
    ("Maisie Thornbury", date(2015, 3, 14)), ("Jayden Holloway", date(2019, 7, 2)),
    ("Ruby Kessington", date(2012, 11, 23)), ("Tomasz Wrenfield", date(2017, 1, 9)),
    ("Aaliyah Brookmere", date(2021, 5, 30)), ("Finley Ashcombe", date(2010, 9, 18)),
]  # fmt: skip
DECISIONS = [
    ("Referral about neglect closed with no further action after a single home visit.",
     "A strategy discussion and a child and family assessment."),
    ("Request for a child protection conference declined as below threshold.",
     "Reconsideration of the threshold decision with the new school attendance evidence."),
    ("Case stepped down to early help while the domestic abuse risk is unresolved.",
     "The case kept open to children's social care until the risk assessment is complete."),
]  # fmt: skip
RAISERS = [AgencyKind.EDUCATION, AgencyKind.HEALTH, AgencyKind.POLICE]


@dataclass
class Script:
    """Makes one partnership's demo cases; `n` picks agencies and texts in turn."""

    demo: DemoPartnership
    today: date
    n: int = 0

    @property
    def policy(self) -> Policy:
        return policy_of(self.demo.version)

    def at(self, days_ago: int, hour: int = 10) -> datetime:
        return datetime.combine(self.today - timedelta(days=days_ago), time(hour), tzinfo=LONDON)

    def holder(self, agency_kind: str, side: str, stage: int) -> Person:
        """The demo agency's person at the level the policy names for `side` at `stage`."""
        level = stage_level(self.policy, stage, side, agency_kind)
        return self.demo.agencies[agency_kind].by_level[level]

    def raise_case(self, days_ago: int, *, stage: int = 1, urgent: bool = False) -> Case:
        self.n += 1
        raising = RAISERS[self.n % len(RAISERS)]
        receiving = AgencyKind.SOCIAL_CARE if self.n % 4 else AgencyKind.POLICE
        if receiving == raising:
            raising = AgencyKind.SOCIAL_CARE
        child, born = CHILDREN[self.n % len(CHILDREN)]
        decision, sought = DECISIONS[self.n % len(DECISIONS)]
        facts = dict.fromkeys(self.policy.raising_facts, self.n % 2 == 0)
        raiser = self.demo.agencies[raising].by_level[Level.PRACTITIONER]
        themes = self.policy.themes
        return actions.raise_case(
            partnership=self.demo.partnership,
            policy_version=self.demo.version,
            raised_by=raiser,
            raising_agency=self.demo.agencies[raising].agency,
            receiving_agency=self.demo.agencies[receiving].agency,
            raising_holder=self.holder(raising, "raising", stage),
            receiving_holder=self.holder(receiving, "receiving", stage),
            subject_name=child,
            subject_date_of_birth=born,
            subject_address=f"{10 + self.n} Example Row, Demo Town",
            decision_summary=decision,
            outcome_sought=sought,
            theme=themes[self.n % len(themes)] if themes else "",
            facts=facts,
            urgent=urgent,
            stage=stage,
            reason="The child is at risk of immediate harm." if stage > 1 else "",
            now=self.at(days_ago),
        )

    def current(self, case: Case, side: str = "raising") -> Person:
        """Who holds `side` of the case now: only holders act at a stage."""
        holding = Holding.objects.filter(case=case, side=side, ended_at__isnull=True)
        return holding.select_related("person").latest("started_at").person

    def sides(self, case: Case) -> tuple[str, str]:
        return str(case.raising_agency.kind), str(case.receiving_agency.kind)

    def escalate(self, case: Case, days_ago: int) -> Case:
        raising, receiving = self.sides(case)
        stage = case.stage + 1
        return actions.escalate_case(
            case=case,
            actor=self.current(case),
            raising_holder=self.holder(raising, "raising", stage),
            receiving_holder=self.holder(receiving, "receiving", stage),
            reason="No agreement was reached at the previous stage.",
            now=self.at(days_ago),
        )

    def resolve(self, case: Case, days_ago: int) -> None:
        actions.resolve_case(
            case=case,
            actor=self.current(case),
            agreed_outcome="The receiving agency will review its decision with a joint visit.",
            outstanding_issues="Sharing of school attendance information.",
            pursuit="Raised with the partnership's information-sharing group.",
            now=self.at(days_ago),
            facts=dict.fromkeys(self.policy.resolution_facts, True),
        )

    def sign_offs(self, case: Case, days_ago: int) -> None:
        rule = self.policy.resolution.sign_off
        sides = {"both_parties": ["raising", "receiving"], "raising_party": ["raising"]}
        for side in sides.get(rule, []):
            actor = self.current(case, side)
            actions.sign_off(case=case, actor=actor, side=side, now=self.at(days_ago))

    def meeting(self, case: Case) -> None:
        raising, receiving = self.sides(case)
        actions.record_meeting(
            case=case,
            actor=self.current(case),
            held_at=self.at(1, 14),
            chair=next(  # a third agency's service leader: independent of both parties
                people.by_level[Level.SERVICE_LEADER]
                for kind, people in self.demo.agencies.items()
                if kind not in (raising, receiving)
            ),
            attendees=[
                self.holder(raising, "raising", case.stage),
                self.holder(receiving, "receiving", case.stage),
            ],
            minutes="Both agencies set out their reasons; actions agreed and recorded as tasks.",
            now=self.at(1, 16),
        )

    def convene_panel(self, case: Case, days_ago: int) -> None:
        """A service leader from each of three agencies, the two parties' among them."""
        raising, receiving = self.sides(case)
        third = next(k for k in self.demo.agencies if k not in {raising, receiving})
        members = [
            self.demo.agencies[k].by_level[Level.SERVICE_LEADER]
            for k in (raising, receiving, third)
        ]
        actions.convene_panel(
            case=case,
            actor=self.demo.staff["business_manager"],
            members=members,
            now=self.at(days_ago),
        )

    def run(self) -> list[Case]:
        """Every stage open, overdue, urgent, resolved, signed off, referred, closed (under a legal
        hold), withdrawn."""
        top = self.policy.top_stage
        made = [self.raise_case(1)]  # open at stage 1, fresh
        for stage in range(2, top + 1):  # open at each higher stage
            case = self.raise_case(4 * stage + 2)
            for k in range(2, stage + 1):
                case = self.escalate(case, 4 * stage + 2 - 3 * (k - 1))
            if self.policy.stage(stage).meeting:
                self.meeting(case)
            made.append(case)
        overdue = self.raise_case(40)  # long untouched: overdue where the stage is timed
        if self.policy.stage(1).steps:
            step = self.policy.stage(1).steps[0].id
            actor = self.current(overdue, "receiving")
            actions.complete_step(case=overdue, actor=actor, step=step, now=self.at(39))
        made.append(overdue)
        may_start = self.policy.immediate_risk.may_start_at
        urgent_stage = 2 if 2 in may_start else 1
        made.append(self.raise_case(2, stage=urgent_stage, urgent=True))
        awaiting = self.raise_case(14)  # resolved, awaiting sign-off where the policy asks
        actions.record_response(
            case=awaiting,
            actor=self.current(awaiting, "receiving"),
            position="agree",
            now=self.at(12),
        )
        self.resolve(awaiting, 5)
        actions.add_task(
            case=awaiting,
            actor=awaiting.raised_by,
            title="Arrange the joint visit",
            owner=awaiting.raised_by,
            due_on=self.today + timedelta(days=7),
            now=self.at(5, 11),
        )
        made.append(awaiting)
        signed = self.raise_case(20)
        self.escalate(signed, 15)
        self.resolve(signed, 10)
        self.sign_offs(signed, 8)
        made.append(signed)
        referred = self.raise_case(4 * top + 6)
        for k in range(2, top + 1):
            referred = self.escalate(referred, 4 * top + 6 - 3 * (k - 1))
        actions.refer_case(
            case=referred,
            actor=self.current(referred),
            reason="Still unresolved at the top stage.",
            now=self.at(3),
        )
        if self.policy.resolution.final == "panel":
            self.convene_panel(referred, 2)
        made.append(referred)
        closed = self.raise_case(30)
        self.resolve(closed, 25)
        self.sign_offs(closed, 24)
        if self.policy.resolution.debrief != "none":
            actions.record_debrief(
                case=closed,
                actor=closed.raised_by,
                outcome="held",
                held_on=self.at(23).date(),
                notes="Both sides met to talk through how the disagreement went.",
                now=self.at(23),
            )
        actions.close_case(case=closed, actor=closed.raised_by, now=self.at(22))
        actions.place_legal_hold(
            actor=self.demo.staff["administrator"],
            case=closed,
            reason="The partnership's review of practice may need this case's records.",
            now=self.at(21),
        )
        made.append(closed)
        withdrawn = self.raise_case(9)
        actions.withdraw_case(
            case=withdrawn,
            actor=withdrawn.raised_by,
            reason="The receiving agency reopened the referral.",
            now=self.at(7),
        )
        made.append(withdrawn)
        return made
