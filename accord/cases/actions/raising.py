"""Raising a case."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from accord.accounts.models import Agency, Person
from accord.engine.events import Raised
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import NoPolicyInForce, policy_version_in_force

from ..audit import append_event
from ..models import Case, Holding, Side, Subject, SubjectKind
from ..notifying import notify_case
from ..payloads import to_payload
from ..references import allocate_reference
from ..state import engine_context
from ._core import (
    CaseActionRejected,
    apply_state,
    run_engine,
    store_deadlines,
)
from ._who import require_member, require_serves


@transaction.atomic
def raise_case(
    *,
    partnership: Partnership,
    raised_by: Person,
    raising_agency: Agency,
    receiving_agency: Agency,
    receiving_holder: Person,
    decision_summary: str,
    outcome_sought: str,
    now: datetime,
    raising_holder: Person | None = None,
    subject_kind: str | None = None,
    subject_name: str = "",
    subject_date_of_birth: date | None = None,
    subject_address: str = "",
    theme: str = "",
    facts: dict[str, bool] | None = None,
    urgent: bool = False,
    stage: int = 1,
    reason: str = "",
    concern_on: date | None = None,
    policy_version: PolicyVersion | None = None,
    extra: dict[str, object] | None = None,
) -> Case:
    """Raise a case under the partnership's policy in force (or `policy_version`).

    It starts at `stage` (above 1 only when urgent and the policy allows, with `reason`), held by
    `raising_holder` (default: the raiser) and `receiving_holder`; `subject_kind` defaults to
    the policy's first subject; `extra` adds details to the stored event (how the counterpart was
    named, say). Raises CaseActionRejected when the engine refuses; nothing is written then.
    """
    require_member(raised_by, raising_agency, "person raising the case")
    require_serves(raising_agency, partnership)
    require_serves(receiving_agency, partnership)
    if raising_holder is not None:
        require_member(raising_holder, raising_agency, "raising side's holder")
    require_member(receiving_holder, receiving_agency, "receiving side's holder")
    if raising_agency.pk == receiving_agency.pk:
        raise CaseActionRejected("A disagreement is between two different agencies")
    if policy_version is None:
        try:
            policy_version = policy_version_in_force(partnership, on=now.date())
        except NoPolicyInForce as missing:
            raise CaseActionRejected(str(missing)) from None
    elif policy_version.partnership_id != partnership.pk:
        raise CaseActionRejected("That policy version belongs to another partnership")
    policy, calendar = engine_context(partnership, policy_version)
    kind = subject_kind or policy.subjects[0]
    event = Raised(
        at=now,
        stage=stage,
        urgent=urgent,
        reason=reason,
        facts=dict(facts or {}),
        concern_on=concern_on,
        subject=kind,
        raising_agency=raising_agency.kind,
        receiving_agency=receiving_agency.kind,
    )
    state = run_engine(
        policy=policy, calendar=calendar, history=[], new_event=event, deadlines={}, now=now
    )
    case = Case(
        reference=allocate_reference(now.year),
        partnership=partnership,
        policy_version=policy_version,
        subject_kind=kind,
        decision_summary=decision_summary,
        outcome_sought=outcome_sought,
        theme=theme,
        raising_agency=raising_agency,
        receiving_agency=receiving_agency,
        raised_by=raised_by,
        raised_at=now,
    )
    apply_state(case, state, now=now)
    case.save()
    if kind != SubjectKind.THEME:
        Subject.objects.create(
            case=case,
            name=subject_name,
            date_of_birth=subject_date_of_birth,
            address=subject_address,
        )
    Holding.objects.bulk_create(
        [
            Holding(
                case=case,
                stage=case.stage,
                side=Side.RAISING,
                person=raising_holder or raised_by,
                started_at=now,
            ),
            Holding(
                case=case,
                stage=case.stage,
                side=Side.RECEIVING,
                person=receiving_holder,
                started_at=now,
            ),
        ]
    )
    store_deadlines(case, state, stored={}, policy=policy, calendar=calendar)
    urgency = ", urgent" if urgent else ""
    payload = to_payload(event)
    if extra:
        payload["details"] = extra
    append_event(
        case=case,
        previous=None,
        kind="raised",
        actor=raised_by,
        at=now,
        payload=payload,
        summary=f"Case raised at stage {state.stage}{urgency}",
    )
    notify_case(case, state, now=now)
    return case
