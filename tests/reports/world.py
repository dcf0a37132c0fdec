"""Generated cases with known answers: made through the actions, and written down as they are
made (the ledger), so each test counts its expected figures from the ledger, not from the code
under test.

Three partnerships: Home (a school, children's social care and health at home there, and a
police force at home in Neighbour that serves Home too), Neighbour (its own school) and Other.
Cases between Home's agencies and the police are cross-boundary: they count on both boards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from accord.accounts.models import Agency, AgencyKind, Level, Person
from accord.cases import actions
from accord.cases.models import Case
from accord.partnerships.models import Partnership, PolicyVersion
from tests.factories import (
    LONDON,
    AgencyFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
    holder,
)

# The bank holidays the `england_2026` fixture stores, written out again here: the expected
# working days are counted by a plain loop over these, not by the engine's calendar.
HOLIDAYS = {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4)}
TODAY = date(2026, 7, 10)
NOW = datetime.combine(TODAY, time(12, 0), tzinfo=LONDON)
FIRST_DAY = date(2026, 3, 2)
LAST_DAY = date(2026, 6, 19)  # a case takes at most 6 steps of 1 to 3 days: all before TODAY
THEMES = ["Threshold for statutory services", "Roles and responsibilities", "Communication", ""]
FATES = [
    "open", "open", "escalated", "escalated", "resolved", "resolved", "resolved",
    "signed_off", "closed", "closed", "withdrawn", "referred", "decided",
]  # fmt: skip


def working_days(start: date, end: date) -> int:
    """Days after `start` up to and including `end` that are weekdays and not bank holidays."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAYS:
            count += 1
    return count


@dataclass
class Made:
    """What was done to one case, as the test did it."""

    case: Case
    partnership: Partnership
    raising: Agency
    receiving: Agency
    raised_on: date
    theme: str
    urgent: bool
    counts_for: set[int]  # the partnerships whose figures count it
    visits: list[tuple[int, date, date]] = field(default_factory=list)  # stage, in, out
    stage: int = 1
    entered_on: date | None = None
    resolved: tuple[int, date] | None = None  # stage (0: the final process), day
    withdrawn_on: date | None = None
    closed_on: date | None = None  # closed or withdrawn
    referred_on: date | None = None
    status: str = "open"
    debrief: str | None = None  # held | declined

    @property
    def active(self) -> bool:
        return self.status not in {"closed", "withdrawn"}


@dataclass
class World:
    home: Partnership
    neighbour: Partnership
    other: Partnership
    versions: dict[int, PolicyVersion]
    agencies: dict[str, Agency]
    staff: dict[str, Person]
    made: list[Made] = field(default_factory=list)

    def of(self, partnership: Partnership) -> list[Made]:
        return [m for m in self.made if partnership.pk in m.counts_for]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _weekday(rng: random.Random, first: date, last: date) -> date:
    while True:
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day


def build_world(*, seed: int = 8, home_cases: int = 48) -> World:
    home = PartnershipFactory(name="Home Partnership", slug="home")
    neighbour = PartnershipFactory(name="Neighbour Partnership", slug="neighbour")
    other = PartnershipFactory(name="Other Partnership", slug="other")
    versions = {p.pk: PolicyVersionFactory(partnership=p) for p in (home, neighbour, other)}
    agencies = {
        "school": AgencyFactory(home_partnership=home, kind=AgencyKind.EDUCATION, name="School"),
        "social_care": AgencyFactory(
            home_partnership=home, kind=AgencyKind.SOCIAL_CARE, name="Social care"
        ),
        "health": AgencyFactory(home_partnership=home, kind=AgencyKind.HEALTH, name="Health"),
        "police": AgencyFactory(home_partnership=neighbour, kind=AgencyKind.POLICE, name="Police"),
        "n_school": AgencyFactory(
            home_partnership=neighbour, kind=AgencyKind.EDUCATION, name="Neighbour school"
        ),
        "o_school": AgencyFactory(
            home_partnership=other, kind=AgencyKind.EDUCATION, name="Other school"
        ),
        "o_care": AgencyFactory(
            home_partnership=other, kind=AgencyKind.SOCIAL_CARE, name="Other social care"
        ),
    }
    agencies["police"].serves.add(home)
    staff = {
        role: PartnershipRoleFactory(partnership=home, role=role).person
        for role in ("business_manager", "independent_chair", "panel_member", "administrator")
    }
    staff["neighbour_manager"] = PartnershipRoleFactory(
        partnership=neighbour, role="business_manager"
    ).person
    staff["other_manager"] = PartnershipRoleFactory(
        partnership=other, role="business_manager"
    ).person
    world = World(home, neighbour, other, versions, agencies, staff)
    rng = random.Random(seed)
    a = agencies
    home_pairs = [
        ("school", "social_care"), ("school", "social_care"), ("health", "social_care"),
        ("school", "police"), ("police", "social_care"), ("health", "school"),
    ]  # fmt: skip
    plan = [(home, pair) for pair in rng.choices(home_pairs, k=home_cases)]
    plan += [(neighbour, ("n_school", "police"))] * 6
    plan += [(other, ("o_school", "o_care"))] * 7
    for partnership, (raising, receiving) in plan:
        world.made.append(
            _make(world, rng, partnership, a[raising], a[receiving], rng.choice(FATES))
        )
    return world


def _counts_for(case_partnership: Partnership, *agencies: Agency) -> set[int]:
    return {case_partnership.pk, *(agency.home_partnership_id for agency in agencies)}


def _make(
    world: World, rng: random.Random, partnership: Partnership, raising: Agency,
    receiving: Agency, fate: str,
) -> Made:  # fmt: skip
    raised_on = _weekday(rng, FIRST_DAY, LAST_DAY)
    theme = rng.choice(THEMES)
    urgent = rng.random() < 0.2
    raiser = PersonFactory(agency=raising)
    case = actions.raise_case(
        partnership=partnership, policy_version=world.versions[partnership.pk], raised_by=raiser,
        raising_agency=raising, receiving_agency=receiving,
        receiving_holder=PersonFactory(agency=receiving), decision_summary="Decision.",
        outcome_sought="Outcome.", subject_name="Generated Child", theme=theme, urgent=urgent,
        now=_at(raised_on),
    )  # fmt: skip
    made = Made(
        case=case, partnership=partnership, raising=raising, receiving=receiving,
        raised_on=raised_on, theme=theme, urgent=urgent,
        counts_for=_counts_for(partnership, raising, receiving), entered_on=raised_on,
    )  # fmt: skip
    day = raised_on
    escalations = {"escalated": rng.randint(1, 2), "referred": 3, "decided": 3}.get(
        fate, rng.randint(0, 2) if fate != "open" else 0
    )
    for _ in range(escalations):
        day = _later(rng, day)
        case = actions.escalate_case(
            case=case, actor=holder(case, "raising"),
            raising_holder=PersonFactory(agency=raising, level=Level.FIRST_LINE_MANAGER),
            receiving_holder=PersonFactory(agency=receiving, level=Level.FIRST_LINE_MANAGER),
            reason="No agreement", now=_at(day),
        )  # fmt: skip
        _leave(made, day, made.stage + 1)
    if fate in {"referred", "decided"}:
        day = _later(rng, day)
        actions.refer_case(case=case, actor=holder(case, "raising"), reason="Unresolved",
                           now=_at(day))  # fmt: skip
        _leave(made, day, 0)
        made.referred_on, made.status = day, "referred"
    if fate in {"resolved", "signed_off", "closed", "decided"}:
        day = _later(rng, day)
        actor = holder(case) if fate != "decided" else _chair(world, partnership)
        actions.resolve_case(case=case, actor=actor, agreed_outcome="Agreed", now=_at(day))
        made.resolved = (made.stage, day)
        made.visits.append((made.stage, made.entered_on or day, day))
        made.status = "resolved"
        if rng.random() < 0.6:
            made.debrief = rng.choice(["held", "declined"])
            actions.record_debrief(
                case=case, actor=case.raised_by, outcome=made.debrief, now=_at(day, 15),
                held_on=day if made.debrief == "held" else None, notes="What we learned.",
            )  # fmt: skip
    if fate in {"signed_off", "closed"}:
        for side in ("raising", "receiving"):
            actions.sign_off(case=case, actor=holder(case, side), side=side, now=_at(day, 16))
        made.status = "signed_off"
    if fate == "closed":
        day = _later(rng, day)
        actions.close_case(case=case, actor=case.raised_by, now=_at(day))
        made.status, made.closed_on = "closed", day
    if fate == "withdrawn":
        day = _later(rng, day)
        actions.withdraw_case(case=case, actor=case.raised_by, reason="Sorted", now=_at(day))
        made.visits.append((made.stage, made.entered_on or day, day))
        made.withdrawn_on, made.closed_on, made.status = day, day, "withdrawn"
    made.case = Case.objects.get(pk=case.pk)
    assert made.case.status == made.status, (made.case.status, made.status, fate)
    return made


def _later(rng: random.Random, day: date) -> date:
    """One to three days on."""
    return day + timedelta(days=rng.randint(1, 3))


def _leave(made: Made, day: date, next_stage: int) -> None:
    made.visits.append((made.stage, made.entered_on or day, day))
    made.stage, made.entered_on = next_stage, day


def _chair(world: World, partnership: Partnership) -> Person:
    if partnership.pk == world.home.pk:
        return world.staff["independent_chair"]
    return PartnershipRoleFactory(partnership=partnership, role="independent_chair").person
