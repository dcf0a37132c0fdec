"""Reading cases for a person: the list and the case page, through the access rules.

Who may see which case is decided in `accord.cases.access` (deny by default); this module only
reads through `cases_visible_to` and `get_case_for`, re-exported here for older callers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, OuterRef, QuerySet, Subquery

from accord.accounts.models import Person

from .access import CaseAccess, case_access, cases_visible_to, get_case_for
from .models import Case, CaseEvent, Deadline, Holding

__all__ = ["CasePage", "case_list_for", "case_page_for", "cases_visible_to", "get_case_for"]


def case_list_for(person: Person) -> QuerySet[Case]:
    """The list page's rows: visible cases with their next open due date, newest first."""
    next_due = (
        Deadline.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_on__isnull=False)
        .exclude(status="dropped")
        .values("case")
        .annotate(first=Min("due_on"))
        .values("first")
    )
    return (
        cases_visible_to(person)
        .annotate(next_due_on=Subquery(next_due))
        .only("reference", "stage", "status", "urgent", "raised_at")
        .order_by("-raised_at")
    )


@dataclass(frozen=True)
class CasePage:
    """Everything the case page shows, loaded in a fixed number of queries."""

    case: Case
    holdings: list[Holding]
    deadlines: list[Deadline]
    events: list[CaseEvent]
    access: CaseAccess


def case_page_for(person: Person, reference: str) -> CasePage:
    """The case page's content, if `person` may see the case (`Case.DoesNotExist` otherwise)."""
    case = get_case_for(person, reference)
    holdings = list(
        Holding.objects.filter(case=case)
        .select_related("person", "person__agency")
        .order_by("stage", "side", "started_at")
    )
    deadlines = list(Deadline.objects.filter(case=case).order_by("stage", "due_on", "key"))
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("sequence"))
    access = case_access(person, case, holdings)
    return CasePage(case=case, holdings=holdings, deadlines=deadlines, events=events, access=access)
