"""Who an action names: refuse, with a message, an inactive account, a new holder of the wrong
agency, an agency that does not work in the partnership.

Who may take each action is `_allowed.require_allowed`'s (the access rules of
`accord.cases.access` with their words in `accord.cases.offers.PERMISSIONS`).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from accord.accounts.models import Agency, Person
from accord.partnerships.models import Partnership

from ._core import CaseActionRejected

NOT_ACTIVE = gettext_lazy("Your account is not active: ask your partnership administrator")

# Who an action names, each with its two refusals as whole sentences: an inactive account, and
# someone of another agency (`%(agency)s`).
MEMBERS: dict[str, tuple[Promise, Promise]] = {
    "raiser": (
        gettext_lazy("The person raising the case must have an active account"),
        gettext_lazy("The person raising the case must work for %(agency)s"),
    ),
    "raising holder": (
        gettext_lazy("The raising side's holder must have an active account"),
        gettext_lazy("The raising side's holder must work for %(agency)s"),
    ),
    "receiving holder": (
        gettext_lazy("The receiving side's holder must have an active account"),
        gettext_lazy("The receiving side's holder must work for %(agency)s"),
    ),
    "raising new holder": (
        gettext_lazy("The raising side's new holder must have an active account"),
        gettext_lazy("The raising side's new holder must work for %(agency)s"),
    ),
    "receiving new holder": (
        gettext_lazy("The receiving side's new holder must have an active account"),
        gettext_lazy("The receiving side's new holder must work for %(agency)s"),
    ),
}


def require(allowed: bool, message: object) -> None:
    """Refuse with `message` (a text, or a marked one: said in the reader's language)."""
    if not allowed:
        raise CaseActionRejected(str(message))


def require_member(person: Person, agency: Agency, who: str) -> None:
    """`person` is active and works for `agency` (holders and raisers act for their agency);
    `who` is their part, one of `MEMBERS`."""
    inactive, elsewhere = MEMBERS[who]
    if not person.is_active:
        raise CaseActionRejected(str(inactive))
    if person.agency_id != agency.pk:
        raise CaseActionRejected(str(elsewhere) % {"agency": agency.name})


def require_serves(agency: Agency, partnership: Partnership) -> None:
    if agency.home_partnership_id == partnership.pk:
        return
    if not agency.serves.filter(pk=partnership.pk).exists():
        raise CaseActionRejected(
            gettext("%(agency)s does not work in %(partnership)s")
            % {"agency": agency.name, "partnership": partnership.name}
        )
