"""After a mail outage: given-up e-mails are queued again, once, when the mail server answers, and
the partnerships' administrators are told when e-mails are given up and when they go again.

Run by the sweep (`accord tick`). The mail server is taken to be back when it accepted an e-mail
after a message was given up, or, when nothing was sent since, when it answers a connection (one
probe per tick, only while given-up messages wait for it). Each given-up message is revived once
automatically (`revived_at`), with a new retry window (`delivery.gives_up`); a message given up
again waits for an administrator (the admin's "send again").
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils.translation import ngettext

from accord.accounts.languages import ENGLISH, WELSH, speaking
from accord.accounts.models import PartnershipRole, PartnershipRoleKind, Person
from accord.engine.london import london_date
from accord.site_paths import path_to

from .models import InAppNotification, OutboxMessage, OutboxStatus
from .outbox import Delivery, record_deliveries, requeue_stuck, send_again

log = logging.getLogger(__name__)
ADMINISTRATOR = PartnershipRoleKind.ADMINISTRATOR
GIVEN_UP, REVIVED = "emails_given_up", "emails_sent_again"
TOLD_BACK = timedelta(days=2)  # given-up messages this recent are told of (once a day each)


def _words(kind: str, *, hours: int, count: int, language: str) -> str:
    """What an administrator is told of the outbox, in `language`."""
    with speaking(language):
        if kind == GIVEN_UP:
            return ngettext(
                "Accord could not send some e-mails for %(hours)s hour and has given them up: it"
                " will send them again when the mail server answers",
                "Accord could not send some e-mails for %(hours)s hours and has given them up: it"
                " will send them again when the mail server answers",
                hours,
            ) % {"hours": hours}
        return ngettext(
            "The mail server answers again: Accord is sending the %(count)s e-mail it had given up",
            "The mail server answers again: Accord is sending the %(count)s e-mails it had given"
            " up",
            count,
        ) % {"count": count}


def keep_delivering(*, now: datetime) -> dict[str, int]:
    """The outbox's part of each tick: delivery tasks whose worker was killed, the worker's
    heartbeat, given-up e-mails once the mail server answers, e-mails waiting too long,
    administrators told of given-up ones, webhook deliveries waiting too long."""
    from .heartbeat import beat  # the task modules are imported when a tick needs them
    from .webhooks import requeue_stuck as requeue_stuck_webhooks
    from .worker import recover_lost_tasks

    return {
        "tasks_lost": recover_lost_tasks(now=now),
        "worker_heartbeat": int(beat()),
        "emails_sent_again": revive_given_up(now=now),
        "emails_requeued": requeue_stuck(now=now),
        "given_up_told": tell_given_up(now=now),
        "webhooks_requeued": requeue_stuck_webhooks(now=now),
    }


def _waiting(now: datetime) -> QuerySet[OutboxMessage]:
    """Given-up messages not yet revived (given up by `now`)."""
    return OutboxMessage.objects.filter(
        status=OutboxStatus.DEAD, revived_at__isnull=True, dead_at__lte=now
    )


def mail_server_answers() -> bool:
    """Whether the default mailer's server accepts a connection (and a sign-in, if set)."""
    connection = mailers.default
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        log.info("mail server probe failed: %s", type(error).__name__)
        return False
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()
    return True


def revive_given_up(*, now: datetime) -> int:
    """Queue again, once, the given-up e-mails the mail server can now take, and tell the
    administrators of their partnerships. Returns how many."""
    waiting = _waiting(now)
    first_dead = waiting.aggregate(first=Min("dead_at"))["first"]
    if first_dead is None:
        return 0
    last_sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).aggregate(
        last=Max("sent_at")
    )["last"]
    if last_sent is not None and last_sent >= first_dead:
        revivable = waiting.filter(dead_at__lte=last_sent)  # given up before a later success
    elif mail_server_answers():
        revivable = waiting
    else:
        return 0
    with transaction.atomic():
        chosen = revivable.select_for_update(skip_locked=True)
        by_partnership: dict[int | None, int] = defaultdict(int)
        for partnership_id in chosen.values_list("partnership_id", flat=True):
            by_partnership[partnership_id] += 1
        count = send_again(chosen, now=now)
        _tell(
            REVIVED,
            {pid: n for pid, n in by_partnership.items() if pid is not None},
            key=now.isoformat(),
            now=now,
        )
    if count:
        log.warning("the mail server answers again: %d given-up e-mails queued again", count)
    return count


def tell_given_up(*, now: datetime) -> int:
    """Tell each partnership's administrators, once a (London) day, that e-mails of theirs were
    given up. Returns how many e-mails to them this queued."""
    recent = (
        OutboxMessage.objects.filter(
            status=OutboxStatus.DEAD, dead_at__gte=now - TOLD_BACK, partnership__isnull=False
        )
        .values_list("partnership_id", "dead_at")
        .order_by()
    )
    days: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for partnership_id, dead_at in recent:
        assert dead_at is not None  # the filter
        days[london_date(dead_at).isoformat()][partnership_id] += 1
    queued = 0
    for day, counts in sorted(days.items()):
        with transaction.atomic():
            queued += _tell(GIVEN_UP, counts, key=day, now=now)
    return queued


def _tell(kind: str, counts: dict[int, int], *, key: str, now: datetime) -> int:
    """Tell the administrators of each partnership in `counts` (or, with none, its business
    manager) of `kind`, once per `key`, through the notifications' one way in."""
    admins: dict[int, list[Person]] = defaultdict(list)
    for role in PartnershipRole.objects.filter(
        partnership_id__in=list(counts), role=ADMINISTRATOR, person__is_active=True
    ).select_related("person"):
        admins[role.partnership_id].append(role.person)
    link = path_to("web:notifications")
    hours = settings.ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS
    deliveries = []
    for partnership_id, count in sorted(counts.items()):
        what, what_cy = (
            _words(kind, hours=hours, count=count, language=language)
            for language in (ENGLISH, WELSH)
        )
        people: list[Person | None] = list(admins[partnership_id]) or [None]
        deliveries += [
            Delivery(
                key=f"outbox/{kind}/{partnership_id}/{key}/{person.pk if person else 'nobody'}",
                partnership_id=partnership_id,
                person=person,
                roles=(ADMINISTRATOR.value,),
                reference="",
                kind=kind,
                what=what,
                what_cy=what_cy,
                link=link,
                due_at=now,
            )
            for person in people
        ]
    told = set(
        InAppNotification.objects.filter(key__in=[d.key for d in deliveries]).values_list(
            "key", flat=True
        )
    )
    return record_deliveries([d for d in deliveries if d.key not in told], now=now)
