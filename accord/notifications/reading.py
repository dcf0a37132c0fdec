"""A person marks notifications read, and chooses how they want notification e-mails."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from accord.accounts.models import EmailFrequency, Person

from .models import InAppNotification


def mark_read(*, person: Person, now: datetime, ids: Iterable[int] | None = None) -> int:
    """Mark `person`'s unread notifications `ids` (all of them when None) read at `now`."""
    unread = InAppNotification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=now)


def choose_email_frequency(*, person: Person, frequency: str) -> None:
    """Each notification by e-mail at once, or one daily digest. Notifications already waiting
    for a digest still go in the next one."""
    if frequency not in EmailFrequency.values:
        raise ValueError(f"an e-mail frequency is one of {EmailFrequency.values}")
    person.email_frequency = frequency
    person.save(update_fields=["email_frequency"])
