"""What statuses are called on the pages, and the colour of their tags: the one place for both.

Case statuses are `CaseStatus` (the engine's `accord.engine.lifecycle.Status`), worded by the
engine's `outcome_words.status_words` for the case's policy (sign-off is mentioned only where the
policy asks for it); deadline statuses are the engine's
(`accord.engine.deadlines.DeadlineStatus`, and `Running` for one not yet done:
`Deadline.running(now)` gives it).
The words are translated when shown (a case status's through the catalogue's copy of the
engine's words). A status missing here is still shown, in words made from its code, in a grey tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from accord.cases.models import CaseStatus
from accord.engine.deadlines import DeadlineStatus, Running
from accord.engine.outcome_words import status_words
from accord.engine.policy.model import Policy
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import policy_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: its words and colour ("" is GOV.UK's default blue)."""

    text: StrOrPromise  # translated when shown
    colour: str = ""


CASE_COLOURS: dict[str, str] = {
    CaseStatus.OPEN: "",
    CaseStatus.RESOLVED: "yellow",
    CaseStatus.SIGNED_OFF: "green",
    CaseStatus.REFERRED: "purple",
    CaseStatus.CLOSED: "grey",
    CaseStatus.WITHDRAWN: "grey",
}

DEADLINE_STATUSES: dict[str, Tag] = {
    Running.OPEN: Tag(_("Open")),
    Running.DUE_SOON: Tag(_("Due soon"), "yellow"),
    Running.OVERDUE: Tag(_("Overdue"), "red"),
    DeadlineStatus.MET: Tag(_("Met"), "green"),
    DeadlineStatus.LATE: Tag(_("Done late"), "orange"),
    DeadlineStatus.DROPPED: Tag(_("No longer applies"), "grey"),
}

# Flags shown beside a case's reference or next due date.
FLAGS: dict[str, Tag] = {
    "urgent": Tag(_("Urgent"), "pink"),
    "overdue": DEADLINE_STATUSES["overdue"],
}

NO_DATE = _("No date set")
WITHOUT_DELAY = _("Without delay")  # a deadline of unit `none`: no date, its holders are nudged


def no_due_text(unit: str = "") -> StrOrPromise:
    """What a page says where a deadline (of `unit`, if known) has no due date."""
    return WITHOUT_DELAY if unit == "none" else NO_DATE


def _fallback(code: str) -> Tag:
    return Tag(code.replace("_", " ").capitalize(), "grey")


def case_status(code: str, policy: Policy | None = None) -> Tag:
    """The tag for a case's status (`open`, `resolved`, ...) under its `policy`."""
    if code not in CASE_COLOURS:
        return _fallback(code)
    return Tag(status_words(policy, code), CASE_COLOURS[code])  # in the reader's words


def deadline_status(code: str) -> Tag:
    """The tag for a deadline status, as `Deadline.running(now)` gives it."""
    return DEADLINE_STATUSES.get(code) or _fallback(code)


def flag(code: str) -> Tag:
    """The tag for a flag (`urgent`, `overdue`)."""
    return FLAGS.get(code) or _fallback(code)


def case_status_of(case: Any) -> Tag:
    """The tag for one case's status, in the words of its own policy version."""
    return case_status(case.status, policy_of(case.policy_version))


def case_status_tags(cases: Iterable[Any]) -> dict[int, Tag]:
    """Each case's status tag (by case id), with its policy version's words: one query for the
    versions of a whole list, however many cases it shows."""
    listed = list(cases)
    versions = {c.policy_version_id for c in listed}
    policies = {v.pk: policy_of(v) for v in PolicyVersion.objects.filter(pk__in=versions)}
    return {c.pk: case_status(c.status, policies.get(c.policy_version_id)) for c in listed}
