"""The live board: a partnership's active cases now, each figure with the filters behind it.

Five queries whatever the number of cases: the partnership's active cases grouped by status,
stage, urgency, agency pair and policy version; those versions (whether each asks for sign-off:
`engine.outcome_words`); the names of the agencies; the count of overdue ones. A partnership
whose procedures ask for no sign-off sees no sign-off on its board: its resolved cases are
"Resolved, to be closed". The filters are the
partnership's case list's (`web:partnership-cases`, the names of `CaseFilters`), so each figure
links to the cases it counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accord.accounts.models import Agency
from accord.cases.models import CaseStatus
from accord.cases.worklists import with_due
from accord.engine.outcome_words import asks_sign_off
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import policy_of

from .population import active_cases_of

type Query = dict[str, str]

STATUS_LABELS = {  # translated when the board is drawn
    CaseStatus.OPEN: gettext_lazy("Open at a stage"),
    CaseStatus.RESOLVED: gettext_lazy("Resolved, to be closed"),
    CaseStatus.SIGNED_OFF: gettext_lazy("Signed off, to be closed"),
    CaseStatus.REFERRED: gettext_lazy("Referred to the chair or panel"),
}
WITH_SIGN_OFF = {CaseStatus.RESOLVED: gettext_lazy("Resolved, awaiting sign-off")}


@dataclass(frozen=True)
class Figure:
    """One number on the board and the list filters that show the cases it counts."""

    label: str
    count: int
    query: Query


@dataclass(frozen=True)
class PairFigure:
    raising: str
    receiving: str
    count: int
    query: Query


@dataclass(frozen=True)
class Board:
    partnership_id: int
    today: date
    active: Figure
    by_status: list[Figure]
    by_stage: list[Figure]
    by_pair: list[PairFigure]
    overdue: Figure
    urgent: Figure
    awaiting_sign_off: Figure | None  # None: no procedure of the partnership asks for sign-off
    referred: Figure
    agencies: dict[int, str] = field(default_factory=dict)


def _asking_sign_off(partnership_id: int, listed: set[int]) -> set[int]:
    """The policy versions (the partnership's own, and those of the cases on its board) that
    ask anyone to sign off a resolved case."""
    versions = PolicyVersion.objects.filter(Q(partnership_id=partnership_id) | Q(pk__in=listed))
    return {v.pk for v in versions if asks_sign_off(policy_of(v))}


def board_for(partnership_id: int, *, now: datetime) -> Board:
    """The board of one partnership as of `now` (four queries). "Overdue" is the case list's
    own (`accord.cases.worklists.with_due`), so the figure and its list agree."""
    today = timezone.localdate(now)
    base: Query = {"partnership": str(partnership_id)}
    active = active_cases_of(partnership_id)
    rows = list(
        active.order_by()
        .values(
            "status",
            "stage",
            "urgent",
            "raising_agency_id",
            "receiving_agency_id",
            "policy_version_id",
        )
        .annotate(n=Count("pk"))
    )
    signing = _asking_sign_off(partnership_id, {r["policy_version_id"] for r in rows})
    awaiting = sum(
        r["n"]
        for r in rows
        if r["status"] == CaseStatus.RESOLVED and r["policy_version_id"] in signing
    )
    by_status: Counter[str] = Counter()
    by_stage: Counter[int] = Counter()
    by_pair: Counter[tuple[int, int]] = Counter()
    urgent = 0
    for row in rows:
        by_status[row["status"]] += row["n"]
        if row["status"] == CaseStatus.OPEN:
            by_stage[row["stage"]] += row["n"]
        by_pair[(row["raising_agency_id"], row["receiving_agency_id"])] += row["n"]
        urgent += row["n"] if row["urgent"] else 0
    ids = {agency for pair in by_pair for agency in pair}
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    overdue = with_due(active, now).filter(**{"overdue": True}).count()
    stages = range(1, max(by_stage, default=0) + 1)
    pairs = sorted(by_pair.items(), key=lambda item: (-item[1], names.get(item[0][0], ""), item[0]))
    return Board(
        partnership_id=partnership_id,
        today=today,
        active=Figure(
            gettext("Active cases"), sum(by_status.values()), {**base, "status": "active"}
        ),
        by_status=[
            Figure(str(label), by_status[status], {**base, "status": status})
            for status, label in (STATUS_LABELS | (WITH_SIGN_OFF if signing else {})).items()
            if status != CaseStatus.SIGNED_OFF or signing
        ],
        by_stage=[
            Figure(
                gettext("Stage %(number)s") % {"number": stage},
                by_stage[stage],
                {**base, "status": CaseStatus.OPEN, "stage": str(stage)},
            )
            for stage in stages
        ],
        by_pair=[
            PairFigure(
                raising=names.get(raising, gettext("Unknown agency")),
                receiving=names.get(receiving, gettext("Unknown agency")),
                count=count,
                query={
                    **base,
                    "status": "active",
                    "raising_agency": str(raising),
                    "receiving_agency": str(receiving),
                },
            )
            for (raising, receiving), count in pairs
        ],
        overdue=Figure(
            gettext("Overdue now"), overdue, {**base, "status": "active", "overdue": "1"}
        ),
        urgent=Figure(gettext("Urgent"), urgent, {**base, "status": "active", "urgent": "1"}),
        awaiting_sign_off=Figure(
            gettext("Awaiting sign-off"), awaiting, {**base, "status": CaseStatus.RESOLVED}
        )
        if signing
        else None,
        referred=Figure(
            gettext("Referred to the chair or panel"),
            by_status[CaseStatus.REFERRED],
            {**base, "status": CaseStatus.REFERRED},
        ),
        agencies=names,
    )
