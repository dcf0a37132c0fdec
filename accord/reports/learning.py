"""The partnership's learning: debriefs after resolution, learning points, good practice."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from accord.cases.models import Case, CaseEvent, Debrief
from accord.engine.london import london_date
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import policy_of

from .models import LearningPoint, LearningPointStatus, Recognition
from .periods import Period
from .population import cases_in_play

NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class DebriefRow:
    """A case resolved in the period under a policy that offers (or requires) a debrief."""

    case_id: int
    reference: str
    resolved_on: date
    policy_debrief: str  # offered | required
    outcome: str  # held | declined | not_recorded
    held_on: date | None
    notes: str


@dataclass(frozen=True)
class Debriefs:
    rows: list[DebriefRow]

    @property
    def offered(self) -> int:
        return len(self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def held(self) -> int:
        return self.count("held")

    @property
    def declined(self) -> int:
        return self.count("declined")

    @property
    def not_recorded(self) -> int:
        return self.count(NOT_RECORDED)


def debriefs_for(partnership_id: int, period: Period) -> Debriefs:
    """Debriefs of the partnership's cases resolved in the period (six queries). A case
    resolved in the period is in play in it, which narrows the events to read."""
    in_play = list(cases_in_play(partnership_id, period).order_by().values_list("pk", flat=True))
    resolved = dict(
        CaseEvent.objects.filter(
            case_id__in=in_play,
            kind="resolved",
            at__gte=period.starts_at,
            at__lt=period.ends_before,
        )
        .order_by()
        .values_list("case_id", "at")
    )
    if not resolved:
        return Debriefs([])
    cases = list(
        Case.objects.filter(pk__in=resolved).values_list("pk", "reference", "policy_version_id")
    )
    versions = PolicyVersion.objects.filter(pk__in={c[2] for c in cases})
    offers = {v.pk: policy_of(v).resolution.debrief for v in versions}
    latest: dict[int, Debrief] = {}
    for debrief in Debrief.objects.filter(case_id__in=resolved).order_by("recorded_at", "pk"):
        latest[debrief.case_id] = debrief
    rows = []
    for pk, reference, version_id in cases:
        offer = offers.get(version_id, "none")
        if offer == "none":
            continue
        found = latest.get(pk)
        rows.append(
            DebriefRow(
                case_id=pk,
                reference=reference,
                resolved_on=london_date(resolved[pk]),
                policy_debrief=offer,
                outcome=found.outcome if found else NOT_RECORDED,
                held_on=found.held_on if found else None,
                notes=found.notes if found else "",
            )
        )
    rows.sort(key=lambda row: (row.resolved_on, row.reference), reverse=True)
    return Debriefs(rows)


def learning_points_of(partnership_id: int) -> QuerySet[LearningPoint]:
    return (
        LearningPoint.objects.filter(partnership_id=partnership_id)
        .select_related("case", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )


def recognitions_of(partnership_id: int) -> QuerySet[Recognition]:
    return (
        Recognition.objects.filter(partnership_id=partnership_id)
        .select_related("case", "agency", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )


@dataclass(frozen=True)
class LearningSummary:
    """The learning figures of a period, for the board report."""

    debriefs: Debriefs
    points_recorded: int
    points_by_status: list[tuple[str, int]]  # of those recorded in the period, as they are now
    points_open: int  # open or in progress now, whenever recorded
    recognitions: int


def learning_summary(partnership_id: int, period: Period) -> LearningSummary:
    in_period = {"recorded_at__gte": period.starts_at, "recorded_at__lt": period.ends_before}
    points = LearningPoint.objects.filter(partnership_id=partnership_id)
    statuses = Counter(points.filter(**in_period).values_list("status", flat=True))
    return LearningSummary(
        debriefs=debriefs_for(partnership_id, period),
        points_recorded=sum(statuses.values()),
        points_by_status=[
            (str(label), statuses[value]) for value, label in LearningPointStatus.choices
        ],
        points_open=points.exclude(status=LearningPointStatus.DONE).count(),
        recognitions=Recognition.objects.filter(partnership_id=partnership_id, **in_period).count(),
    )
