"""Raising a case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps

from django.db import IntegrityError
from django.utils.translation import gettext, ngettext_lazy

from accord.accounts.models import Agency, Person
from accord.engine.events import Raised
from accord.engine.london import london_date
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force
from accord.partnerships.readiness import not_live

from ..deferred import current as deferred_writes
from ..models import Case, Subject, SubjectKind
from ..plausible import DECISION_SUMMARY, LONG_TEXT, SHORT_TEXT, concern_problem, too_long
from ._core import CaseActionRejected, commit_transition, new_case, one_transaction
from ._holdings import Holders
from ._who import require_member, require_serves

# Each text a raiser gives that has a limit, refused whole when longer.
TOO_LONG = {
    "decision_summary": ngettext_lazy(
        "The decision you disagree with must be %(limit)d character or fewer",
        "The decision you disagree with must be %(limit)d characters or fewer",
        "limit",
    ),
    "outcome_sought": ngettext_lazy(
        "The outcome you are seeking must be %(limit)d character or fewer",
        "The outcome you are seeking must be %(limit)d characters or fewer",
        "limit",
    ),
    "subject_name": ngettext_lazy(
        "The name must be %(limit)d character or fewer",
        "The name must be %(limit)d characters or fewer",
        "limit",
    ),
    "subject_address": ngettext_lazy(
        "The address must be %(limit)d character or fewer",
        "The address must be %(limit)d characters or fewer",
        "limit",
    ),
    "theme": ngettext_lazy(
        "The theme or pattern must be %(limit)d character or fewer",
        "The theme or pattern must be %(limit)d characters or fewer",
        "limit",
    ),
    "reason": ngettext_lazy(
        "The reason to start above stage 1 must be %(limit)d character or fewer",
        "The reason to start above stage 1 must be %(limit)d characters or fewer",
        "limit",
    ),
}


class AlreadyRaised(CaseActionRejected):
    """The journey (`raise_key`) has raised its case already: `reference` is that case."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            gettext("This disagreement has already been raised, as case %(reference)s")
            % {"reference": reference}
        )
        self.reference = reference


def once_per_key[**P](raise_function: Callable[P, Case]) -> Callable[P, Case]:
    """At most one case per `raise_key` whatever arrives at the same time: a second raising
    that loses the race on the unique key raises AlreadyRaised naming the first case."""

    @wraps(raise_function)
    def raising(*args: P.args, **kwargs: P.kwargs) -> Case:
        try:
            return raise_function(*args, **kwargs)
        except IntegrityError:
            key = kwargs.get("raise_key")
            existing = Case.objects.filter(raise_key=key).first() if key else None
            if existing is None:
                raise
            raise AlreadyRaised(existing.reference) from None

    return raising


def _in_force(partnership: Partnership, *, on: date) -> PolicyVersion:
    """`policy_version_in_force`; a bulk load (`deferred`) asks once per partnership and day."""
    deferred = deferred_writes()
    if deferred is None:
        return policy_version_in_force(partnership, on=on)
    key = (partnership.pk, on)
    if key not in deferred.in_force:
        try:
            deferred.in_force[key] = policy_version_in_force(partnership, on=on)
        except NoPolicyInForce as missing:
            deferred.in_force[key] = missing
    found = deferred.in_force[key]
    if isinstance(found, Exception):
        raise found
    return found


@once_per_key
@one_transaction
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
    raise_key: str | None = None,
) -> Case:
    """Raise a case under the partnership's policy in force (or `policy_version`).

    It starts at `stage` (above 1 only when urgent and the policy allows, with `reason`), held by
    `raising_holder` (default: the raiser) and `receiving_holder`; `subject_kind` defaults to
    the policy's first subject; `extra` adds details to the stored event (how the counterpart was
    named, say). Raises CaseActionRejected when the engine refuses; nothing is written then.
    A `raise_key` (the raise journey's) raises one case at most: AlreadyRaised otherwise.
    """
    if raise_key is not None:
        existing = Case.objects.filter(raise_key=raise_key).values_list("reference", flat=True)
        if reference := existing.first():
            raise AlreadyRaised(reference)
    if not partnership.live:
        raise CaseActionRejected(not_live(partnership))
    require_member(raised_by, raising_agency, "raiser")
    require_serves(raising_agency, partnership)
    require_serves(receiving_agency, partnership)
    if raising_holder is not None:
        require_member(raising_holder, raising_agency, "raising holder")
    require_member(receiving_holder, receiving_agency, "receiving holder")
    for text, limit, message in (
        (decision_summary, DECISION_SUMMARY, TOO_LONG["decision_summary"]),
        (outcome_sought, LONG_TEXT, TOO_LONG["outcome_sought"]),
        (subject_name, SHORT_TEXT, TOO_LONG["subject_name"]),
        (subject_address, LONG_TEXT, TOO_LONG["subject_address"]),
        (theme, SHORT_TEXT, TOO_LONG["theme"]),
        (reason, LONG_TEXT, TOO_LONG["reason"]),
    ):
        if problem := too_long(text, limit=limit, message=message):
            raise CaseActionRejected(problem)
    if policy_version is None:
        try:
            policy_version = _in_force(partnership, on=now.date())
        except NoPolicyInForce as missing:
            raise CaseActionRejected(str(missing)) from None
    elif policy_version.partnership_id != partnership.pk:
        raise CaseActionRejected(gettext("That policy version belongs to another partnership"))
    policy = policy_of(policy_version)
    if concern_on is not None:
        problem = concern_problem(
            concern_on,
            raised_on=london_date(now),
            born=subject_date_of_birth,
            years=policy.concern_look_back_years,
        )
        if problem:
            raise CaseActionRejected(problem)
    if raising_agency.pk == receiving_agency.pk and not policy.within_agency:
        raise CaseActionRejected(
            gettext(
                "This partnership's procedure covers disagreements between two different "
                "agencies only: choose the other agency"
            )
        )
    if receiving_holder.pk == raised_by.pk:
        raise CaseActionRejected(
            gettext("The person who raises a disagreement cannot also receive it")
        )
    locked = new_case(
        Case(
            partnership=partnership,
            policy_version=policy_version,
            decision_summary=decision_summary,
            outcome_sought=outcome_sought,
            theme=theme,
            raising_agency=raising_agency,
            receiving_agency=receiving_agency,
            raised_by=raised_by,
            raised_at=now,
            raise_key=raise_key,
        )
    )
    kind = subject_kind or locked.policy.subjects[0]
    locked.case.subject_kind = kind
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
    commit_transition(
        locked,
        event=event,
        actor=raised_by,
        summary=f"Case raised at stage {stage}{', urgent' if urgent else ''}",
        now=now,
        extra=extra,
        holders=Holders(raising=raising_holder or raised_by, receiving=receiving_holder),
        subject=None
        if kind == SubjectKind.THEME
        else Subject(
            name=subject_name, date_of_birth=subject_date_of_birth, address=subject_address
        ),
    )
    return locked.case
