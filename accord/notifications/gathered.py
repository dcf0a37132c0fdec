"""The one e-mail a sweep sends each person: every case that needs them, in one message.

The sweep records its in-app notifications batch by batch, marking those of people who want
e-mails at once `awaiting_email` (`outbox.record_deliveries` with `gather`); at its end it writes
one e-mail per person listing them all (decision 21). A sweep that stops between the two leaves
them marked, and the next one sends them. Notifications about urgent cases were e-mailed at once,
on their own; people who chose a daily digest get them in it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accord.accounts.models import Person

from .messages import Line, gathered_email, message_id_for, notification_email
from .models import InAppNotification, OutboxMessage
from .outbox import enqueue_on_commit


def send_gathered(*, now: datetime) -> int:
    """Write one e-mail for each person with notifications awaiting one; returns how many."""
    people = sorted(
        set(
            InAppNotification.objects.filter(
                awaiting_email=True, person__isnull=False, created_at__lte=now
            )
            .order_by()
            .values_list("person_id", flat=True)
        )
    )
    found = Person.objects.in_bulk(people)
    return sum(_gathered(found[person_id], now=now) for person_id in people)


@transaction.atomic
def _gathered(person: Person, *, now: datetime) -> int:
    person_id = person.pk
    # Lock first: a second sweep at the same moment waits here, then finds nothing awaiting.
    # Only the columns the e-mail needs: a person may have thousands awaiting.
    items = list(
        InAppNotification.objects.select_for_update()
        .filter(person_id=person_id, awaiting_email=True, created_at__lte=now)
        .order_by("reference", "due_at", "pk")
        .values_list("pk", "partnership_id", "reference", "what", "link", "form")
    )
    if not items:
        return 0
    lines = [Line(reference, what, link, form) for _, _, reference, what, link, form in items]
    ids = [i[0] for i in items]
    key = f"gathered/{person_id}/{max(ids)}"
    subject, body = notification_email(lines[0]) if len(lines) == 1 else gathered_email(lines)
    partnerships = {i[1] for i in items}
    references = {line.reference for line in lines}
    message, _ = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "partnership_id": partnerships.pop() if len(partnerships) == 1 else None,
            "person": person,
            "reference": references.pop() if len(references) == 1 else "",
            "to_address": person.email,
            "subject": subject,
            "body": body,
            "message_id": message_id_for(key),
            "next_attempt_at": now,
            "created_at": now,
        },
    )
    InAppNotification.objects.filter(pk__any_of=ids).update(awaiting_email=False)
    enqueue_on_commit([message.pk])
    return 1
