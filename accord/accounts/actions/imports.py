"""Importing people from a CSV file: all or nobody."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accord.partnerships.models import Partnership, RoleAssignment

from ..models import AdminEvent, Agency, Person
from ..people_import import plan_import
from ._common import AdminActionRejected, ImportRejected, _record, _require_admin
from .people import _person_fields
from .policy_roles import roles_to_assign


@transaction.atomic
def import_people(
    *, actor: Person | None, partnership: Partnership, text: str, now: datetime,
    skip_existing: bool = False,
) -> list[Person]:  # fmt: skip
    """Add everyone in the CSV `text` to the partnership's agencies, all or nobody.

    The file is checked again here (`plan_import`); any problem raises `ImportRejected` with
    every problem, and nothing is written. Line managers may be existing people or rows of the
    same file; the roles a row names are held for every case of the partnership. With
    `skip_existing` (the `accord people import` command, so that importing a
    file twice changes nothing) a row for someone already in that agency is left alone; with
    nobody new, nothing is written and the list is empty. `actor` None: the `accord` command.
    """
    _require_admin(actor, partnership.pk)
    agencies = list(Agency.objects.filter(home_partnership=partnership))
    roles = roles_to_assign(partnership, now=now)
    plan = plan_import(text=text, agencies=agencies, skip_existing=skip_existing, roles=roles)
    if plan.problems or (not plan.people and not plan.already_there):
        raise ImportRejected(plan)
    if not plan.people:
        return []
    made = [
        Person(
            email=row.email,
            full_name=row.full_name,
            job_title=row.job_title,
            agency=row.agency,
            level=row.level,
            is_safeguarding_lead=row.is_safeguarding_lead,
            line_manager=row.manager,
        )
        for row in plan.people
    ]
    for person in made:
        person.set_unusable_password()
    try:
        with transaction.atomic():
            Person.objects.bulk_create(made)
    except IntegrityError:
        raise AdminActionRejected(
            gettext(
                "Someone added one of these people while you were checking the file: check it again"
            )
        ) from None
    if any(p.pk is None for p in made):  # a database that returns no ids from bulk inserts
        by_email = dict(
            Person.objects.filter(email__in=[p.email for p in made]).values_list("email", "pk")
        )
        for person in made:
            person.pk = by_email[person.email]
    by_row = {row.row: person for row, person in zip(plan.people, made, strict=True)}
    in_file = []
    for row, person in zip(plan.people, made, strict=True):
        if row.manager_row is not None:
            person.line_manager = by_row[row.manager_row]
            in_file.append(person)
    Person.objects.bulk_update(in_file, ["line_manager"])
    AdminEvent.objects.bulk_create(
        [
            AdminEvent(
                actor=actor,
                partnership=partnership,
                at=now,
                kind="person_added",
                target_person=person,
                summary=f"Person added by import: {person.full_name}",
                details=_person_fields(person),
            )
            for person in made
        ]
    )
    held = [
        RoleAssignment(partnership=partnership, role_key=key, person=person)
        for row, person in zip(plan.people, made, strict=True)
        for key in row.roles
    ]
    RoleAssignment.objects.bulk_create(held)
    AdminEvent.objects.bulk_create(
        [
            AdminEvent(
                actor=actor,
                partnership=partnership,
                at=now,
                kind="policy_role_added",
                target_person=assignment.person,
                summary=f"{roles[assignment.role_key]}: {assignment.person.full_name}",
                details={"role_key": assignment.role_key},
            )
            for assignment in held
        ]
    )
    _record(
        actor,
        partnership.pk,
        "people_imported",
        f"{len(made)} people imported",
        now,
        details={"count": len(made)},
    )
    return made
