"""Which cases a partnership's figures count: its own, and those of its agencies (decision 0007).

A case counts for a partnership when it is the case's own, or the home of its raising or
receiving agency: so a case between agencies of two partnerships counts on both boards, as the
access rules show it to both teams (decision 0006). A partnership's staff see every such case,
so the figures read these cases directly (no per-person rule to apply).

The partnership's agencies are read first (one small query) and named in the filter, so the
database can combine the indexes on the case's partnership and on each of its agencies (a
subquery there would make it read every case).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accord.accounts.models import Agency
from accord.cases.models import ACTIVE_STATUSES, Case

from .periods import Period


def home_agencies(partnership_id: int) -> list[int]:
    return list(
        Agency.objects.filter(home_partnership_id=partnership_id).values_list("pk", flat=True)
    )


def involving(partnership_id: int) -> Q:
    """Cases that count for the partnership (a filter on Case; one query for its agencies)."""
    agencies = home_agencies(partnership_id)
    return (
        Q(partnership_id=partnership_id)
        | Q(raising_agency_id__in=agencies)
        | Q(receiving_agency_id__in=agencies)
    )


def cases_of(partnership_id: int) -> QuerySet[Case]:
    return Case.objects.filter(involving(partnership_id))


def active_cases_of(partnership_id: int) -> QuerySet[Case]:
    """Cases not yet closed or withdrawn."""
    return cases_of(partnership_id).filter(status__in=ACTIVE_STATUSES)


def cases_in_play(partnership_id: int, period: Period) -> QuerySet[Case]:
    """The partnership's cases raised before the period ends and not ended before it starts:
    every case that can have been raised, moved or resolved in it."""
    return cases_of(partnership_id).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=period.starts_at),
        raised_at__lt=period.ends_before,
    )
