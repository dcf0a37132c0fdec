"""Reading cases for a person: the list and the case page, through the access rules.

Who may see which case is decided in `accord.cases.access` (deny by default); this module only
reads through `cases_visible_to` and `readable_by` (`get_case_for`'s query), re-exported here
for older callers. The case page loads in a fixed number of queries whatever its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accord.accounts.models import Person
from accord.engine.case_state import CaseState
from accord.engine.policy.model import Policy, Stage
from accord.engine.refusals import CaseRecords, why_not

from . import recipients
from .access import CaseAccess, case_access, cases_visible_to, get_case_for, readable_by
from .case_reading import PANEL_DECLINED, outcome_title_of
from .chain import Break, check_events, head_of
from .models import (
    Case,
    CaseEvent,
    CaseStatus,
    Deadline,
    Debrief,
    Holding,
    Outcome,
    PanelMember,
    Subject,
)
from .offers import offered_actions
from .state import replayed as replay_case

__all__ = [
    "Adviser",
    "CasePage",
    "case_list_for",
    "case_page_for",
    "cases_visible_to",
    "get_case_for",
]


def case_list_for(person: Person) -> QuerySet[Case]:
    """Visible cases with their next open due date, newest first (the access benchmark's list)."""
    return (
        cases_visible_to(person)
        .only("reference", "stage", "status", "urgent", "raised_at", "next_due_on")
        .order_by("-raised_at")
    )


@dataclass(frozen=True)
class Adviser:
    """A role the current stage's holders take advice from (policy format 4.5), and who holds
    it for this case (nobody yet: an empty tuple)."""

    key: str
    name: str
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class CasePage:
    """Everything a case page shows, loaded in a fixed number of queries.

    `state`, `policy` and `offers` are there when the page asked for the replay (`replayed=True`);
    `subject`, `outcome` and `advisers` when it asked for the overview.
    """

    case: Case
    holdings: list[Holding]
    deadlines: list[Deadline]
    events: list[CaseEvent]
    access: CaseAccess
    log_breaks: tuple[Break, ...] = ()  # where its event log no longer verifies (none: it does)
    now: datetime | None = None
    policy: Policy | None = None
    state: CaseState | None = None
    offers: frozenset[str] = frozenset()
    records: CaseRecords = field(default_factory=CaseRecords)
    subject: Subject | None = None
    outcome: Outcome | None = None
    advisers: tuple[Adviser, ...] = field(default=())

    @property
    def seen(self) -> int:
        """The sequence of the last event: what an action form carries as `seen`."""
        return self.events[-1].sequence if self.events else 0

    def why_not(self, action: str) -> str | None:
        """Why the procedure does not allow `action` now (None: it does); needs the replay."""
        assert self.policy is not None, "a replayed page"
        assert self.state is not None
        return why_not(self.policy, self.state, action, self.records)

    @property
    def outcome_title(self) -> str:
        """What the recorded outcome is: agreed at a stage, or the panel's or chair's decision."""
        assert self.policy is not None, "a replayed page"
        return outcome_title_of(self.policy, self.events)

    def changed_since(self, seen: int) -> list[str]:
        """The summaries of the events after `seen` (what a stale form missed)."""
        return [e.summary for e in self.events if e.sequence > seen]

    @property
    def stage(self) -> Stage | None:
        """The policy's stage the case is at (None before the replay is loaded)."""
        if self.policy is None or not 1 <= self.case.stage <= self.policy.top_stage:
            return None
        return self.policy.stage(self.case.stage)

    def holders(self, side: str, stage: int | None = None) -> list[Holding]:
        """Who holds `side` now (or held it at `stage`, newest last)."""
        if stage is None:
            return [h for h in self.holdings if h.side == side and h.ended_at is None]
        return [h for h in self.holdings if h.side == side and h.stage == stage]


def case_page_for(
    person: Person,
    reference: str,
    *,
    now: datetime | None = None,
    replayed: bool = False,
    overview: bool = False,
) -> CasePage:
    """A case page's content, if `person` may see the case (`Case.DoesNotExist` otherwise).

    Always: the case, its holdings, deadlines and events, and the person's access (five
    queries), and whether its event log verifies (one more, for its checkpoints). `replayed`
    adds the engine's view as of `now` and the actions offered to the person (one query, for
    the calendar; two more where the current stage names advisers, who may record advice);
    `overview` also the subject, the outcome once resolved and those advisers (up to one more).
    """
    found = readable_by(person).select_related("policy_version", "raised_by__agency", "chain_head")
    if overview:
        found = found.select_related("subject")
    if replayed:
        found = found.annotate(
            has_panel=Exists(PanelMember.objects.filter(case=OuterRef("pk"))),
            has_debrief=Exists(Debrief.objects.filter(case=OuterRef("pk"))),
        )
    case = found.get(reference=reference)
    holdings = list(
        Holding.objects.filter(case=case)
        .select_related("person", "person__agency", "person__line_manager")
        .order_by("stage", "side", "started_at")
    )
    deadlines = list(Deadline.objects.filter(case=case).order_by("stage", "due_on", "key"))
    events = list(
        CaseEvent.objects.filter(case=case)
        .select_related("actor", "actor__agency")
        .order_by("sequence")
    )
    access = case_access(person, case, holdings, next_level=recipients.next_level(case, holdings))
    breaks = tuple(check_events(case, events, head=head_of(case)))
    page = CasePage(
        case=case,
        holdings=holdings,
        deadlines=deadlines,
        events=events,
        access=access,
        log_breaks=breaks,
    )
    if not replayed:
        return page
    assert now is not None, "a replayed page needs `now`"
    policy, state = replay_case(case, events, deadlines, now=now)
    advisers = _advisers(case, policy, holdings)  # they record advice: offered to them alone
    access = replace(access, advisers=frozenset(p.pk for a in advisers for p in a.people))
    records = CaseRecords(
        panel_convened=bool(getattr(case, "has_panel", False)),
        debrief_recorded=bool(getattr(case, "has_debrief", False)),
        panel_declined=any(e.kind == PANEL_DECLINED for e in events),
    )
    extra: dict[str, object] = {}
    if overview:
        extra["subject"] = _subject_of(case)
        if case.status not in {CaseStatus.OPEN, CaseStatus.REFERRED}:
            extra["outcome"] = Outcome.objects.filter(case=case).order_by("-recorded_at").first()
        extra["advisers"] = advisers
    return CasePage(
        case=case,
        holdings=holdings,
        deadlines=deadlines,
        events=events,
        access=access,
        log_breaks=breaks,
        now=now,
        policy=policy,
        state=state,
        offers=offered_actions(policy, state, access, records),
        records=records,
        **extra,  # type: ignore[arg-type]
    )


def _subject_of(case: Case) -> Subject | None:
    try:
        return case.subject
    except Subject.DoesNotExist:
        return None


def _advisers(case: Case, policy: Policy, holdings: list[Holding]) -> tuple[Adviser, ...]:
    """The current stage's `advisers`, each with the people it reaches for this case (two
    queries, only when the stage names advisers)."""
    return tuple(
        Adviser(
            key=key,
            name=policy.roles.get(key, key.replace("_", " ").capitalize()),
            people=tuple(people),
        )
        for key, people in recipients.advisers_of(case, policy, holdings).items()
    )
