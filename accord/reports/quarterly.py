"""The quarterly board report: the period's figures as tables, small numbers suppressed.

The same tables make the report page, its PDF and its spreadsheet, so what leaves the system is
exactly what the page shows. Every value is already suppressed (`accord.reports.suppression`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext

from accord.partnerships.models import Partnership

from . import suppression as s
from .learning import LearningSummary, learning_summary
from .method import METHOD
from .periods import Period, quarter_code
from .stats import Spread
from .trends import Count, Trends, trends_for


@dataclass(frozen=True)
class Table:
    """One table of the report: `rows` of text cells, the first of each a heading."""

    key: str  # a short name, used for the spreadsheet's sheet
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class QuarterlyReport:
    partnership: str
    period: Period
    made_on: date
    tables: list[Table]
    # the method in the language the report is made in (its PDF and spreadsheet write it)
    method: list[tuple[str, str]] = field(
        default_factory=lambda: [(str(heading), str(text)) for heading, text in METHOD]
    )

    @property
    def code(self) -> str:
        return quarter_code(self.period)

    @property
    def title(self) -> str:
        return gettext("Escalations: quarterly board report, %(period)s") % {
            "period": self.period.label
        }

    def file_name(self, extension: str) -> str:
        """No names of people or children: the partnership's slug is added by the view."""
        return f"board-report-{self.code}.{extension}"

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def quarterly_report(partnership: Partnership, period: Period, *, today: date) -> QuarterlyReport:
    trends = trends_for(partnership.pk, period, today=today)
    learning = learning_summary(partnership.pk, period)
    return QuarterlyReport(
        partnership=partnership.name,
        period=period,
        made_on=today,
        tables=[
            _summary(trends),
            _monthly(trends),
            _grouped(
                "stages",
                gettext("Resolved, by the stage reached"),
                gettext("Stage"),
                trends.resolved_by_stage,
            ),
            _to_resolution(trends.to_resolution),
            _at_stage(trends.at_stage),
            _deadlines(trends),
            _grouped(
                "themes",
                gettext("Raised, by theme"),
                gettext("Theme"),
                [Count(t.label, t.total) for t in trends.themes],
            ),
            _grouped(
                "raising",
                gettext("Raised, by raising agency"),
                gettext("Agency"),
                trends.raising_agencies,
            ),
            _grouped(
                "receiving",
                gettext("Raised, by receiving agency"),
                gettext("Agency"),
                trends.receiving_agencies,
            ),
            _debriefs(learning),
            _learning(learning),
        ],
    )


def _summary(trends: Trends) -> Table:
    figures = [
        (gettext("Raised"), trends.raised),
        (gettext("Resolved"), trends.resolved),
        (gettext("Withdrawn before an outcome"), trends.withdrawn),
        (gettext("Referred to the final process"), trends.referred),
        (gettext("Active at the end of the quarter"), trends.active_at_end),
    ]
    return Table(
        "summary",
        gettext("Summary"),
        [gettext("Figure"), gettext("Cases")],
        [[label, s.count(value)] for label, value in figures],
    )


def _monthly(trends: Trends) -> Table:
    rows = []
    for series in trends.monthly:
        cells, total = s.group(series.values)
        rows.append([series.label, *cells, total])
    return Table(
        "months",
        gettext("By month"),
        [gettext("Cases"), *trends.month_labels, gettext("Quarter")],
        rows,
    )


def _grouped(key: str, title: str, heading: str, counts: list[Count]) -> Table:
    cells, total = s.group([c.value for c in counts])
    rows = [[c.label, cell] for c, cell in zip(counts, cells, strict=True)]
    return Table(key, title, [heading, gettext("Cases")], [*rows, [gettext("Total"), total]])


def _to_resolution(spread: Spread) -> Table:
    return Table(
        "resolution",
        gettext("Working days from raising to resolution"),
        [gettext("Figure"), gettext("Value")],
        [
            [gettext("Cases resolved"), s.count(spread.count)],
            [gettext("Median (working days)"), s.days(spread.median, spread)],
            [gettext("90th percentile (working days)"), s.days(spread.p90, spread)],
        ],
    )


def _at_stage(at_stage: list[tuple[str, Spread]]) -> Table:
    rows = [
        [label, s.count(spread.count), s.days(spread.median, spread), s.days(spread.p90, spread)]
        for label, spread in at_stage
    ]
    return Table(
        "at_stage",
        gettext("Working days at each stage (stays that ended in the quarter)"),
        [gettext("Stage"), gettext("Stays"), gettext("Median"), gettext("90th percentile")],
        rows,
    )


def _deadlines(trends: Trends) -> Table:
    (met, missed), total = s.group([trends.deadlines_met, trends.deadlines_missed])
    return Table(
        "deadlines",
        gettext("Deadlines due in the quarter"),
        [gettext("Figure"), gettext("Deadlines")],
        [
            [gettext("Met"), met],
            [gettext("Not met"), missed],
            [gettext("Total"), total],
            [gettext("Share met"), s.percentage(trends.deadlines_met, trends.deadlines_missed)],
        ],
    )


def _debriefs(learning: LearningSummary) -> Table:
    debriefs = learning.debriefs
    values = [debriefs.held, debriefs.declined, debriefs.not_recorded]
    cells, total = s.group(values)
    labels = [gettext("Held"), gettext("Declined"), gettext("Not yet recorded")]
    return Table(
        "debriefs",
        gettext("Debriefs offered after resolution"),
        [gettext("Debrief"), gettext("Cases")],
        [
            *[[label, cell] for label, cell in zip(labels, cells, strict=True)],
            [gettext("Offered"), total],
        ],
    )


def _learning(learning: LearningSummary) -> Table:
    cells, total = s.group([n for _, n in learning.points_by_status])
    rows = [
        [gettext("Learning points recorded, now %(status)s") % {"status": label.lower()}, cell]
        for (label, _), cell in zip(learning.points_by_status, cells, strict=True)
    ]
    return Table(
        "learning",
        gettext("Learning and good practice"),
        [gettext("Figure"), gettext("Number")],
        [
            *rows,
            [gettext("Learning points recorded"), total],
            [gettext("Good practice recognised"), s.count(learning.recognitions)],
        ],
    )
