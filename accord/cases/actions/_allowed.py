"""Whether an action may run now: the same answer, in the same words, as the page that offered it.

The pages ask `offers.PERMISSIONS` (who may) and `refusals.why_not` (whether the procedure allows
it now) on the case they loaded; each action asks them again on the locked case, in the same
order (an ended case for everyone, then who may, then the procedure), so a forged request is
refused as the page would have refused it.
"""

from __future__ import annotations

from datetime import datetime

from accord.accounts.models import Person
from accord.engine.case_state import CaseState
from accord.engine.lifecycle import EventRejected
from accord.engine.refusals import CaseRecords, ended, has_ended, why_not
from accord.engine.replay import continued

from ..access import CaseAccess, load_case_access
from ..case_reading import PANEL_DECLINED
from ..models import Case, CaseEvent, Debrief, PanelMember
from ..offers import PERMISSIONS
from ..state import engine_events, fixed_dues, state_of
from ._core import CaseActionRejected, CaseHistoryUnreplayable, Locked, lock_case
from ._who import NOT_ACTIVE


def sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


def require_allowed(locked: Locked, actor: Person, action: str, *, now: datetime) -> CaseAccess:
    """Refuse `action` (an offer's name) unless `actor` may take it on the locked case and the
    procedure allows it now; the actor's access otherwise."""
    state = state_before(locked, now)
    reason = why_not(locked.policy, state, action, records(locked, action))
    if reason is not None and has_ended(state):
        raise CaseActionRejected(sentence(reason))
    if not actor.is_active:
        raise CaseActionRejected(NOT_ACTIVE)
    roles = locked.actor_roles if locked.actor is actor else None  # read with the lock
    access = load_case_access(actor, locked.case, locked.holdings, roles=roles)
    permission = PERMISSIONS[action]
    if not permission.may(access):
        raise CaseActionRejected(permission.refusal)
    if reason is not None:
        raise CaseActionRejected(sentence(reason))
    return access


def lock_allowed(
    case: Case, actor: Person, action: str, *, now: datetime, seen: int | None
) -> Locked:
    """Every action's first step: lock `case` (refusing a stale page, `seen`), reading the
    actor's roles with it, then refuse `action` as `require_allowed` does."""
    locked = lock_case(case, seen=seen, actor=actor)
    require_allowed(locked, actor, action, now=now)
    return locked


def require_going_on(locked: Locked, actor: Person, *, now: datetime) -> CaseAccess:
    """For a record outside the offers (a task marked done): refuse it on an ended case, with
    `why_not`'s words, or from an inactive account; the actor's access otherwise."""
    if reason := ended(locked.policy, state_before(locked, now)):
        raise CaseActionRejected(sentence(reason))
    if not actor.is_active:
        raise CaseActionRejected(NOT_ACTIVE)
    return load_case_access(actor, locked.case, locked.holdings)


def state_before(locked: Locked, now: datetime) -> CaseState:
    """The locked case replayed as of `now`, before the action's event. The replay is kept on
    `locked`, stopped at `now`, for the action's commit to go on with (`continued`)."""
    locked.replaying = None
    try:
        if now >= locked.case.last_event_at:
            history = locked.history
            going_on = continued(
                locked.policy,
                locked.calendar,
                engine_events(history),
                at=now,
                fixed_dues=fixed_dues(locked.deadlines.values()),
            )
            if going_on is not None:
                locked.replaying = (len(history), going_on)
                return going_on.before()
        return state_of(
            locked.policy,
            locked.calendar,
            locked.case,
            locked.history,
            locked.deadlines.values(),
            now=now,
        )
    except EventRejected as rejected:
        raise CaseHistoryUnreplayable(
            f"event {rejected.index + 1} of the stored history: {rejected.message}"
        ) from rejected


def records(locked: Locked, action: str) -> CaseRecords:
    """What `why_not` reads beyond the events for `action` (queried where its rule reads it)."""
    case = locked.case
    return CaseRecords(
        panel_convened=action == "convene_panel" and PanelMember.objects.filter(case=case).exists(),
        debrief_recorded=action in {"record_debrief", "close"}
        and Debrief.objects.filter(case=case).exists(),
        panel_declined=action == "convene_panel"
        and CaseEvent.objects.filter(case=case, kind=PANEL_DECLINED).exists(),
    )
