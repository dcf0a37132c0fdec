"""Recording case notifications once each, and telling the people they reach, in the caller's
transaction (the outbox pattern: an action's notifications commit with its event, or not at all).

`record_notifications` is the one way in: an action (`notify_case`), the sweep's alerts and its
re-check of recently written cases (`notices_of`) all go through it, as do the actions the
engine does not read (`notify_record`: a form record submitted, a panel convened, a task
assigned). The person who took an action is not told of it (`ACTION_ALERTS`, `Recorded`). Each
notice says by when, where a dated deadline (or a task's due date) applies
(`notices.deadline_for`), in working days of the case's calendar, and leads to the case (or to
the form record it is about). The words of the e-mails are in the templates of
`accord/notifications`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.urls import reverse

from accord.accounts.models import Agency, Person
from accord.engine.calendar import Calendar
from accord.engine.case_state import ACTION_ALERTS, CaseState
from accord.engine.london import LONDON, london_date
from accord.engine.notices import Recorded
from accord.notifications.inserts import insert_ignoring
from accord.notifications.messages import ByWhen
from accord.notifications.outbox import Delivery, record_deliveries
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import policy_of

from .catch_up import current
from .form_values import create_triggered_records
from .models import Case, CaseNotification, Deadline, NotificationKind, Task
from .notices import (
    Dated,
    Expected,
    Notice,
    deadline_for,
    expected_notifications,
    form_title,
    record_notice,
    summary_of,
)
from .recipients import directory_for, resolve
from .state import engine_context

type Key = tuple[int, str, str, int]  # case, topic, kind, number
FORM_TOPIC, TASK_TOPIC = "form:", "task:"  # the topics of a form record's and a task's notices
type Found = tuple[Case, Sequence[Expected], Mapping[str, str]]  # with the deadlines' labels
_PLACEHOLDER = "ACC-0000-00000"


def notices_of(case: Case, state: CaseState) -> Found:
    """What a replayed case should have told someone by now, with its deadlines' labels."""
    return case, expected_notifications(state), {d.id: d.label for d in state.deadlines}


def notify_case(case: Case, state: CaseState, *, now: datetime, actor: Person | None = None) -> int:
    """Record, in the action's transaction, every notification the case should have by now and
    has not (those its event set off, and any timed one a sweep has not yet recorded). `actor`,
    who took the action, is not told of it."""
    return record_notifications([notices_of(case, state)], now=now, actor=actor)


def notify_record(
    case: Case,
    kind: Recorded,
    *,
    topic: str,
    label: str,
    now: datetime,
    actor: Person,
    form: str = "",
    trigger: str = "",
) -> int:
    """Record, in the action's transaction, the notification of action `kind` (which the engine
    does not read) about `topic`, to whom the engine says, and tell them; `label` names what it
    is about in the notice (a form's title, a stage: never the case's details). `actor`, who
    took the action, is not told of it."""
    policy = policy_of(case.policy_version)
    expected = record_notice(policy, kind, topic=topic, at=now, form=form, trigger=trigger)
    return record_notifications([(case, expected, {topic: label})], now=now, actor=actor)


def record_notifications(
    found: Iterable[Found], *, now: datetime, actor: Person | None = None, gather: bool = False
) -> int:
    """Store the expected notifications not stored yet and tell their recipients.

    `found` gives, per case, what it should have and the labels of its deadlines (for the words
    of each message). Inserts ignore conflicts, so a notification another writer stored first is
    left alone. An alert overtaken by a later one of its deadline is recorded, and nobody told
    of it (`catch_up.current`); with `gather` (the sweep) people's e-mails wait for the one the
    sweep sends each at its end. Returns how many were new to this call.
    """
    cases: dict[int, Case] = {}
    wanted: dict[Key, Notice] = {}
    for case, expected, labels in found:
        cases[case.pk] = case
        for item in expected:
            wanted.setdefault((case.pk, *item.key), _row(case, item, labels, now))
    if not wanted:
        return 0
    existing = _stored_keys(cases)
    new = [wanted[k] for k in sorted(wanted) if k not in existing]  # one order: no deadlocks
    if not new:
        return 0
    insert_ignoring(CaseNotification, new)
    # Those this call stored (or another writer, at the same instant, with the same key and so
    # the same content): only their ids are read back.
    mine = {(n.case_id, n.topic, n.kind, n.number): n for n in new}
    stored = []
    for pk, *key in (
        CaseNotification.objects.filter(case_id__any_of={k[0] for k in mine}, created_at=now)
        .order_by()
        .values_list("pk", "case_id", "topic", "kind", "number")
    ):
        if (row := mine.get(tuple(key))) is not None:  # type: ignore[arg-type]
            row.pk = pk
            stored.append(row)
    create_triggered_records(stored, cases=cases, now=now)  # the forms they set off, once each
    tell(current(stored), cases=cases, now=now, actor=actor, gather=gather)
    return len(new)


def _row(case: Case, item: Expected, labels: Mapping[str, str], now: datetime) -> Notice:
    return Notice(
        case_id=case.pk,
        topic=item.topic,
        kind=str(item.kind),
        number=item.number,
        trigger=item.trigger,
        summary=summary_of(str(item.kind), item.topic, labels)[:300],
        due_at=item.at,
        roles=list(item.roles),
        form=item.form,
        created_at=now,
    )


def _stored_keys(cases: Mapping[int, Case]) -> set[Key]:
    return set(
        CaseNotification.objects.filter(case_id__any_of=list(cases))
        .order_by()
        .values_list("case_id", "topic", "kind", "number")
    )


def tell(
    rows: Sequence[Notice],
    *,
    cases: Mapping[int, Case],
    now: datetime,
    actor: Person | None = None,
    gather: bool = False,
) -> int:
    """Write the in-app notifications and e-mails of `rows` for the people they reach (not
    `actor` of the notifications of their own action); `gather` as `record_deliveries`."""
    directory = directory_for(cases.values())
    # One URL lookup for the batch: every case page's path is this with its reference.
    page = reverse("web:case-detail", args=[_PLACEHOLDER])
    by_when = _by_when(rows, cases, today=london_date(now))
    deliveries: list[Delivery] = []
    for row in rows:
        case = cases[row.case_id]
        people, nobody = resolve(case, topic=row.topic, roles=row.roles, directory=directory)
        if actor is not None and (row.kind in ACTION_ALERTS or row.kind in _RECORDED):
            people.pop(actor, None)
        base = f"{case.reference}/{row.topic}/{row.kind}/{row.number}"
        link = _link(row, case, page)
        form = form_title(policy_of(case.policy_version), row.form)
        targets: list[tuple[str, Person | None, tuple[str, ...]]] = [
            (str(person.pk), person, tuple(roles)) for person, roles in people.items()
        ]
        targets += [(f"nobody:{role}", None, (role,)) for role in nobody]
        deliveries += [
            Delivery(
                key=f"{base}/{suffix}",
                partnership_id=case.partnership_id,
                person=person,
                roles=roles,
                reference=case.reference,
                kind=row.kind,
                what=row.summary,
                link=link,
                due_at=row.due_at,
                form=form,
                by=by_when.get(row.pk),
                urgent=case.urgent,
            )
            for suffix, person, roles in targets
        ]
    return record_deliveries(deliveries, now=now, gather=gather)


_RECORDED = frozenset(str(kind) for kind in Recorded)


def _link(row: Notice, case: Case, page: str) -> str:
    """Where a notice leads: the form record it is about; for an altered log, the sweep page
    where its administrators see it (they may not be able to open the case); else the case
    page."""
    if row.kind == NotificationKind.LOG_ALTERED:
        return reverse("web:manage-sweep")
    if row.topic.startswith(FORM_TOPIC):
        record = int(row.topic.removeprefix(FORM_TOPIC))
        return reverse("web:case-form", args=[case.reference, record])
    return page.replace(_PLACEHOLDER, case.reference)


def _by_when(
    rows: Sequence[Notice], cases: Mapping[int, Case], *, today: date
) -> dict[int, ByWhen]:
    """By when each notification asks for something, counted with its case's calendar (two
    queries, and one per partnership for its calendar)."""
    stored: dict[int, list[Dated]] = defaultdict(list)
    read = ("case_id", "key", "stage", "status", "due_on", "due_at")  # what `deadline_for` reads
    running = Deadline.objects.filter(
        case_id__any_of={r.case_id for r in rows}, status__in=("open", "overdue")
    )
    for case_id, key, stage, status, due_on, due_at in running.values_list(*read):
        stored[case_id].append(Dated(key, stage, status, due_at if due_at is not None else due_on))
    tasks = [int(r.topic.removeprefix(TASK_TOPIC)) for r in rows if r.topic.startswith(TASK_TOPIC)]
    task_dues = dict(Task.objects.filter(pk__in=tasks).values_list("pk", "due_on")) if tasks else {}
    calendars: dict[tuple[int, int], Calendar] = {}
    counted: dict[tuple[tuple[int, int], date], ByWhen] = {}  # a batch shares few dues
    found = {}
    for row in rows:
        case = cases[row.case_id]
        due: date | datetime | None
        if row.topic.startswith(TASK_TOPIC):  # a task is due on its own date
            due = task_dues.get(int(row.topic.removeprefix(TASK_TOPIC)))
        else:
            applies = deadline_for(row.topic, case.stage, stored[case.pk])
            due = applies.due if applies is not None else None
        if due is None:
            continue
        key = (case.partnership_id, case.policy_version_id)
        if key not in calendars:
            calendars[key] = engine_context(case.partnership, case.policy_version)[1]
        if isinstance(due, datetime):
            day = london_date(due)
            found[row.pk] = ByWhen(
                due, calendars[key].working_days_between(today, day), day < today
            )
            continue
        if (key, due) not in counted:
            days = calendars[key].working_days_between(today, due)
            counted[key, due] = ByWhen(due, days, passed=due < today)
        found[row.pk] = counted[key, due]
    return found


def when_words(at: datetime) -> str:
    """An instant as the pages and messages say it, in London time: "4 March 2026 at 10:00am"."""
    local = at.astimezone(LONDON)
    hour = local.hour % 12 or 12
    noon = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local.minute:02d}{noon}"


_SHARED = ("partnership", "policy_version", "raising_agency", "receiving_agency", "raised_by")


def recipient_cases(ids: Iterable[int]) -> dict[int, Case]:
    """Cases with what resolving recipients reads, by id (five queries). Their partnerships,
    policy versions, agencies and raisers, shared by many cases, are read once each rather than
    joined to every row (a version carries its policy's text)."""
    cases = {c.pk: c for c in Case.objects.filter(pk__any_of=list(ids))}
    rows = cases.values()
    partnerships = Partnership.objects.in_bulk({c.partnership_id for c in rows})
    versions = PolicyVersion.objects.in_bulk({c.policy_version_id for c in rows})
    agencies = Agency.objects.in_bulk(
        {c.raising_agency_id for c in rows} | {c.receiving_agency_id for c in rows}
    )
    raisers = Person.objects.in_bulk({c.raised_by_id for c in rows})
    # Each cached as a read would (`select_related`), not through the descriptors' checks.
    shared: tuple[Mapping[Any, Any], ...] = (partnerships, versions, agencies, agencies, raisers)
    cached = [
        (Case._meta.get_field(name), found) for name, found in zip(_SHARED, shared, strict=True)
    ]
    for case in rows:
        for field, found in cached:
            field.set_cached_value(case, found[getattr(case, field.attname)])  # type: ignore[union-attr]
    return cases
