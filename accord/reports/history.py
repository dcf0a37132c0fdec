"""What each case's event log says happened when: its visits to stages, its resolution, its
referral and its withdrawal. Pure Python over the few fields of the events it needs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.utils.translation import gettext

from accord.engine.london import london_date

KINDS = ("raised", "escalated", "resolved", "referred", "withdrawn")
FINAL = 0  # the "stage" of the partnership's final process, after a referral


@dataclass(frozen=True)
class EventRow:
    """One event of a case, as much of it as the figures need."""

    case_id: int
    kind: str
    at: datetime
    stage: int | None = None  # raised: the stage it starts at
    to_stage: int | None = None  # escalated: the stage it goes to (None: the next)


@dataclass(frozen=True)
class StageVisit:
    """A case at one stage (FINAL: with the final process), from entering to leaving it."""

    case_id: int
    stage: int
    entered_on: date
    left_on: date
    left_by: str  # escalated | resolved | referred | withdrawn


@dataclass(frozen=True)
class Ending:
    """A case resolved (at `stage`, or FINAL), referred or withdrawn, on a day."""

    case_id: int
    kind: str  # resolved | referred | withdrawn
    on: date
    stage: int
    raised_on: date


def _as_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def event_row(case_id: int, kind: str, at: datetime, stage: object, to_stage: object) -> EventRow:
    return EventRow(case_id, kind, at, _as_int(stage), _as_int(to_stage))


@dataclass
class _Walk:
    case_id: int
    raised_on: date
    stage: int
    entered_on: date
    referred: bool = False
    ended: bool = False


def walk(rows: Iterable[EventRow]) -> Iterator[StageVisit | Ending]:
    """Every stage visit and ending in the events, which come ordered by case then sequence."""
    for _, events in groupby(rows, key=lambda row: row.case_id):
        state: _Walk | None = None
        for row in events:
            on = london_date(row.at)
            if row.kind == "raised":
                state = _Walk(row.case_id, on, row.stage or 1, on)
                continue
            if state is None or state.ended:
                continue
            yield from _step(state, row, on)


def _step(state: _Walk, row: EventRow, on: date) -> Iterator[StageVisit | Ending]:
    at_stage = FINAL if state.referred else state.stage
    if row.kind == "escalated":
        yield StageVisit(state.case_id, state.stage, state.entered_on, on, "escalated")
        state.stage = row.to_stage or state.stage + 1
        state.entered_on = on
    elif row.kind == "referred":
        yield StageVisit(state.case_id, state.stage, state.entered_on, on, "referred")
        yield Ending(state.case_id, "referred", on, state.stage, state.raised_on)
        state.referred = True
        state.entered_on = on
    elif row.kind in {"resolved", "withdrawn"}:
        yield StageVisit(state.case_id, at_stage, state.entered_on, on, row.kind)
        yield Ending(state.case_id, row.kind, on, at_stage, state.raised_on)
        state.ended = True


def stage_label(stage: int) -> str:
    """A stage's name in the figures, in the active language."""
    if stage == FINAL:
        return gettext("Final process (after referral)")
    return gettext("Stage %(number)s") % {"number": stage}
