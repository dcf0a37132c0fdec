"""The one commit path of every case write: lock the case (or create it, for raising), replay it
with the new event through the engine, write the case, its holders and deadlines, append the
event to the hash-chained log, and record the notifications it sets off, all in the action's
transaction. Events the engine does not read (tasks, meetings, forms) are appended with
`record_only`, after the same lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext

from accord.accounts.models import Person
from accord.accounts.scope import Roles, remember_roles, roles_read
from accord.engine.calendar import Calendar
from accord.engine.case_state import CaseState
from accord.engine.events import Event
from accord.engine.lifecycle import EventRejected
from accord.engine.notices import waiting_side
from accord.engine.policy.model import Policy
from accord.engine.replay import Continued, replay
from accord.partnerships.calendars import closed_days_read
from accord.prepared_reads import read_together
from accord.prepared_saves import save_stored
from accord.prepared_statements import sent_together

from ..audit import append_event
from ..by_when import Known
from ..deferred import current as deferred_writes
from ..deferred import pending_for
from ..models import ENDED_STATUSES, Case, CaseEvent, CaseStatus, Deadline, Holding, Subject
from ..notifying import notify_case
from ..payloads import to_payload
from ..references import allocate_reference
from ..state import engine_context, engine_events, fixed_dues
from ._deadlines import next_due, store_deadlines, store_next_due
from ._holdings import Holders, SideHolder, end_holdings, held_now, seat_holders, seat_side_holder
from ._reads import DEADLINES, HISTORY, HOLDINGS, LOCKED_CASE


def one_transaction[**P, R](action: Callable[P, R]) -> Callable[P, R]:
    """An action's one transaction (`transaction.atomic`), its writes whose outcome it does not
    read sent each with the statement after it (`sent_together`). Inside a bulk load
    (`deferred`), where each case is loaded in a savepoint of its own and any refusal refuses
    the whole case, the action takes no savepoint of its own (two statements an event fewer)."""

    @wraps(action)
    def in_transaction(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(savepoint=deferred_writes() is None), sent_together():
            return action(*args, **kwargs)

    return in_transaction


class CaseActionRejected(Exception):
    """The action is not allowed now; `message` says why and what to do, in the reader's
    language (a marked text given lazily is said in the language active when it is raised).
    Nothing was written."""

    def __init__(self, message: str | Promise) -> None:
        self.message = str(message)
        super().__init__(self.message)


class CaseHistoryUnreplayable(Exception):
    """The stored events no longer replay under the case's policy: a fault, not a user error."""


@dataclass
class Locked:
    """A case locked for writing, with its history and what the engine needs to replay it."""

    case: Case
    history: list[CaseEvent]
    deadlines: dict[str, Deadline]
    policy: Policy
    calendar: Calendar
    # Every holding of the case, read with it, kept as the action changes them.
    holdings: list[Holding]
    # The replay that checked the action (`_allowed.state_before`), stopped before its event,
    # with the number of events it replayed: the commit goes on with it (one replay a write).
    replaying: tuple[int, Continued] | None = None
    # Who acts, and their partnership roles, read with the lock (`lock_case`'s `actor`).
    actor: Person | None = None
    actor_roles: Roles | None = None

    @property
    def last_event(self) -> CaseEvent | None:
        return self.history[-1] if self.history else None


def lock_case(case: Case, *, seen: int | None = None, actor: Person | None = None) -> Locked:
    """Lock the case row (select_for_update) and load its events, stored deadlines, holdings
    and its partnership's closed days (for its calendar), and the roles of `actor` if given.

    `seen` is the sequence number of the last event the person saw when the page was drawn
    (`Case.last_sequence` of a page's hidden field): if the case has moved on since, the action
    is refused (a stale form, or the same form sent twice) and nothing is written.

    A case raised in a bulk load whose writes are deferred (`deferred`) is its kept state, as
    its last event left it: nobody else can see it yet, so there is nothing to lock or read.
    """
    if (pending := pending_for(case)) is not None:
        kept: Locked = pending.locked
        if seen is not None:
            require_unchanged(kept.case, kept.history, seen)
        return kept
    # One round trip: the case locked, then what the lock keeps still (its events, deadlines
    # and holdings), as they are once it is held, and what the action's checks read (a case
    # keeps its partnership, so its closed days are read by the id the caller has).
    reads = [
        (LOCKED_CASE, (case.pk,)),
        (HISTORY, (case.pk,)),
        (DEADLINES, (case.pk,)),
        (HOLDINGS, (case.pk,)),
        closed_days_read(case.partnership_id),
    ]
    if actor is not None and (roles_of_actor := roles_read(actor)) is not None:
        reads.append(roles_of_actor)
    found, history, stored, holdings, closed, *roles = read_together(*reads)
    if not found:
        raise Case.DoesNotExist("Case matching query does not exist.")
    locked = found[0]
    if seen is not None:
        require_unchanged(locked, history, seen)
    deadlines = {d.key: d for d in stored}
    policy, calendar = engine_context(locked.partnership, locked.policy_version, closed_days=closed)
    return Locked(
        locked,
        history,
        deadlines,
        policy,
        calendar,
        holdings=holdings,
        actor=actor,
        actor_roles=remember_roles(actor, roles[0] if roles else []) if actor else None,
    )


def new_case(case: Case) -> Locked:
    """A case about to be raised, unsaved, with its partnership and policy version: nothing
    to lock yet, no history; the commit path stores it once the engine accepts it."""
    deferred = deferred_writes()
    if deferred is None:
        policy, calendar = engine_context(case.partnership, case.policy_version)
        return Locked(case, [], {}, policy, calendar, holdings=[])
    key = (case.partnership_id, case.policy_version_id)  # a bulk load's: read once for it
    if key not in deferred.contexts:
        deferred.contexts[key] = engine_context(case.partnership, case.policy_version)
    policy, calendar = deferred.contexts[key]
    return Locked(case, [], {}, policy, calendar, holdings=[])


class CaseChanged(CaseActionRejected):
    """The case moved on after the page was drawn: the person should look again."""

    @classmethod
    def since(cls, reference: str, summaries: Sequence[str]) -> CaseChanged:
        """The one stale-form message: case `reference` changed by the events `summaries`
        (the last three are named). Pages that see a stale form before acting say the same."""
        if not summaries:
            return cls(
                gettext(
                    "Case %(reference)s has changed since you opened this page. Nothing was "
                    "saved: check the case and try again if it is still needed"
                )
                % {"reference": reference}
            )
        return cls(
            gettext(
                "Case %(reference)s has changed since you opened this page: %(changes)s. "
                "Nothing was saved: check the case and try again if it is still needed"
            )
            % {"reference": reference, "changes": "; ".join(summaries[-3:])}
        )


def require_unchanged(case: Case, history: Sequence[CaseEvent], seen: int) -> None:
    latest = history[-1].sequence if history else 0
    if latest != seen:
        raise CaseChanged.since(case.reference, [e.summary for e in history if e.sequence > seen])


def _run_engine(
    *,
    policy: Policy,
    calendar: Calendar,
    history: Sequence[CaseEvent],
    new_event: Event,
    deadlines: dict[str, Deadline],
    now: datetime,
    replaying: tuple[int, Continued] | None = None,
) -> CaseState:
    """Replay the stored engine events plus `new_event`; raise CaseActionRejected if refused.
    `replaying` is the check's replay of the same events, stopped at `now`: continued with the
    new event rather than replayed again."""
    events = engine_events(history, new_event)
    try:
        if replaying is not None and replaying[0] == len(history) and replaying[1].at == now:
            return replaying[1].after(new_event)
        return replay(
            policy, calendar, events, as_of=now, fixed_dues=fixed_dues(deadlines.values())
        )
    except EventRejected as rejected:
        if rejected.index == len(events) - 1:
            raise CaseActionRejected(rejected.reason) from None
        raise CaseHistoryUnreplayable(
            f"event {rejected.index + 1} of the stored history: {rejected.message}"
        ) from rejected


def _apply_state(case: Case, state: CaseState, *, now: datetime) -> None:
    """Copy the engine's view of the case onto the row (the caller saves it)."""
    # A case withdrawn after its resolution keeps the engine status `resolved`; for the
    # service it is withdrawn all the same (nothing more can happen to it).
    case.status = CaseStatus.WITHDRAWN if state.withdrawn else CaseStatus(state.status)
    if state.stage is not None:
        case.stage = state.stage
    case.urgent = state.urgent
    case.facts = dict(state.facts)
    case.last_event_at = now
    if case.status in ENDED_STATUSES and case.closed_at is None:
        case.closed_at = now
    case.awaiting_side = waiting_side(state.stage, state.responses)


def commit_transition(
    locked: Locked,
    *,
    event: Event,
    actor: Person,
    summary: str,
    now: datetime,
    extra: dict[str, object] | None = None,
    holders: Holders | None = None,
    side_holder: SideHolder | None = None,
    subject: Subject | None = None,
) -> CaseState:
    """Check `event` with the engine, then write the case, its deadlines and its CaseEvent, and
    record the notifications it sets off. Raises CaseActionRejected, writing nothing, if the
    engine refuses it.

    `extra` adds non-engine details to the stored payload (ignored when replaying); `holders`
    hold the case from now at the stage the event leads to (raising, escalating), `side_holder`
    one side of it at its stage (a take-over); `subject` is
    a new case's child or adult. Both are stored before the notifications are recorded, so
    those of entering a stage reach the new holders and forms they open read the subject.
    """
    replaying, locked.replaying = locked.replaying, None
    state = _run_engine(
        policy=locked.policy,
        calendar=locked.calendar,
        history=locked.history,
        new_event=event,
        deadlines=locked.deadlines,
        now=now,
        replaying=replaying,
    )
    case = locked.case
    _apply_state(case, state, now=now)
    raising = case.pk is None
    if raising:  # its reference is taken once the engine accepts it
        case.reference = allocate_reference(case.raised_at.year)
        case.save()
        if (deferred := deferred_writes()) is not None:
            deferred.keep(locked)
    pending = pending_for(case)
    if subject is not None:
        subject.case = case
        subject.save()
    if holders is not None:
        seat_holders(locked, holders, stage=case.stage, now=now)
    elif side_holder is not None:
        seat_side_holder(locked, side_holder, now=now)
    elif case.status in ENDED_STATUSES:  # closed or withdrawn: nobody holds it any more
        end_holdings(locked, now=now)
    deadlines = store_deadlines(
        case,
        state,
        stored=locked.deadlines,
        policy=locked.policy,
        calendar=locked.calendar,
        pending=pending,
    )
    if pending is not None:  # written when the load flushes
        case.next_due_on = next_due(deadlines)
        pending.changed = True
    elif raising:
        store_next_due(case, deadlines)
    else:  # one UPDATE of the case, with its next due (written once: `prepared_saves`)
        case.next_due_on = next_due(deadlines)
        save_stored(case, locked=True)
    payload = to_payload(event)
    if extra:
        payload["details"] = extra
    stored = append_event(
        case=case,
        previous=locked.last_event,
        kind=payload["type"],
        actor=actor,
        at=now,
        payload=payload,
        summary=summary,
    )
    locked.history.append(stored)  # the locked case as it now stands (a later write reads it)
    locked.deadlines = {d.key: d for d in deadlines}
    known = Known(list(locked.history), deadlines, locked.calendar, holdings=held_now(locked))
    notify_case(case, state, now=now, actor=actor, known=known)
    return state


def fact_words(question: str, value: bool) -> str:
    """The timeline's words for an answer to one of the policy's questions (a `fact_set`)."""
    return f"Fact recorded: {question} {'Yes' if value else 'No'}"


def record_only(
    locked: Locked,
    *,
    kind: str,
    actor: Person,
    summary: str,
    details: dict[str, object],
    now: datetime,
) -> None:
    """Append a non-engine event (a task, a meeting) to the case's log."""
    stored = append_event(
        case=locked.case,
        previous=locked.last_event,
        kind=kind,
        actor=actor,
        at=now,
        payload={"type": kind, "at": now.isoformat(), **details},
        summary=summary,
    )
    locked.history.append(stored)
