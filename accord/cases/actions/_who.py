"""The actions' half of the access rules: refuse, with a message, whoever may not act.

The rules themselves are `accord.cases.access`'s `may_*` functions; each action asks the one for
what it does, after locking the case, so a forged request is refused whatever the page did.
"""

from __future__ import annotations

from accord.accounts.models import Agency, Person
from accord.partnerships.models import Partnership

from ..access import CaseAccess, load_case_access
from ..models import ENDED_STATUSES, Case
from ._core import CaseActionRejected

NOT_ACTIVE = "Your account is not active: ask your partnership administrator"


def access_of(actor: Person, case: Case) -> CaseAccess:
    """The actor's access to the locked case (reads its current holders and the actor's roles).

    A closed or withdrawn case is refused first, for what it is, whoever asks.
    """
    if case.status in ENDED_STATUSES:
        raise CaseActionRejected(
            f"Case {case.reference} is {case.status}: nothing more can be recorded"
        )
    if not actor.is_active:
        raise CaseActionRejected(NOT_ACTIVE)
    return load_case_access(actor, case)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise CaseActionRejected(message)


def require_member(person: Person, agency: Agency, what: str) -> None:
    """`person` is active and works for `agency` (holders and raisers act for their agency)."""
    if not person.is_active:
        raise CaseActionRejected(f"The {what} must have an active account")
    if person.agency_id != agency.pk:
        raise CaseActionRejected(f"The {what} must work for {agency.name}")


def require_serves(agency: Agency, partnership: Partnership) -> None:
    if agency.home_partnership_id == partnership.pk:
        return
    if not agency.serves.filter(pk=partnership.pk).exists():
        raise CaseActionRejected(f"{agency.name} does not work in {partnership.name}")
