"""Lists of cases: each person's work queues, and the partnership's list with its filters.

Everything here reads through `cases_visible_to` (the access rules), so a queue or a filter can
narrow what a person sees but never widen it. The definitions:

- **needs my action**: active cases (not closed or withdrawn) the person holds now (a holding
  with no end) where it is their turn: open and their side is `Case.awaiting_side`, resolved and
  their side has not signed off, or an open deadline has passed; and referred cases of the
  partnerships where they have a decision role (business manager, chair, panel member).
- **due soon**: active cases the person holds now or raised with an open deadline due soon now.
- **overdue**: active cases the person holds now or raised with an open deadline overdue now.

"Due soon" and "overdue" are the engine's (`accord.engine.deadlines.running`): each deadline
stores its window (`due_soon_from`, `overdue_after`) counted with its case's calendar when its
due was counted or set, and the queries here compare `now` with those, as the engine does.
- **raised by me**: cases the person raised; **all my cases**: every case they can see.

An open deadline is one not done whose status is `open` or `overdue`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone

from accord.accounts.models import Agency, PartnershipRoleKind, Person
from accord.accounts.scope import DECISION_ROLES, roles_of
from accord.engine.deadlines import UNFINISHED

from .access import cases_visible_to
from .case_filters import ACTIVE, DEFAULT_SORT, ORDERINGS, CaseFilters
from .models import ENDED_STATUSES, Case, CaseStatus, Deadline, Holding, SignOff, Task

STAFF_ROLES = frozenset(PartnershipRoleKind.values)
QUEUES = ("needs_action", "due_soon", "overdue", "raised", "all")


# --- Deadlines ----------------------------------------------------------------------------


def _open_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(case=OuterRef("pk"), done_at__isnull=True, status__in=UNFINISHED)


def _overdue(now: datetime) -> Q:
    """An open deadline overdue as of `now` (`accord.engine.deadlines.running`)."""
    return Q(overdue_after__lt=now)


def _due_soon(now: datetime) -> Q:
    """An open deadline due soon as of `now` (`accord.engine.deadlines.running`)."""
    return Q(due_soon_from__lte=now, overdue_after__gte=now)


def with_due(cases: QuerySet[Case], now: datetime) -> QuerySet[Case]:
    """Annotate `overdue` and `due_soon` (an open deadline is so, as of `now`); `Case.next_due_on`
    is stored by the actions.

    Scalar subqueries with LIMIT 1, so PostgreSQL looks them up for the rows of the page only
    (after the sort and limit) instead of hashing every open deadline (benchmarks/pages.py).
    """
    late = _open_deadlines().filter(_overdue(now)).order_by().values("pk")
    soon = _open_deadlines().filter(_due_soon(now)).order_by().values("pk")
    return cases.annotate(
        overdue=IsNull(Subquery(late[:1]), False), due_soon=IsNull(Subquery(soon[:1]), False)
    )


# --- The partnership's list ---------------------------------------------------------------


def staff_partnerships(person: Person) -> set[int]:
    """The partnerships where `person` is on the staff (any partnership role)."""
    return roles_of(person).partnerships_with(STAFF_ROLES)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def involving(partnerships: list[int]) -> Q:
    """Cases involving one of `partnerships`: their own, or another partnership's with an agency
    at home in one of them (a case between two partnerships' agencies is on both lists and both
    boards; decision 0006).

    Both agencies of a case work in its partnership (`raise_case` checks), so only an agency at
    home here that also serves another partnership can be in another partnership's case. Those
    few agencies are found first, then their cases there; with none, the list stays one range of
    the `(partnership, raised_at)` index.
    """
    own = Q(partnership_id__in=partnerships)
    travelling = list(
        Agency.serves.through.objects.filter(agency__home_partnership_id__in=partnerships)
        .exclude(partnership_id__in=partnerships)
        .values_list("agency_id", "partnership_id")
    )
    if not travelling:
        return own
    agencies = {agency for agency, _ in travelling}
    crossing = list(
        Case.objects.filter(partnership_id__in={p for _, p in travelling})
        .filter(Q(raising_agency_id__in=agencies) | Q(receiving_agency_id__in=agencies))
        .values_list("pk", flat=True)
    )
    return own | Q(pk__in=crossing) if crossing else own


def partnership_cases(
    person: Person, filters: CaseFilters, *, now: datetime | None = None
) -> QuerySet[Case]:
    """The cases involving the partnerships where `person` is staff (`involving`), through
    `cases_visible_to`, filtered and sorted, annotated with `next_due_on` and `overdue`.

    `now` should come from the page or command (the clock is read here only if it is missing).
    """
    now = now or timezone.now()
    partnerships = staff_partnerships(person)
    if filters.partnership is not None:
        partnerships &= {filters.partnership}
    cases = with_due(cases_visible_to(person).filter(involving(sorted(partnerships))), now)
    if filters.stage is not None:
        cases = cases.filter(stage=filters.stage)
    if filters.agency is not None:
        cases = cases.filter(
            Q(raising_agency_id=filters.agency) | Q(receiving_agency_id=filters.agency)
        )
    if filters.raising_agency is not None:
        cases = cases.filter(raising_agency_id=filters.raising_agency)
    if filters.receiving_agency is not None:
        cases = cases.filter(receiving_agency_id=filters.receiving_agency)
    if filters.status == ACTIVE:
        cases = cases.exclude(status__in=ENDED_STATUSES)
    elif filters.status is not None:
        cases = cases.filter(status=filters.status)
    if filters.overdue:
        cases = cases.filter(Exists(_open_deadlines().filter(_overdue(now))))
    if filters.urgent:
        cases = cases.filter(urgent=True)
    if filters.theme is not None:
        cases = cases.filter(theme=filters.theme)
    if filters.reference is not None:
        cases = cases.filter(reference=filters.reference.strip().upper())
    if filters.raised_from is not None:
        cases = cases.filter(raised_at__gte=_day_start(filters.raised_from))
    if filters.raised_to is not None:
        cases = cases.filter(raised_at__lt=_day_start(filters.raised_to + timedelta(days=1)))
    return cases.order_by(*ORDERINGS.get(filters.sort, ORDERINGS[DEFAULT_SORT]))


# --- Each person's queues -----------------------------------------------------------------


def _held_now(person: Person) -> QuerySet[Holding]:
    return Holding.objects.filter(person_id=person.pk, ended_at__isnull=True)


def _queue_rule(person: Person, queue: str, *, now: datetime) -> Q:
    held = Q(pk__in=_held_now(person).values("case_id"))
    held_or_raised = held | Q(raised_by_id=person.pk)
    active = ~Q(status__in=ENDED_STATUSES)
    late = Exists(_open_deadlines().filter(_overdue(now)))
    if queue == "needs_action":
        mine = _held_now(person).filter(case=OuterRef("pk"))
        signed = SignOff.objects.filter(case=OuterRef("case"), side=OuterRef("side"))
        turn = Q(Exists(mine.filter(side=OuterRef("awaiting_side"))), status=CaseStatus.OPEN)
        unsigned = Q(Exists(mine.filter(~Exists(signed))), status=CaseStatus.RESOLVED)
        deciding = roles_of(person).partnerships_with(DECISION_ROLES)
        referred = Q(status=CaseStatus.REFERRED, partnership_id__in=sorted(deciding))
        return (active & held & (turn | unsigned | Q(late))) | referred
    if queue == "due_soon":
        soon = _open_deadlines().filter(_due_soon(now))
        return active & held_or_raised & Q(Exists(soon))
    if queue == "overdue":
        return active & held_or_raised & Q(late)
    if queue == "raised":
        return Q(raised_by_id=person.pk)
    if queue == "all":
        return Q()
    raise ValueError(f"no queue named {queue!r}; there are {', '.join(QUEUES)}")


def queue_cases(person: Person, queue: str, *, now: datetime) -> QuerySet[Case]:
    """The cases of one of the person's QUEUES, with `next_due_on` and `overdue`, soonest
    due first (raised by me and all my cases: newest first)."""
    rule = _queue_rule(person, queue, now=now)
    cases = with_due(cases_visible_to(person).filter(rule), now).select_related(
        "raising_agency", "receiving_agency"
    )
    sort = DEFAULT_SORT if queue in {"raised", "all"} else "next_due"
    return cases.order_by(*ORDERINGS[sort])


def queue_counts(person: Person, *, now: datetime, cap: int | None = None) -> dict[str, int]:
    """How many cases each of the person's QUEUES has (one query each). With `cap`, a count
    stops at `cap + 1` (the database stops looking there: "more than `cap`")."""
    visible = cases_visible_to(person)
    return {
        queue: capped_count(visible.filter(_queue_rule(person, queue, now=now)), cap)
        for queue in QUEUES
    }


def capped_count(cases: QuerySet[Case], cap: int | None) -> int:
    """`cases.count()`, or at most `cap + 1` (one query that stops looking there)."""
    if cap is None:
        return cases.count()
    return cases.order_by().values("pk")[: cap + 1].count()


def open_tasks(person: Person) -> QuerySet[Task]:
    """The tasks `person` owns that are not complete, on active cases they can see, soonest
    due first."""
    cases = cases_visible_to(person).exclude(status__in=ENDED_STATUSES).values("pk")
    return (
        Task.objects.filter(owner_id=person.pk, completed_at__isnull=True, case_id__in=cases)
        .select_related("case")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
