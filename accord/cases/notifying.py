"""Recording case notifications once each, and telling the people they reach, in the caller's
transaction (the outbox pattern: an action's notifications commit with its event, or not at all).

`record_notifications` is the one way in: an action (`notify_case`), the sweep's alerts and its
re-check of recently written cases (`notices_of`) all go through it, as do the actions the
engine does not read (`notify_record`: a form record submitted, a panel convened, a task
assigned). The person who took an action is not told of it (`ACTION_ALERTS`, `Recorded`). Each
notice says by when, where a dated deadline (or a task's due date) applies
(`notices.deadline_for`), in working days of the case's calendar, and leads to the case (or to
the form record it is about). The words of the e-mails are written in
`accord.notifications.messages`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from accord.accounts.languages import WELSH
from accord.accounts.models import Agency, Person
from accord.engine.case_state import ACTION_ALERTS, CaseState
from accord.engine.london import LONDON, london_date
from accord.engine.notices import Recorded
from accord.engine.policy.model import Policy
from accord.notifications.inserts import insert_returning
from accord.notifications.outbox import Delivery, in_app_rows, record_deliveries, would_email
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import policy_of
from accord.read_whole import read_whole
from accord.site_paths import path_to

from .by_when import Held, Known, by_when
from .case_reading import CaseReading, in_reading_order
from .catch_up import current
from .deferred import Deferred, pending_for
from .deferred import current as current_deferred
from .directory import directory_for
from .form_values import create_triggered_records
from .models import Case, CaseNotification, NotificationKind
from .notices import (
    Expected,
    Notice,
    expected_notifications,
    form_title,
    record_notice,
    summary_in,
    summary_of,
)
from .recipients import resolve_by_id
from .webhooks import record_webhooks

type Key = tuple[int, str, str, int]  # case, topic, kind, number
FORM_TOPIC = "form:"  # the topic of a form record's notices
type Found = tuple[Case, Sequence[Expected], Mapping[str, str]]  # with the deadlines' labels
_PLACEHOLDER = "ACC-0000-00000"


def notices_of(case: Case, state: CaseState) -> Found:
    """What a replayed case should have told someone by now, with its deadlines' labels."""
    return case, expected_notifications(state), {d.id: d.label for d in state.deadlines}


def notify_case(
    case: Case,
    state: CaseState,
    *,
    now: datetime,
    actor: Person | None = None,
    known: Known | None = None,
) -> int:
    """Record, in the action's transaction, every notification the case should have by now and
    has not (those its event set off, and any timed one a sweep has not yet recorded). `actor`,
    who took the action, is not told of it."""
    return record_notifications(
        [notices_of(case, state)], now=now, actor=actor, known={case.pk: known} if known else None
    )


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
    known: Known | None = None,
) -> int:
    """Record, in the action's transaction, the notification of action `kind` (which the engine
    does not read) about `topic`, to whom the engine says, and tell them; `label` names what it
    is about in the notice (a form's title, a stage: never the case's details). `actor`, who
    took the action, is not told of it; `known` is what the action has read of the case."""
    policy = policy_of(case.policy_version)
    expected = record_notice(policy, kind, topic=topic, at=now, form=form, trigger=trigger)
    # A bulk load's case (`deferred`) is known as its last event left it: its rows are not
    # stored yet, so nothing of it is read again.
    pending = pending_for(case)
    if pending is not None and known is None:
        locked = pending.locked
        known = Known(
            list(locked.history),
            [*locked.deadlines.values()],
            locked.calendar,
            holdings=in_reading_order(locked.holdings or []),
        )
    return record_notifications(
        [(case, expected, {topic: label})],
        now=now,
        actor=actor,
        known={case.pk: known} if known is not None else None,
    )


def record_notifications(
    found: Iterable[Found],
    *,
    now: datetime,
    actor: Person | None = None,
    gather: bool = False,
    known: Mapping[int, Known] | None = None,
    held: Held | None = None,
) -> int:
    """Store the expected notifications not stored yet and tell their recipients.

    `found` gives, per case, what it should have and the labels of its deadlines (for the words
    of each message). Inserts ignore conflicts, so a notification another writer stored first is
    left alone. An alert overtaken by a later one of its deadline is recorded, and nobody told
    of it (`catch_up.current`); with `gather` (the sweep) people's e-mails wait for the one the
    sweep sends each at its end. `known` gives, by case id, what an action has read of its case
    (`Known`), `held` what the sweep has read (`Held`). Returns how many were new to this call.
    """
    cases: dict[int, Case] = {}
    wanted: dict[Key, Notice] = {}
    summaries: dict[tuple[str, str, str | None], str] = {}  # a batch says few things: each once
    for case, expected, labels in found:
        case_id = case.pk
        cases[case_id] = case
        for item in expected:
            kind = str(item.kind)
            key = (case_id, item.topic, kind, item.number)
            if key not in wanted:
                wanted[key] = _row(case_id, kind, item, labels, now, summaries)
    if not wanted:
        return 0
    rows = [wanted[k] for k in sorted(wanted)]  # one order: no deadlocks
    if known and (deferred := _deferring(cases)) is not None:  # inserted when the load flushes
        stored = sorted(deferred.record(rows), key=_ordering)
    elif known:  # an action's case: all its rows offered, those new to it coming back
        stored = _inserted(rows)
    else:  # a sweep's batch, in the order offered
        stored = _inserted_in_order(rows)
    new = len(stored)
    if not new:
        return 0
    # An action's case is read as it stands, with its events; its holdings, when first needed.
    readings = {
        pk: CaseReading(cases[pk], events=k.events, holdings=k.holdings)
        for pk, k in (known or {}).items()
    }
    create_triggered_records(stored, cases=cases, now=now, readings=readings)  # once each
    told = current(stored)
    record_webhooks(told, cases=cases, now=now)
    tell(
        told,
        cases=cases,
        now=now,
        actor=actor,
        gather=gather,
        known=known,
        readings=readings,
        held=held,
    )
    return new


def _inserted(rows: list[Notice]) -> list[Notice]:
    """`_inserted_in_order`, in the order of `CaseNotification.Meta.ordering`."""
    return sorted(_inserted_in_order(rows), key=_ordering)


def _ordering(row: Notice) -> tuple[Any, ...]:
    """`CaseNotification.Meta.ordering`."""
    return (row.case_id, row.due_at, row.topic, row.kind, row.number)


def _inserted_in_order(rows: list[Notice]) -> list[Notice]:
    """Insert `rows` (of many cases), skipping those stored already: those this call stored,
    with their ids (which the insert gives back), in the order of `rows`."""
    mine = {(row.case_id, row.topic, row.kind, row.number): row for row in rows}
    columns = ("id", "case_id", "topic", "kind", "number")
    for pk, case_id, topic, kind, number in insert_returning(CaseNotification, rows, columns):
        mine[case_id, topic, kind, number].pk = pk
    return [row for row in rows if row.pk]


def _row(
    case_id: int,
    kind: str,
    item: Expected,
    labels: Mapping[str, str],
    now: datetime,
    summaries: dict[tuple[str, str, str | None], str],
) -> Notice:
    said = (kind, item.topic, labels.get(item.topic))
    if (summary := summaries.get(said)) is None:
        summary = summaries[said] = summary_of(kind, item.topic, labels)[:300]
    return Notice(
        case_id=case_id,
        topic=item.topic,
        kind=kind,
        number=item.number,
        trigger=item.trigger,
        summary=summary,
        due_at=item.at,
        roles=list(item.roles),
        form=item.form,
        created_at=now,
    )


def tell(
    rows: Sequence[Notice],
    *,
    cases: Mapping[int, Case],
    now: datetime,
    actor: Person | None = None,
    gather: bool = False,
    known: Mapping[int, Known] | None = None,
    readings: Mapping[int, CaseReading] | None = None,
    held: Held | None = None,
) -> int:
    """Write the in-app notifications and e-mails of `rows` for the people they reach (not
    `actor` of the notifications of their own action); `gather` as `record_deliveries`,
    `known` and `held` as `record_notifications`; the holdings of cases in `readings` are read
    there."""
    if not rows:
        return 0
    loaded = {pk: reading.holdings for pk, reading in (readings or {}).items()}
    deferred = _deferring(cases)
    shared = deferred.directory if deferred is not None else None  # a load's, read once
    directory = directory_for(cases.values(), loaded=loaded, people=shared)
    directory.tasks = {pk: task for k in (known or {}).values() for pk, task in k.tasks.items()}
    # One path for the batch: every case page's is this with its reference.
    page = path_to("web:case-detail", _PLACEHOLDER)
    dues = by_when(rows, cases, today=london_date(now), known=known or {}, held=held)
    deliveries: list[Delivery] = []
    welsh: dict[tuple[str, str, int], str] = {}  # each summary in Welsh, said once a batch
    about: dict[int, _About] = {}  # what the rows read of each case, read once a case
    forms: dict[tuple[int, str], str] = {}  # each form's title, once a batch
    for row in rows:
        case_id, kind, topic = row.case_id, row.kind, row.topic
        if (seen := about.get(case_id)) is None:
            seen = about[case_id] = _about(cases[case_id], page)
        case, policy, reference, partnership_id, version_id, urgent, case_page = seen
        said = (kind, topic, version_id)
        if (what_cy := welsh.get(said)) is None:
            what_cy = welsh[said] = summary_in(WELSH, kind, topic, policy)[:300]
        people, nobody = resolve_by_id(
            case, topic=topic, roles=row.roles, directory=directory, policy=policy
        )
        if actor is not None and (kind in ACTION_ALERTS or kind in _RECORDED):
            people.pop(actor.pk, None)
        base = f"{reference}/{topic}/{kind}/{row.number}"
        link = _link(row, reference, case_page)
        form = forms.get((version_id, row.form))
        if form is None:
            form = forms[version_id, row.form] = form_title(policy, row.form)
        by = dues.get(row.pk)
        what, due_at = row.summary, row.due_at
        targets: list[tuple[str, Person | None, tuple[str, ...]]] = [
            (f"{base}/{pk}", person, tuple(roles)) for pk, (person, roles) in people.items()
        ]
        targets += [(f"{base}/nobody:{role}", None, (role,)) for role in nobody]
        deliveries += [
            Delivery(
                key=key,
                partnership_id=partnership_id,
                person=person,
                roles=roles,
                reference=reference,
                kind=kind,
                what=what,
                what_cy=what_cy,
                link=link,
                due_at=due_at,
                form=form,
                by=by,
                urgent=urgent,
            )
            for key, person, roles in targets
        ]
    if deferred is not None:
        # A bulk load's: its in-app rows inserted when it flushes; loaded history is recorded,
        # not e-mailed (`loading.quietly_told`), so no e-mail is made.
        deferred.in_app += in_app_rows(deliveries, now=now, texts=deferred.by_when_texts)
        deferred.emails_withheld += would_email(deliveries)
        return 0
    # The partnerships read with the cases (an action's, the sweep's): their default languages
    # are not read again for the e-mails.
    languages: dict[int, str] = {}
    for seen in about.values():
        if seen.partnership_id not in languages and Case.partnership.is_cached(seen.case):
            languages[seen.partnership_id] = seen.case.partnership.default_language
    return record_deliveries(deliveries, now=now, gather=gather, languages=languages)


def _deferring(cases: Mapping[int, Case]) -> Deferred | None:
    """The bulk load's deferred writes, when every one of `cases` is kept by it."""
    deferred = current_deferred()
    if deferred is not None and all(deferred.pending(c) for c in cases.values()):
        return deferred
    return None


_RECORDED = frozenset(str(kind) for kind in Recorded)


def _link(row: Notice, reference: str, page: str) -> str:
    """Where a notice leads: the form record it is about; for an altered log, the sweep page
    where its administrators see it (they may not be able to open the case); else the case
    page (`page`, the case's own)."""
    if row.kind == NotificationKind.LOG_ALTERED:
        return path_to("web:manage-sweep")
    if row.topic.startswith(FORM_TOPIC):
        record = int(row.topic.removeprefix(FORM_TOPIC))
        return path_to("web:case-form", reference, record)
    return page


class _About(NamedTuple):
    """What telling of a case reads of it, read once for all its rows (`_about`)."""

    case: Case
    policy: Policy
    reference: str
    partnership_id: int
    version_id: int
    urgent: bool
    page: str  # the case's own page


def _about(case: Case, page: str) -> _About:
    """`_About` of `case` (`page`: with the placeholder for its reference)."""
    reference = case.reference
    return _About(
        case,
        policy_of(case.policy_version),
        reference,
        case.partnership_id,
        case.policy_version_id,
        case.urgent,
        page.replace(_PLACEHOLDER, reference),
    )


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
    # A set: the ORM resolves each value of a list or tuple given to a lookup, one by one.
    cases = {c.id: c for c in read_whole(Case.objects.filter(pk__any_of=set(ids)))}
    # Their columns, read from each instance's own values (every one of them was read), not
    # through the model's descriptors: a thousand cases a batch, five ids each.
    columns = [c.__dict__ for c in cases.values()]
    partnerships = Partnership.objects.in_bulk({c["partnership_id"] for c in columns})
    versions = PolicyVersion.objects.in_bulk({c["policy_version_id"] for c in columns})
    agencies = Agency.objects.in_bulk(
        {c["raising_agency_id"] for c in columns} | {c["receiving_agency_id"] for c in columns}
    )
    raisers = Person.objects.in_bulk({c["raised_by_id"] for c in columns})
    # Each cached as a read would (`select_related`), not through the descriptors' checks.
    shared: tuple[Mapping[Any, Any], ...] = (partnerships, versions, agencies, agencies, raisers)
    fields = [Case._meta.get_field(name) for name in _SHARED]
    cached = [
        (field.cache_name, field.attname, found)  # type: ignore[union-attr]
        for field, found in zip(fields, shared, strict=True)
    ]
    for case in cases.values():
        held, values = case._state.fields_cache, case.__dict__  # what `set_cached_value` writes to
        for name, attname, found in cached:
            held[name] = found[values[attname]]
    return cases
