"""Reading cases for a person: who may see which case, the list and the case page.

Deny by default. A case is visible to its raiser, the people holding it at any stage, everyone
above those people in their line-management chains, the safeguarding leads of the raising and
receiving agencies, and the staff of the case's partnership. Nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from accord.accounts.models import PartnershipRole, Person

from .models import Case, CaseEvent, Deadline, Holding


def _team_of(person: Person) -> RawSQL:
    """The ids of `person` and everyone below them in line management (one recursive query).

    `UNION` (not `UNION ALL`) makes a cycle in the chains harmless.
    """
    table = Person._meta.db_table
    manager = Person._meta.get_field("line_manager").column
    sql = (
        f"WITH RECURSIVE team(id) AS ("  # noqa: S608 - table and column names come from the model
        f" SELECT id FROM {table} WHERE id = %s"
        f" UNION SELECT p.id FROM {table} p JOIN team t ON p.{manager} = t.id"
        f") SELECT id FROM team"
    )
    return RawSQL(sql, (person.pk,))  # noqa: S611 - the only value is a parameter


def cases_visible_to(person: Person) -> QuerySet[Case]:
    """Every case `person` may see, as one lazy query (nothing when inactive or anonymous)."""
    if not getattr(person, "is_active", False) or person.pk is None:
        return Case.objects.none()
    held_by_team = Holding.objects.filter(person_id__in=_team_of(person)).values("case_id")
    rule = (
        Q(raised_by_id__in=_team_of(person))
        | Q(pk__in=held_by_team)
        | Q(
            Exists(
                PartnershipRole.objects.filter(person=person, partnership=OuterRef("partnership"))
            )
        )
    )
    if person.is_safeguarding_lead and person.agency_id is not None:
        rule |= Q(raising_agency_id=person.agency_id) | Q(receiving_agency_id=person.agency_id)
    return Case.objects.filter(rule)


def get_case_for(person: Person, reference: str) -> Case:
    """The case with `reference` if `person` may see it; `Case.DoesNotExist` otherwise.

    Not seeing a case and there being no such case look the same (views turn both into a 404).
    """
    return (
        cases_visible_to(person)
        .select_related("partnership", "raising_agency", "receiving_agency", "raised_by")
        .get(reference=reference)
    )


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
    return CasePage(case=case, holdings=holdings, deadlines=deadlines, events=events)
