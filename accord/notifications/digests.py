"""Daily digests: one e-mail a day for each person who chose it, listing what they missed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from accord.accounts.languages import language_in, partnership_defaults, without_language
from accord.engine.london import LONDON

from .messages import Line, digest_email, message_id_for
from .models import InAppNotification, OutboxMessage
from .outbox import enqueue


def send_digests(*, now: datetime) -> int:
    """Write today's digest for everyone with notifications awaiting one, once per person per
    day (from `ACCORD_DIGEST_HOUR`, London time). Returns how many digests were written."""
    local = now.astimezone(LONDON)
    if local.hour < settings.ACCORD_DIGEST_HOUR:
        return 0
    day = local.date().isoformat()
    people = sorted(set(awaiting(now)))
    written = 0
    for person_id in people:
        written += _digest(person_id, day=day, now=now)
    return written


def awaiting(now: datetime) -> QuerySet[InAppNotification, int]:
    """Who has notifications waiting for a digest (the partial index on `awaiting_digest`)."""
    people: QuerySet[InAppNotification, int] = (
        InAppNotification.objects.filter(
            awaiting_digest=True, person__isnull=False, created_at__lte=now
        )
        .order_by()
        .values_list("person_id", flat=True)
    )
    return people


@transaction.atomic
def _digest(person_id: int, *, day: str, now: datetime) -> int:
    # Lock first: a second tick at the same moment waits here, then finds nothing awaiting.
    items = list(
        InAppNotification.objects.select_for_update(of=("self",))
        .filter(person_id=person_id, awaiting_digest=True, created_at__lte=now)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    key = f"digest/{person_id}/{day}"
    if not items or OutboxMessage.objects.filter(key=key).exists():
        return 0  # nothing waits, or today's went already: the rest wait for tomorrow's
    person = items[0].person
    assert person is not None
    partnerships = {i.partnership_id for i in items}
    only = next(iter(partnerships)) if len(partnerships) == 1 else None
    language = language_in(person, only, partnership_defaults(without_language([(person, only)])))
    lines = [Line(i.reference, i.what_in(language), i.link, i.form) for i in items]
    subject, body = digest_email(lines, day=day, language=language)
    message = OutboxMessage.objects.create(
        key=key,
        partnership_id=partnerships.pop() if len(partnerships) == 1 else None,
        person=person,
        to_address=person.email,
        subject=subject,
        body=body,
        message_id=message_id_for(key),
        next_attempt_at=now,
        created_at=now,
    )
    InAppNotification.objects.filter(pk__in=[i.pk for i in items]).update(awaiting_digest=False)
    enqueue([message.pk])
    return 1
