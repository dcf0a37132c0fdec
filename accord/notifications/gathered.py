"""The one e-mail a sweep sends each person: every case that needs them, in one message.

The sweep records its in-app notifications batch by batch, and those of people who want e-mails
at once as `AwaitingEmail` rows (`outbox.record_deliveries` with `gather`); at its end it writes
one e-mail per person listing them all, and deletes the rows (decision 21). A sweep that stops
between the two leaves them waiting, and the next one sends them. Notifications about urgent
cases were e-mailed at once, on their own; people who chose a daily digest get them in it.

Everyone's e-mail is written in one transaction: the awaiting rows are locked and read with the
columns of their notifications an e-mail needs (a catch-up may leave tens of thousands), the
e-mails inserted together (their keys unique, conflicts ignored), the awaiting rows deleted, and
the deliveries enqueued when it commits. A second sweep at the same moment waits for the lock,
then finds nothing awaiting.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from django.db import transaction

from accord.accounts.languages import language_in, partnership_defaults, without_language
from accord.accounts.models import Person

from .inserts import NewRow, insert_ignoring, new_row
from .messages import Line, gathered_email, message_id_for, notification_email
from .models import AwaitingEmail, InAppNotification, OutboxMessage, said_in
from .outbox import enqueue

type Item = tuple[int, int, int | None, str, str, str, str, str]  # what an e-mail reads of a row


@transaction.atomic
def send_gathered(*, now: datetime) -> int:
    """Write one e-mail for each person with notifications awaiting one; returns how many."""
    # The awaiting rows locked, then their notifications read by id: the in-app table, which
    # grows with every notification ever told, is never scanned.
    # Ids as sets: the ORM resolves each value of a list given to a lookup, one by one.
    waiting = set(AwaitingEmail.objects.select_for_update().values_list("pk", flat=True))
    items: list[Item] = list(
        InAppNotification.objects.filter(
            pk__any_of=waiting, person__isnull=False, created_at__lte=now
        )
        .order_by("person_id", "reference", "due_at", "pk")
        .values_list(
            "pk", "person_id", "partnership_id", "reference", "what", "link", "form", "what_cy"
        )
    )
    if not items:
        return 0
    people = Person.objects.in_bulk({item[1] for item in items})
    defaults = partnership_defaults(without_language((people[item[1]], item[2]) for item in items))
    emails = [
        _email(people[person_id], list(group), now=now, defaults=defaults)
        for person_id, group in groupby(items, key=lambda item: item[1])
    ]
    insert_ignoring(OutboxMessage, emails)
    AwaitingEmail.objects.filter(pk__any_of={item[0] for item in items}).delete()
    keys = [email.key for email in emails]
    enqueue(OutboxMessage.objects.filter(key__any_of=keys).values_list("pk", flat=True))
    return len(emails)


def _email(person: Person, items: list[Item], *, now: datetime, defaults: dict[int, str]) -> NewRow:
    """The one e-mail of `person` listing `items` (theirs, in the order they are listed), in
    their language (`defaults`: the partnerships' default languages)."""
    key = f"gathered/{person.pk}/{max(item[0] for item in items)}"
    partnerships = {item[2] for item in items}
    language = language_in(
        person, next(iter(partnerships)) if len(partnerships) == 1 else None, defaults
    )
    lines = [
        Line(reference, said_in(language, what, what_cy), link, form)
        for _, _, _, reference, what, link, form, what_cy in items
    ]
    subject, body = (
        notification_email(lines[0], language=language)
        if len(lines) == 1
        else gathered_email(lines, language=language)
    )
    references = {line.reference for line in lines}
    return new_row(
        OutboxMessage,
        key=key,
        partnership_id=partnerships.pop() if len(partnerships) == 1 else None,
        person_id=person.pk,
        reference=references.pop() if len(references) == 1 else "",
        to_address=person.email,
        subject=subject,
        body=body,
        message_id=message_id_for(key),
        next_attempt_at=now,
        created_at=now,
    )
