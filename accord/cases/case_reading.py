"""A case read for its documents and forms (`read_case`, `CaseReading`: each part loaded once,
when first read), the stages it has been at (`stage_periods`) and how its outcome was decided;
the value of each case path a form names is `case_paths`'."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from accord.engine.london import london_date
from accord.engine.outcome_words import outcome_title
from accord.engine.policy.model import Policy
from accord.partnerships.policies import policy_of
from accord.partnerships.policy_texts import shown_text

from .models import Case, CaseEvent, Holding, Meeting, Outcome, PanelMember, Side, Task
from .models import Subject as SubjectRow

if TYPE_CHECKING:
    from accord.documents.data import StagePeriod

PANEL_DECLINED = "panel_declined"  # the event recording the chair's "no" to convening a panel


def in_reading_order(holdings: Iterable[Holding]) -> list[Holding]:
    """Holdings in the order `CaseReading.holdings` reads them (an action's, kept in memory)."""
    return sorted(holdings, key=lambda h: (h.stage, h.side, h.started_at, h.pk or 0))


class CaseReading:
    """Everything the case paths read, each part loaded when it is first read (a query each):
    a form that asks for a few paths reads only what they need. `events` and `holdings` may be
    given by a caller that has them (an action, its history and the new event)."""

    def __init__(
        self,
        case: Case,
        *,
        events: Sequence[CaseEvent] | None = None,
        holdings: Sequence[Holding] | None = None,
    ) -> None:
        self.case = case
        self.policy: Policy = policy_of(case.policy_version)
        if events is not None:
            self.__dict__["events"] = list(events)
        if holdings is not None:
            self.__dict__["holdings"] = list(holdings)

    @cached_property
    def subject(self) -> SubjectRow | None:
        return SubjectRow.objects.filter(case=self.case).first()

    @cached_property
    def holdings(self) -> list[Holding]:
        return list(
            Holding.objects.filter(case=self.case)
            .select_related("person", "person__agency")
            .order_by("stage", "side", "started_at", "pk")
        )

    @cached_property
    def events(self) -> list[CaseEvent]:
        return list(CaseEvent.objects.filter(case=self.case).order_by("sequence"))

    @cached_property
    def outcome(self) -> Outcome | None:
        return Outcome.objects.filter(case=self.case).select_related("recorded_by").last()

    @cached_property
    def tasks(self) -> list[Task]:
        return list(Task.objects.filter(case=self.case).select_related("owner"))

    @cached_property
    def meeting(self) -> Meeting | None:
        """The latest meeting held."""
        return (
            Meeting.objects.filter(case=self.case, planned=False)
            .select_related("chair")
            .order_by("held_at")
            .last()
        )

    @cached_property
    def panel_members(self) -> int:
        return PanelMember.objects.filter(case=self.case).count()


def read_case(case: Case) -> CaseReading:
    """The case read afresh with the people and agencies its paths name (one query); the rest
    of it as it is read."""
    fresh = (
        Case.objects.select_related(
            "partnership",
            "policy_version",
            "raised_by__agency",
            "raising_agency",
            "receiving_agency",
        )
        .filter(pk=case.pk)
        .get()
    )
    return CaseReading(fresh)


def day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def stage_periods(reading: CaseReading) -> list[StagePeriod]:
    """Each stage the case has been at, from its events: when it started and ended, how it
    ended, and who held each side."""
    # Imported here, not at the top: the documents' data (a dozen dataclasses, 10 ms) is read by
    # the documents and pages, not by the case writes and the sweep that import this module.
    from accord.documents.data import StagePeriod

    periods: list[dict[str, Any]] = []

    def close(at: datetime, ending: str) -> None:
        if periods and periods[-1]["ended"] is None:
            periods[-1].update(ended=at, ending=ending)

    for event in reading.events:
        payload, at = event.payload, event.at
        kind = payload.get("type")
        if kind == "raised":
            periods.append({"number": int(payload.get("stage") or 1), "started": at})
            periods[-1].update(ended=None, ending="")
        elif kind == "escalated" and periods:
            to = int(payload.get("to_stage") or periods[-1]["number"] + 1)
            reason = str(payload.get("reason") or "").strip()
            close(at, f"Escalated to stage {to}" + (f": {reason}" if reason else ""))
            periods.append({"number": to, "started": at, "ended": None, "ending": ""})
        elif kind == "resolved":
            close(at, "Resolved")
        elif kind == "referred":
            reason = str(payload.get("reason") or "").strip()
            close(at, "Referred to the partnership" + (f": {reason}" if reason else ""))
        elif kind == "withdrawn":
            reason = str(payload.get("reason") or "").strip()
            close(at, "Withdrawn" + (f": {reason}" if reason else ""))
        elif kind == "closed":
            close(at, "Closed")
    names = {stage.number: shown_text(stage.name) for stage in reading.policy.stages}
    result = []
    for period in periods:
        holders: dict[str, list[str]] = {Side.RAISING: [], Side.RECEIVING: []}
        for holding in reading.holdings:
            if holding.stage == period["number"]:
                name = holding.person.full_name
                if name not in holders[holding.side]:
                    holders[holding.side].append(name)
        result.append(
            StagePeriod(
                number=period["number"],
                name=names.get(period["number"], ""),
                started=period["started"],
                ended=period["ended"],
                ending=period["ending"],
                raising_holders=holders[Side.RAISING],
                receiving_holders=holders[Side.RECEIVING],
            )
        )
    return result


def stage_history(reading: CaseReading) -> str:
    """One line per stage: "Stage 1 (Practitioners), 1 June 2026 to 2 June 2026: Escalated to
    stage 2: no agreement"."""
    lines = []
    for period in stage_periods(reading):
        name = f" ({period.name})" if period.name else ""
        start = day_words(london_date(period.started))
        if period.ended is None:
            lines.append(f"Stage {period.number}{name}, from {start}: in progress")
            continue
        end = day_words(london_date(period.ended))
        lines.append(f"Stage {period.number}{name}, {start} to {end}: {period.ending}")
    return "\n".join(lines)


def decided_by_final_process(events: Sequence[CaseEvent]) -> bool:
    """Whether the outcome was recorded by the final process (resolved after a referral)."""
    kinds = [e.kind for e in events]
    return "referred" in kinds and "resolved" in kinds[kinds.index("referred") :]


def panel_decision(events: Sequence[CaseEvent]) -> bool | None:
    """The chair's yes (True) or no (False) to convening a resolution panel; None: not yet."""
    kinds = {e.kind for e in events}
    if "panel_convened" in kinds:
        return True
    return False if PANEL_DECLINED in kinds else None


def outcome_title_of(policy: Policy, events: Sequence[CaseEvent]) -> str:
    """What the case's recorded outcome is called (`engine.outcome_words.outcome_title`): the
    agreed outcome, or the panel's or chair's decision."""
    return outcome_title(
        policy, decided=decided_by_final_process(events), panel_convened=panel_decision(events)
    )
