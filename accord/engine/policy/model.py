"""A validated policy file as frozen dataclasses: the shape every other part of Accord reads.

The loader (`accord.engine.policy.loader`) builds these from a TOML file after validation; nothing
else constructs them except tests. Field names follow `design/policy-format.md`; `line` fields keep
the source line of the key so later checks and messages can point at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from accord.engine.policy.form_model import Form


class Unit(StrEnum):
    """How a duration is counted."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    NONE = "none"  # "without delay": no due date, holders are nudged instead
    AGREED = "agreed"  # due on the date the parties set (section 4.2)


class Jurisdiction(StrEnum):
    """Which bank holidays apply."""

    ENG = "ENG"
    WLS = "WLS"
    SCT = "SCT"
    NIR = "NIR"
    IMN = "IMN"
    GGY = "GGY"
    JEY = "JEY"


AGENCY_KINDS = (
    "social_care",
    "police",
    "health",
    "education",
    "housing",
    "probation",
    "voluntary",
    "other",
)

# Anchors a duration may be counted from; `step:<id>` is the completion of a step of the same stage.
STAGE_START = "stage_start"
CASE_RAISED = "case_raised"
CONCERN_IDENTIFIED = "concern_identified"

# Recipients a notify rule may name besides role keys (section 4.5).
SIDE_RECIPIENTS = (
    "raiser",
    "raising_holder",
    "receiving_holder",
    "raising_managers",
    "receiving_managers",
)

TRIGGERS = ("entered", "resolved", "due_soon", "breached", "escalating")

# How many years back a concern may have been identified when a policy does not say
# (`[raising] concern_look_back_years`, Accord's addition).
CONCERN_LOOK_BACK_YEARS = 1


@dataclass(frozen=True)
class Retention:
    """How long a closed case's personal details are kept (`[retention]`, Accord's addition):
    `years_after_closure` after it closed, or until its subject's `until_age` birthday (0: no
    such rule), whichever is later. The default is six years or the 25th birthday."""

    years_after_closure: int = 6
    until_age: int = 25


@dataclass(frozen=True, slots=True)
class Duration:
    """`{ within = N, unit = U, from = F }`; `within` is None for units `none` and `agreed`."""

    unit: Unit
    within: int | None = None
    anchor: str = STAGE_START
    nudge_every: Duration | None = None
    nudge_limit: int | None = None  # reminders before they stop (None: Accord's default)
    line: int = 0

    @property
    def has_due_date(self) -> bool:
        return self.unit not in (Unit.NONE, Unit.AGREED)


@dataclass(frozen=True, slots=True)
class Alternative[T]:
    """One entry of a conditional list: applies when `if_fact` is true (or always, when None)."""

    value: T
    if_fact: str | None = None
    line: int = 0


type Alternatives[T] = tuple[Alternative[T], ...]


def choose[T](alternatives: Alternatives[T], facts: Mapping[str, bool]) -> T:
    """The first alternative whose fact is true; an unanswered fact is false.

    Validation guarantees the last alternative has no condition, so one always applies.
    """
    for alternative in alternatives:
        if alternative.if_fact is None or facts.get(alternative.if_fact, False):
            return alternative.value
    raise ValueError("a conditional list must end with an entry that has no `if`")


@dataclass(frozen=True, slots=True)
class Counterpart:
    """The role holding a stage on one side; `agency` narrows it to one kind of agency (4.6)."""

    role: str
    agency: str | None = None
    line: int = 0


def counterpart_role(counterparts: tuple[Counterpart, ...], agency_kind: str | None) -> str:
    """The role key for a side whose agency is of `agency_kind` (the last entry has no agency)."""
    for counterpart in counterparts:
        if counterpart.agency is None or counterpart.agency == agency_kind:
            return counterpart.role
    raise ValueError("a counterpart list must end with an entry that has no `agency`")


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    name: str
    due: Alternatives[Duration]
    line: int = 0


@dataclass(frozen=True, slots=True)
class NotifyRule:
    """`notify = [{ on, to, form, if }]` on a stage."""

    on: str  # one of TRIGGERS
    to: tuple[str, ...]  # role keys or SIDE_RECIPIENTS
    form: str | None = None
    if_fact: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Stage:
    number: int
    name: str
    raising: tuple[Counterpart, ...]
    receiving: tuple[Counterpart, ...]
    due: Alternatives[Duration]
    guidance: str = ""
    checklist: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    chair: Alternatives[str] = ()  # role keys; empty when the stage names no chair
    # Accord's addition: the chair is not a party to the case (neither side's holder, the
    # raiser, nor a manager above them)
    chair_independent: bool = False
    meeting: bool = False
    notify: tuple[NotifyRule, ...] = ()
    advisers: tuple[str, ...] = ()  # role keys (4.5)
    line: int = 0

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True, slots=True)
class Budget:
    """A limit shared by several stages, running from entering the first listed stage."""

    id: str
    name: str
    stages: tuple[int, ...]
    within: int
    unit: Unit
    line: int = 0


@dataclass(frozen=True, slots=True)
class ImmediateRisk:
    guidance: str = ""
    may_start_at: tuple[int, ...] = ()
    urgent_due: Duration | None = None
    inform: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NonResponse:
    grace: Duration
    action: str = "alert_next_level"


@dataclass(frozen=True, slots=True)
class RouteException:
    """A disagreement that belongs to another route (`[[exceptions]]`)."""

    id: str
    question: str
    route: str
    policy: str | None = None  # another policy of the same partnership (4.8)
    line: int = 0


@dataclass(frozen=True, slots=True)
class Panel:
    agencies: int = 3
    include_parties: bool = True
    convened_by: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    final: str = "senior_decision"  # panel | mediation | chair_decision | senior_decision
    panel: Panel | None = None
    report_to: tuple[str, ...] = ()
    record: tuple[str, ...] = ("agreed_outcome", "outstanding_issues")
    sign_off: str = "both_parties"  # both_parties | raising_party | none
    debrief: str = "none"  # none | offered | required
    # Accord's addition: facts asked when the outcome is recorded, not when the case is raised
    ask: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of one partnership's procedure."""

    id: str
    version: str
    title: str
    partnership: str
    jurisdiction: Jurisdiction
    stages: tuple[Stage, ...]
    roles: dict[str, str]
    population: str = "children"
    effective_from: date | None = None
    source: str = ""
    scope: str = "between_agencies"
    subjects: tuple[str, ...] = ("child",)
    closures: tuple[tuple[date, date], ...] = ()  # inclusive ranges; a single day is (d, d)
    facts: dict[str, str] = field(default_factory=dict)
    budgets: tuple[Budget, ...] = ()
    immediate_risk: ImmediateRisk = ImmediateRisk()
    non_response: NonResponse | None = None
    exceptions: tuple[RouteException, ...] = ()
    resolution: Resolution = Resolution()
    forms: tuple[Form, ...] = ()
    themes: tuple[str, ...] = ()
    raising_due: Alternatives[Duration] = ()  # `[raising] due` (4.4); empty when not timed
    # `[raising] concern_look_back_years` (Accord's addition): how far back a concern may be
    concern_look_back_years: int = CONCERN_LOOK_BACK_YEARS
    may_skip: bool = False  # `[escalation] may_skip` (4.7)
    retention: Retention = Retention()  # `[retention]` (Accord's addition)
    # `[policy] languages` (Accord's addition): English always; each other one (Welsh, `cy`)
    # has a text beside every English text, kept in the texts (`accord.engine.policy.texts`)
    languages: tuple[str, ...] = ("en",)

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    def form(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    @property
    def raising_facts(self) -> dict[str, str]:
        """The facts asked when a case is raised: all but those `[resolution] ask` keeps for
        when the outcome is recorded."""
        return {k: q for k, q in self.facts.items() if k not in self.resolution.ask}

    @property
    def resolution_facts(self) -> dict[str, str]:
        """The facts asked when the outcome is recorded (`[resolution] ask`), in that order."""
        return {k: self.facts[k] for k in self.resolution.ask if k in self.facts}

    @property
    def within_agency(self) -> bool:
        """Whether a case may be raised within one agency (`scope =
        "within_and_between_agencies"`), not only between two."""
        return self.scope == "within_and_between_agencies"

    @property
    def top_stage(self) -> int:
        return len(self.stages)
