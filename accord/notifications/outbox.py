"""Writing notifications: in-app rows and outbox e-mails in the caller's transaction, each once.

Every row has a unique key, and inserts ignore conflicts, so writing the same notification twice
(a second sweep, two at once, an action and a sweep) leaves one of each. Delivery tasks are
written in the same transaction, so they commit with the e-mails or not at all; if one is lost,
the sweep re-queues what waits too long.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from accord.accounts.languages import (
    ENGLISH,
    WELSH,
    language_in,
    partnership_defaults,
    without_language,
)
from accord.accounts.models import EmailFrequency, Person

from .delivery import enqueue_batches
from .inserts import NewRow, insert_all, insert_ignoring, insert_returning, new_row
from .messages import ByWhen, Line, by_when_text, message_id_for, notification_email
from .models import AwaitingEmail, InAppNotification, OutboxMessage, OutboxStatus, said_in

log = logging.getLogger(__name__)
TASK_BATCH = 50  # outbox messages per delivery task
type ByWhenTexts = dict[tuple[ByWhen, str], str]  # the words of each "by when", by language


class Delivery(NamedTuple):
    """One notification for one person (or for nobody: `person` None, shown to the business
    manager). `key` is unique to the notification and the recipient. A named tuple: a sweep
    makes one for every person it tells, and a frozen dataclass costs a call per field."""

    key: str
    partnership_id: int
    person: Person | None
    roles: tuple[str, ...]
    reference: str
    kind: str
    what: str  # in English, the record
    link: str
    due_at: datetime
    form: str = ""
    by: ByWhen | None = None  # by when what it asks for is due, where a date applies
    urgent: bool = False  # about an urgent case: e-mailed at once, on its own, even by a sweep
    what_cy: str = ""  # `what` in Welsh, for readers in Welsh (empty: the English is all there is)

    @property
    def at_once(self) -> bool:
        """Whether its recipient wants an e-mail for each notification as it happens."""
        person = self.person
        return (
            person is not None
            and bool(person.email)
            and person.email_frequency == EmailFrequency.IMMEDIATE
        )


def record_deliveries(
    deliveries: Sequence[Delivery],
    *,
    now: datetime,
    gather: bool = False,
    languages: Mapping[int, str] | None = None,
) -> int:
    """Write the in-app notifications and the e-mails of people who want them at once.

    With `gather` (the sweep), those e-mails wait for the one message each person gets at the
    end of the sweep (`gathered.send_gathered`), except about urgent cases. Runs in the
    caller's transaction (the cause's); returns how many e-mails were queued. `languages` are
    the default languages of partnerships the caller has read, by id (an action's, with its
    case): only the others' are read.
    """
    if not deliveries:
        return 0
    # One pass: each delivery's in-app row, and whether its person wants an e-mail of it now
    # (`emailed`) or in the sweep's one e-mail (`waiting`).
    rows: list[NewRow] = []
    waiting: set[str] = set()
    emailed: list[Delivery] = []
    texts: ByWhenTexts = {}
    for d in deliveries:
        rows.append(_in_app(d, now, texts=texts))
        if not d.at_once:
            continue
        if d.urgent or not gather:
            emailed.append(d)
        else:
            waiting.add(d.key)
    if waiting:  # a sweep's, for the one e-mail it sends each person (`gathered`)
        stored = insert_returning(InAppNotification, rows, ("id", "key"))
        marks = [new_row(AwaitingEmail, notification_id=pk) for pk, key in stored if key in waiting]
        insert_all(AwaitingEmail, marks)
    else:
        insert_ignoring(InAppNotification, rows)
    if not emailed:
        return 0
    needed = without_language((d.person, d.partnership_id) for d in emailed)
    known = {pk: code for pk, code in (languages or {}).items() if pk in needed}
    defaults = known | partnership_defaults(needed - known.keys())
    emails = [_email(d, now, defaults) for d in emailed]
    ids: list[int] = []
    if not gather:  # an action's few: their ids come back with the insert
        ids = [pk for (pk,) in insert_returning(OutboxMessage, emails, ("id",))]
        enqueue(ids)
        return len(ids)
    insert_ignoring(OutboxMessage, emails)
    keys = [m.key for m in emails]
    for start in range(0, len(keys), 500):
        ids += OutboxMessage.objects.filter(
            key__in=keys[start : start + 500], status=OutboxStatus.PENDING
        ).values_list("pk", flat=True)
    enqueue(ids)
    return len(ids)


def in_app_rows(
    deliveries: Sequence[Delivery],
    *,
    now: datetime,
    texts: ByWhenTexts | None = None,
) -> list[NewRow]:
    """The in-app rows of `deliveries`, to insert (`record_deliveries`, or a bulk load's
    flush); `texts` keeps the words of each "by when" written (by default, for this call)."""
    texts = {} if texts is None else texts
    return [_in_app(d, now, texts=texts) for d in deliveries]


def would_email(deliveries: Sequence[Delivery]) -> int:
    """How many e-mails `deliveries` would make outside a sweep (loaded history makes none)."""
    return sum(1 for d in deliveries if d.at_once)


def _in_app(delivery: Delivery, now: datetime, *, texts: ByWhenTexts) -> NewRow:
    """The row to insert: its columns, not a model instance (thousands a sweep)."""
    person = delivery.person
    return new_row(
        InAppNotification,
        key=delivery.key,
        partnership_id=delivery.partnership_id,
        person_id=person.pk if person is not None else None,
        roles=list(delivery.roles),
        reference=delivery.reference,
        kind=delivery.kind,
        what=_what(delivery, texts)[:300],
        what_cy=_what(delivery, texts, WELSH)[:300],
        form=delivery.form[:300],
        link=delivery.link,
        due_at=delivery.due_at,
        created_at=now,
        awaiting_digest=person is not None and person.email_frequency == EmailFrequency.DAILY,
    )


def _what(delivery: Delivery, texts: ByWhenTexts, language: str = ENGLISH) -> str:
    """What is needed, and by when where a date applies (the e-mail says it on its own line), in
    English or in Welsh (empty when the delivery has no Welsh); `texts` keeps the words of each
    "by when" already written, by language."""
    what = delivery.what_cy if language == WELSH else delivery.what
    if delivery.by is None or not what:
        return what
    by = texts.get((delivery.by, language))
    if by is None:
        by = texts[delivery.by, language] = by_when_text(delivery.by, language)
    return f"{what}. {by.removesuffix('.')}" if by else what


def _email(delivery: Delivery, now: datetime, defaults: dict[int, str]) -> NewRow:
    """The e-mail of one delivery, in its person's language (`defaults`: the partnerships'
    default languages, for people who have chosen none): the row to insert, its columns (not a
    model instance, whose making cost as much as its words)."""
    assert delivery.person is not None
    key = f"{delivery.key}/email"
    language = language_in(delivery.person, delivery.partnership_id, defaults)
    what = said_in(language, delivery.what, delivery.what_cy)
    line = Line(delivery.reference, what, delivery.link, delivery.form, delivery.by)
    subject, body = notification_email(line, language=language)
    return new_row(
        OutboxMessage,
        key=key,
        partnership_id=delivery.partnership_id,
        person_id=delivery.person.pk,
        reference=delivery.reference,
        to_address=delivery.person.email,
        subject=subject,
        body=body,
        message_id=message_id_for(key),
        next_attempt_at=now,
        created_at=now,
    )


def queue_account_email(*, to_address: str, subject: str, body: str, now: datetime) -> None:
    """Queue an e-mail about a person's account (a password reset), to be sent by the worker.

    Sending it inside the request would make a request for an existing account slower than one
    for an unknown address, and so tell anyone which addresses have accounts (ASVS 2.5.x, V6).
    """
    key = f"account/{uuid.uuid4()}"
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            key=key,
            to_address=to_address,
            subject=subject[:200],
            body=body,
            message_id=message_id_for(key),
            next_attempt_at=now,
            created_at=now,
        )
        enqueue([message.pk])


def enqueue(message_ids: Iterable[int], *, run_after: datetime | None = None) -> None:
    """Ask the task worker to deliver these e-mails once the caller's transaction commits
    (`delivery.enqueue_batches`), TASK_BATCH to a task."""
    from .tasks import send_outbox  # the task module imports this one

    enqueue_batches(send_outbox, message_ids, per_task=TASK_BATCH, run_after=run_after)


def send_again(messages: QuerySet[OutboxMessage], *, now: datetime) -> int:
    """Queue `messages` again (given up, or waiting) with a new retry window from `now`: the
    admin's "send again" and the revival after an outage. Returns how many."""
    ids = list(messages.exclude(status=OutboxStatus.SENT).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        first_attempt_at=None,
        dead_at=None,
        revived_at=now,
    )
    enqueue(ids)
    return len(ids)


def stuck(now: datetime) -> QuerySet[OutboxMessage, int]:
    """The ids of pending e-mails due more than the stuck interval before `now` (the partial
    index on pending e-mails' `next_attempt_at`)."""
    limit = now - timedelta(seconds=settings.ACCORD_OUTBOX_STUCK_AFTER_SECONDS)
    return (
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=limit)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def requeue_stuck(*, now: datetime) -> int:
    """Enqueue again every pending e-mail that has waited past its time by more than
    `ACCORD_OUTBOX_STUCK_AFTER_SECONDS` and that no live task holds (a lost task, a worker that
    was killed or is down): with the worker stopped, a second tick adds no second task."""
    from .worker import live_message_ids  # the worker module imports the task, which imports this

    live = live_message_ids(now)
    ids = [pk for pk in stuck(now) if pk not in live]
    if ids:
        log.info("re-queueing %d outbox e-mails that waited too long", len(ids))
        enqueue(ids)
    return len(ids)
