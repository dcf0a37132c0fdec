"""What a person's notifications page and the header show: a fixed number of indexed queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext

from accord.accounts.models import EmailFrequency, PartnershipRole, PartnershipRoleKind, Person
from accord.partnerships.models import RoleAssignment

from .models import InAppNotification, OutboxMessage, OutboxStatus

BUSINESS_MANAGER = PartnershipRoleKind.BUSINESS_MANAGER


def unread_count(person: Person) -> int:
    """How many of `person`'s notifications are unread (the header's count)."""
    return InAppNotification.objects.filter(person=person, read_at__isnull=True).count()


def notifications_for(person: Person) -> QuerySet[InAppNotification]:
    """`person`'s notifications: unread first, then read; each newest first by when it fell due
    (not by when a sweep recorded it, so a catch-up is not grouped by case)."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return InAppNotification.objects.filter(person=person).order_by(unread.desc(), "-due_at", "-pk")


def _managed(person: Person) -> Q:
    """The partnerships `person` is business manager of (as staff, or by the policy's role)."""
    staff = PartnershipRole.objects.filter(person=person, role=BUSINESS_MANAGER).values(
        "partnership_id"
    )
    assigned = RoleAssignment.objects.filter(person=person, role_key=BUSINESS_MANAGER).values(
        "partnership_id"
    )
    return Q(partnership_id__in=staff) | Q(partnership_id__in=assigned)


def is_business_manager(person: Person) -> bool:
    return (
        PartnershipRole.objects.filter(person=person, role=BUSINESS_MANAGER).exists()
        or RoleAssignment.objects.filter(person=person, role_key=BUSINESS_MANAGER).exists()
    )


def without_recipient_for(person: Person) -> QuerySet[InAppNotification]:
    """Notifications nobody received (no one holds the role), in the partnerships `person` is
    business manager of; nothing for anyone else."""
    return (
        InAppNotification.objects.filter(person__isnull=True)
        .filter(_managed(person))
        .order_by("-created_at", "-pk")
    )


def undelivered_for(person: Person) -> QuerySet[OutboxMessage]:
    """E-mails given up on (dead) in the partnerships `person` is business manager of."""
    return (
        OutboxMessage.objects.filter(status=OutboxStatus.DEAD)
        .filter(_managed(person))
        .select_related("person")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True, slots=True)
class Told:
    """Someone an action told, as a page names them."""

    name: str
    agency: str
    by_email: bool  # an e-mail now; otherwise in their daily digest (or in Accord only)
    digest: bool


def told_at(reference: str, at: datetime) -> list[Told]:
    """Who the action at `at` on case `reference` told of it, from the notifications it recorded
    (each person once, in the order told): what a page may claim, and no more. Alerts that fell
    due earlier and were recorded with it (a sweep had not yet run) are not of the action."""
    rows = (
        InAppNotification.objects.filter(
            reference=reference, created_at=at, due_at=at, person__isnull=False
        )
        .select_related("person__agency")
        .order_by("pk")
    )
    people = {row.person_id: row.person for row in rows if row.person is not None}
    return [
        Told(
            name=person.full_name,
            agency=person.agency.name if person.agency else "",
            by_email=bool(person.email) and person.email_frequency == EmailFrequency.IMMEDIATE,
            digest=bool(person.email) and person.email_frequency == EmailFrequency.DAILY,
        )
        for person in people.values()
    ]


def told_sentence(told: list[Told]) -> str:
    """ " Told: Sam Jones (Police), ...", or that nobody was, for a page's confirmation."""
    if not told:
        return " " + gettext("Nobody was told by Accord.")
    names = [
        gettext("%(name)s (%(agency)s)") % {"name": t.name, "agency": t.agency}
        if t.agency
        else t.name
        for t in told
    ]
    return " " + gettext("Told: %(names)s.") % {"names": ", ".join(names)}
