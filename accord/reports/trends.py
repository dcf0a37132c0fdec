"""Trends over a period: raised, resolved (at which stage), withdrawn and referred by month;
working days to resolution and at each stage; deadlines met; themes; agencies.

A fixed number of queries whatever the period or the number of cases: the partnership's
agencies, the cases that matter to the period (raised before it ends and not ended before it
starts), the events that move them between stages, the deadlines due in the period of every case
raised before it ends, the agencies' names, the partnership's themes, and the calendars. Each
reads through an index (`benchmarks/reports.py` prints the plans). The method is
`accord.reports.method`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext, gettext_noop

from accord.accounts.models import Agency
from accord.cases.models import CaseEvent, Deadline
from accord.engine.calendar import Calendar
from accord.engine.london import london_date
from accord.partnerships.models import Theme

from .calendars import calendars_for
from .history import FINAL, KINDS, Ending, StageVisit, event_row, stage_label, walk
from .periods import Period, short_month
from .population import cases_in_play, cases_of
from .stats import Spread, share, spread

NO_THEME = gettext_noop("No theme recorded")  # shown in the reader's language
# pk, partnership, raised_at, closed_at, theme, raising agency, receiving agency
type CaseRow = tuple[int, int, datetime, datetime | None, str, int, int]
type DeadlineRow = tuple[str, datetime | None, date]  # status, done_at, due_on


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Series:
    """A count for each month of the period."""

    label: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Trends:
    partnership_id: int
    period: Period
    months: list[date]
    raised: int
    resolved: int
    withdrawn: int
    referred: int
    active_at_end: int
    monthly: list[Series]  # raised, resolved, withdrawn, referred
    resolved_by_stage: list[Count]
    to_resolution: Spread
    at_stage: list[tuple[str, Spread]]
    deadlines_met: int
    deadlines_missed: int
    themes: list[Series]
    raising_agencies: list[Count]
    receiving_agencies: list[Count]

    @property
    def deadlines_counted(self) -> int:
        return self.deadlines_met + self.deadlines_missed

    @property
    def deadlines_share(self) -> float | None:
        return share(self.deadlines_met, self.deadlines_counted)

    @property
    def month_labels(self) -> list[str]:
        return [short_month(month) for month in self.months]

    @property
    def monthly_rows(self) -> list[tuple[str, list[int]]]:
        """Each month with its raised, resolved, withdrawn and referred counts."""
        return [
            (label, [series.values[i] for series in self.monthly])
            for i, label in enumerate(self.month_labels)
        ]


def stage_events(case_ids: list[int]) -> QuerySet[CaseEvent, tuple[Any, ...]]:
    """The events that move the cases between stages, in order, with the two payload fields."""
    return cast(
        "QuerySet[CaseEvent, tuple[Any, ...]]",
        CaseEvent.objects.filter(case_id__in=case_ids, kind__in=KINDS)
        .order_by("case_id", "sequence")
        .annotate(raised_stage=KT("payload__stage"), escalated_to=KT("payload__to_stage"))
        .values_list("case_id", "kind", "at", "raised_stage", "escalated_to"),
    )


def deadlines_due(case_ids: list[int], period: Period) -> QuerySet[Deadline, DeadlineRow]:
    """The deadlines of the cases due in the period (not those that no longer apply)."""
    rows = (
        Deadline.objects.filter(
            case_id__in=case_ids, due_on__gte=period.start, due_on__lte=period.end
        )
        .exclude(status="dropped")
        .order_by()
        .values_list("status", "done_at", "due_on")
    )
    return cast("QuerySet[Deadline, DeadlineRow]", rows)


def raised_before_the_end(partnership_id: int, period: Period) -> list[int]:
    """Every case of the partnership raised before the period ends: those whose deadlines can
    fall due in it (one done before the period may still have been due in it)."""
    return list(
        cases_of(partnership_id)
        .filter(raised_at__lt=period.ends_before)
        .order_by()
        .values_list("pk", flat=True)
    )


def trends_for(partnership_id: int, period: Period, *, today: date) -> Trends:
    in_play = cases_in_play(partnership_id, period)
    cases = cast(
        "list[CaseRow]",
        list(
            in_play.order_by().values_list(
                "pk", "partnership_id", "raised_at", "closed_at", "theme",
                "raising_agency_id", "receiving_agency_id",
            )
        ),
    )  # fmt: skip
    home_of = {pk: pid for pk, pid, *_ in cases}
    rows = [event_row(*row) for row in stage_events([c[0] for c in cases])]
    calendars = calendars_for(set(home_of.values()))
    months = period.months()
    month_index = {(m.year, m.month): i for i, m in enumerate(months)}

    def month_of(day: date) -> int:
        return month_index[(day.year, day.month)]

    raised = [c for c in cases if london_date(c[2]) in period]
    monthly = {kind: [0] * len(months) for kind in ("raised", "resolved", "withdrawn", "referred")}
    for case in raised:
        monthly["raised"][month_of(london_date(case[2]))] += 1
    by_stage: Counter[int] = Counter()
    to_resolution: list[int] = []
    at_stage: dict[int, list[int]] = defaultdict(list)
    for item in walk(rows):
        if item.case_id not in home_of:
            continue
        calendar = calendars[home_of[item.case_id]]
        if isinstance(item, StageVisit):
            if item.left_on in period:
                at_stage[item.stage].append(
                    calendar.working_days_between(item.entered_on, item.left_on)
                )
            continue
        if item.on not in period:
            continue
        monthly[item.kind][month_of(item.on)] += 1
        if item.kind == "resolved":
            by_stage[item.stage] += 1
            to_resolution.append(_working_days(item, calendar))
    met, missed = _deadlines(
        deadlines_due(raised_before_the_end(partnership_id, period), period), today
    )
    names = _agency_names(raised)
    return Trends(
        partnership_id=partnership_id,
        period=period,
        months=months,
        raised=len(raised),
        resolved=sum(monthly["resolved"]),
        withdrawn=sum(monthly["withdrawn"]),
        referred=sum(monthly["referred"]),
        active_at_end=sum(1 for c in cases if c[3] is None or c[3] >= period.ends_before),
        monthly=[
            Series(gettext("Raised"), monthly["raised"]),
            Series(gettext("Resolved"), monthly["resolved"]),
            Series(gettext("Withdrawn"), monthly["withdrawn"]),
            Series(gettext("Referred"), monthly["referred"]),
        ],
        resolved_by_stage=[Count(stage_label(s), by_stage[s]) for s in _stage_order(by_stage)],
        to_resolution=spread(to_resolution),
        at_stage=[(stage_label(s), spread(at_stage[s])) for s in _stage_order(at_stage)],
        deadlines_met=met,
        deadlines_missed=missed,
        themes=_themes(partnership_id, raised, months, month_of),
        raising_agencies=_by_agency([c[5] for c in raised], names),
        receiving_agencies=_by_agency([c[6] for c in raised], names),
    )


def _working_days(ending: Ending, calendar: Calendar) -> int:
    return calendar.working_days_between(ending.raised_on, ending.on)


def _stage_order(stages: Iterable[int]) -> list[int]:
    """Stages in order, the final process last."""
    present = set(stages)
    return [*sorted(present - {FINAL}), *([FINAL] if FINAL in present else [])]


def _deadlines(rows: Iterable[DeadlineRow], today: date) -> tuple[int, int]:
    """Deadlines done, or whose day has passed undone: met, and not met."""
    met = missed = 0
    for status, done_at, due_on in rows:
        if done_at is None and due_on >= today:
            continue  # still open and not yet due: not counted
        if done_at is not None and status == "met":
            met += 1
        else:
            missed += 1
    return met, missed


def _agency_names(cases: list[CaseRow]) -> dict[int, str]:
    ids = {c[5] for c in cases} | {c[6] for c in cases}
    if not ids:
        return {}
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))


def _by_agency(agencies: list[int], names: dict[int, str]) -> list[Count]:
    counted = Counter(names.get(agency, gettext("Unknown agency")) for agency in agencies)
    return [Count(name, n) for name, n in sorted(counted.items(), key=lambda i: (-i[1], i[0]))]


def _themes(
    partnership_id: int,
    raised: list[CaseRow],
    months: list[date],
    month_of: Callable[[date], int],
) -> list[Series]:
    """Raised by theme and month: the partnership's themes in its order (those with cases or
    still active), then any other theme cases carry, then cases with none."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for case in raised:
        theme = str(case[4] or "").strip() or NO_THEME
        counts[theme][month_of(london_date(case[2]))] += 1
    managed = list(
        Theme.objects.filter(partnership_id=partnership_id)
        .order_by("position", "name")
        .values_list("name", "active")
    )
    order = [name for name, active in managed if active or name in counts]
    others = sorted(t for t in counts if t not in order and t != NO_THEME)
    tail = [NO_THEME] if NO_THEME in counts else []
    return [
        Series(gettext(NO_THEME) if theme == NO_THEME else theme, list(counts[theme]))
        for theme in [*order, *others, *tail]
    ]
