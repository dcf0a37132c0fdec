"""Who may see a case. Deny by default.

**Seeing.** A case is visible to an active person who is
- its raiser, or holds it on either side at any stage it has reached;
- above one of those people in their line management (any depth: one recursive query);
- the safeguarding lead of its raising or receiving agency;
- on the staff (any role) of a partnership involved: the case's own, or one that its raising or
  receiving agency serves or has as its home (a cross-boundary case is seen by both teams);
- assigned one of its policy's roles by its partnership (for the whole partnership, or for one of
  its two agencies): the people its notifications reach;
- a member of the resolution panel convened for it.
Nobody else: not colleagues, not other agencies, not other partnerships' staff or administrators.

**An agency's system** (a webhook endpoint, decision 32) hears of a case of the partnership that
registered it whose raising or receiving agency is the endpoint's agency (`agency_system_sees`):
what that agency's safeguarding lead sees of the partnership's cases. Nothing else.
`cases_visible_to` and `get_case_for` are one query each, whatever the depth of the chains (the
list walks the chains down from the reader, the case page up from the case's parties).
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from accord.accounts.models import Agency, PartnershipRole, Person
from accord.accounts.scope import OVERSIGHT_ROLES
from accord.partnerships.models import RoleAssignment

from .models import Case, Holding, PanelMember


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


def _involves(partnerships: QuerySet[PartnershipRole, Any]) -> Q:
    """Cases involving one of `partnerships` (a subquery of partnership ids): the case's own, or
    the home partnership of its raising or receiving agency. An agency that merely serves a
    partnership (a police force serving six) does not open all its cases to that partnership's
    staff: decision 0006."""
    agencies = Agency.objects.filter(home_partnership_id__in=partnerships).values("pk")
    return (
        Q(partnership_id__in=partnerships)
        | Q(raising_agency_id__in=agencies)
        | Q(receiving_agency_id__in=agencies)
    )


def is_active(person: Person | None) -> bool:
    """An active, saved person: nobody else sees a case or acts on one."""
    return bool(getattr(person, "is_active", False)) and getattr(person, "pk", None) is not None


def _up_from_the_parties(person: Person) -> RawSQL:
    """True when `person` is the case's raiser or one of its holders, or above one of them in
    line management: a walk *up* from the case's few parties, so reading one case costs the same
    however many people work under the reader. `UNION` makes a cycle harmless."""
    case, holding, people = (Case._meta.db_table, Holding._meta.db_table, Person._meta.db_table)
    manager = Person._meta.get_field("line_manager").column
    sql = (
        f"EXISTS (WITH RECURSIVE chain(id) AS ("  # noqa: S608 - names come from the models
        f" SELECT {case}.raised_by_id"
        f" UNION SELECT h.person_id FROM {holding} h WHERE h.case_id = {case}.id"
        f" UNION SELECT p.{manager} FROM {people} p JOIN chain c ON p.id = c.id"
        f" WHERE p.{manager} IS NOT NULL"
        f") SELECT 1 FROM chain WHERE chain.id = %s)"
    )
    return RawSQL(sql, (person.pk,), output_field=BooleanField())  # noqa: S611 - a parameter


def _beyond_the_parties(person: Person) -> Q:
    """Everything but the parties and their chains: staff, policy roles, safeguarding leads."""
    staff_of = PartnershipRole.objects.filter(person_id=person.pk).values("partnership_id")
    assigned = RoleAssignment.objects.filter(person_id=person.pk)
    seated = PanelMember.objects.filter(person_id=person.pk).values("case_id")
    rule = (
        _involves(staff_of)
        | Q(pk__in=seated)
        | Q(partnership_id__in=assigned.filter(agency__isnull=True).values("partnership_id"))
        | Q(
            Exists(
                assigned.filter(partnership=OuterRef("partnership")).filter(
                    Q(agency=OuterRef("raising_agency")) | Q(agency=OuterRef("receiving_agency"))
                )
            )
        )
    )
    if person.is_safeguarding_lead and person.agency_id is not None:
        rule |= Q(raising_agency_id=person.agency_id) | Q(receiving_agency_id=person.agency_id)
    return rule


def agency_system_sees(case: Case, *, partnership_id: int, agency_id: int) -> bool:
    """Whether the system of agency `agency_id`, registered by partnership `partnership_id`,
    hears of `case`: the case is that partnership's and the agency raised or received it."""
    return case.partnership_id == partnership_id and agency_id in (
        case.raising_agency_id,
        case.receiving_agency_id,
    )


def cases_visible_to(person: Person) -> QuerySet[Case]:
    """Every case `person` may see, as one lazy query (nothing when inactive or anonymous).

    For lists: the chains are walked *down* from the person once (their team), and the cases
    raised or held by the team are matched against it.
    """
    if not is_active(person):
        return Case.objects.none()
    held_by_team = Holding.objects.filter(person_id__in=_team_of(person)).values("case_id")
    return Case.objects.filter(
        Q(raised_by_id__in=_team_of(person)) | Q(pk__in=held_by_team) | _beyond_the_parties(person)
    )


def get_case_for(person: Person, reference: str) -> Case:
    """The case with `reference` if `person` may see it; `Case.DoesNotExist` otherwise.

    Not seeing a case and there being no such case look the same (pages turn both into a 404).
    One query, the same rules as `cases_visible_to` with the chains walked *up* from the case's
    parties; it also works out `access_oversight` (may this person read the case's access log).
    """
    return readable_by(person).get(reference=reference)


def readable_by(person: Person) -> QuerySet[Case]:
    """`get_case_for`'s query before the reference is chosen (for one case at a time only: the
    rule is evaluated row by row)."""
    if not is_active(person):
        return Case.objects.none()
    oversight_of = PartnershipRole.objects.filter(
        person_id=person.pk, role__in=OVERSIGHT_ROLES
    ).values("partnership_id")
    return (
        Case.objects.filter(Q(_up_from_the_parties(person)) | _beyond_the_parties(person))
        .annotate(
            access_oversight=ExpressionWrapper(_involves(oversight_of), output_field=BooleanField())
        )
        .select_related("partnership", "raising_agency", "receiving_agency", "raised_by")
    )
