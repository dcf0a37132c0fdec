"""Adding and changing people, and deactivating them (never deleting)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from .. import scope
from ..models import Agency, PartnershipRole, Person
from ._common import AdminActionRejected, _changes, _record, _require_admin

MAX_CHAIN = 200  # further than any real management chain: a longer walk means a loop


def _person_fields(person: Person) -> dict[str, Any]:
    manager = person.line_manager
    return {
        "email": person.email,
        "full_name": person.full_name,
        "job_title": person.job_title,
        "agency": person.agency.name if person.agency else None,
        "level": person.level,
        "is_safeguarding_lead": person.is_safeguarding_lead,
        "line_manager": manager.email if manager else None,
        "is_active": person.is_active,
    }


def _check_email(email: str, *, exclude: int | None) -> str:
    email = email.strip().lower()
    if not email:
        raise AdminActionRejected(gettext("Enter the person's e-mail address"), field="email")
    if Person.objects.filter(email__iexact=email).exclude(pk=exclude or 0).exists():
        raise AdminActionRejected(
            gettext("There is already an account with this e-mail address"), field="email"
        )
    return email


def _check_manager(person_pk: int | None, agency: Agency | None, manager: Person | None) -> None:
    """The line manager works in the same agency, is active, and is not below the person."""
    if manager is None:
        return
    if agency is None or manager.agency_id != agency.pk:
        raise AdminActionRejected(
            gettext("The line manager must work in the same agency"), field="line_manager"
        )
    if not manager.is_active:
        raise AdminActionRejected(
            gettext("The line manager's account is not active"), field="line_manager"
        )
    if person_pk is None:
        return
    current: Person | None = manager
    for _ in range(MAX_CHAIN):
        if current is None:
            return
        if current.pk == person_pk:
            raise AdminActionRejected(
                gettext("That would make a loop: the line manager reports to this person"),
                field="line_manager",
            )
        current = current.line_manager
    raise AdminActionRejected(gettext("The management chain above that manager is too long"))


def _agency_of_partnerships(actor: Person, agency: Agency | None) -> int:
    """The partnership a change to a person of `agency` belongs to (refused if not the actor's)."""
    if agency is None:
        raise AdminActionRejected(gettext("Choose the person's agency"), field="agency")
    _require_admin(actor, agency.home_partnership_id)
    return agency.home_partnership_id


@transaction.atomic
def create_person(
    *, actor: Person, email: str, full_name: str, agency: Agency, level: str,
    now: datetime, job_title: str = "", is_safeguarding_lead: bool = False,
    line_manager: Person | None = None,
) -> Person:  # fmt: skip
    """A new person in one of the actor's agencies. They sign in once their sign-in is set up
    (a password reset, or their agency's identity provider); no password is set here."""
    partnership_id = _agency_of_partnerships(actor, agency)
    if not full_name.strip():
        raise AdminActionRejected(gettext("Enter the person's full name"), field="full_name")
    _check_manager(None, agency, line_manager)
    person = Person.objects.create_user(
        _check_email(email, exclude=None),
        None,
        full_name=full_name.strip(),
        job_title=job_title.strip(),
        agency=agency,
        level=level,
        is_safeguarding_lead=is_safeguarding_lead,
        line_manager=line_manager,
    )
    record_person_added(actor, partnership_id, person, now)
    return person


def record_person_added(
    actor: Person | None, partnership_id: int, person: Person, now: datetime
) -> None:
    """The administration log's line for a person added by hand (the import writes its own in
    bulk)."""
    _record(
        actor,
        partnership_id,
        "person_added",
        f"Person added: {person.full_name}",
        now,
        person=person,
        details=_person_fields(person),
    )


@transaction.atomic
def update_person(
    *, actor: Person, person: Person, email: str, full_name: str, job_title: str,
    agency: Agency | None, level: str, is_safeguarding_lead: bool, line_manager: Person | None,
    now: datetime,
) -> Person:  # fmt: skip
    """Change a person's details. Someone who manages others keeps their agency until their
    reports have another manager (a line manager is always in the same agency)."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("agency", "line_manager")
        .get(pk=person.pk)
    )
    if not scope.may_manage_person(actor, person):
        raise AdminActionRejected(gettext("You do not administer this person"))
    if person.agency_id is not None or agency is not None:
        partnership_id = _agency_of_partnerships(actor, agency)
    else:  # partnership staff who belong to no agency
        partnership_id = _partnership_of(actor, person)
    if not full_name.strip():
        raise AdminActionRejected(gettext("Enter the person's full name"), field="full_name")
    agency_id = agency.pk if agency else None
    if agency_id != person.agency_id and person.reports.exists():
        raise AdminActionRejected(
            gettext(
                "This person manages others in their agency: give them another line manager first"
            ),
            field="agency",
        )
    _check_manager(person.pk, agency, line_manager)
    before = _person_fields(person)
    person.email = _check_email(email, exclude=person.pk)
    person.full_name = full_name.strip()
    person.job_title = job_title.strip()
    person.agency = agency
    person.level = level
    person.is_safeguarding_lead = is_safeguarding_lead if agency else False
    person.line_manager = line_manager
    person.save()
    changed = _changes(before, _person_fields(person))
    if changed:
        _record(
            actor,
            partnership_id,
            "person_changed",
            f"Person changed: {person.full_name}",
            now,
            person=person,
            details=changed,
        )
    return person


def _partnership_of(actor: Person, person: Person) -> int:
    if person.agency_id is not None:
        return Agency.objects.get(pk=person.agency_id).home_partnership_id
    held = PartnershipRole.objects.filter(
        person=person, partnership_id__in=scope.administered(actor)
    )
    return held.values_list("partnership_id", flat=True).first() or min(scope.administered(actor))


@transaction.atomic
def set_person_active(*, actor: Person, person: Person, active: bool, now: datetime) -> Person:
    """Deactivate a person (they can no longer sign in or see anything; their record, cases and
    place in the management chains stay) or reactivate them."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not scope.may_manage_person(actor, person):
        raise AdminActionRejected(gettext("You do not administer this person"))
    if person.pk == actor.pk and not active:
        raise AdminActionRejected(gettext("You cannot deactivate your own account"))
    if person.is_active == active:
        return person
    person.is_active = active
    person.save(update_fields=["is_active"])
    kind, words = (
        ("person_reactivated", "reactivated") if active else ("person_deactivated", "deactivated")
    )
    _record(
        actor,
        _partnership_of(actor, person),
        kind,
        f"Person {words}: {person.full_name}",
        now,
        person=person,
    )
    return person
