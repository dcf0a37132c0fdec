"""Who an action names: refuse, with a message, an inactive account, a new holder of the wrong
agency, an agency that does not work in the partnership.

Who may take each action is `_allowed.require_allowed`'s (the access rules of
`accord.cases.access` with their words in `accord.cases.offers.PERMISSIONS`).
"""

from __future__ import annotations

from accord.accounts.models import Agency, Person
from accord.partnerships.models import Partnership

from ._core import CaseActionRejected

NOT_ACTIVE = "Your account is not active: ask your partnership administrator"


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
