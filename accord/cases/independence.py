"""Whether a meeting's chair is independent of the case, where the policy's stage asks for it
(`chair_independent`, Northumberland's "chaired by an independent person ... a Team Manager not
directly involved in the case"): the one refusal the meeting pages and actions share.

A party is the raiser or anyone who has held the case, on either side at any stage; a chair who
is a party, or a line manager above one (a party's own Team Manager, and their managers), is not
independent. Other people of the same agencies are: the procedure asks for someone "not directly
involved in the case", not someone from a third agency."""

from __future__ import annotations

from django.utils.translation import gettext

from accord.accounts.levels import line_managers
from accord.accounts.models import Person
from accord.engine.policy.model import Policy

from .models import Case, Holding


def independence_asked(policy: Policy, stage: int) -> bool:
    """Whether the chair of a meeting at `stage` must not be a party (the policy says so)."""
    return 1 <= stage <= policy.top_stage and policy.stage(stage).chair_independent


def parties(case: Case) -> list[Person]:
    """The people in the disagreement: its raiser, then everyone who has held it."""
    found = {case.raised_by_id: case.raised_by}
    for holding in Holding.objects.filter(case=case).select_related("person__line_manager"):
        found.setdefault(holding.person_id, holding.person)
    return list(found.values())


def chair_refusal(case: Case, policy: Policy, chair: Person | None, *, stage: int) -> str | None:
    """Why `chair` may not chair a meeting of `case` at `stage` (None: they may)."""
    if chair is None or not independence_asked(policy, stage):
        return None
    return _refusal(chair, parties(case))


def _refusal(chair: Person, involved: list[Person]) -> str | None:
    if any(party.pk == chair.pk for party in involved):
        return gettext(
            "%(chair)s is a party to this disagreement: the procedure asks for an independent "
            "chair. Choose someone not directly involved in the case"
        ) % {"chair": chair.full_name}
    for party in involved:
        if any(manager.pk == chair.pk for manager in line_managers(party)):
            return gettext(
                "%(chair)s is a line manager of %(party)s, a party to this disagreement: the "
                "procedure asks for an independent chair. Choose someone not directly involved "
                "in the case"
            ) % {"chair": chair.full_name, "party": party.full_name}
    return None


def independent_of(case: Case, policy: Policy, people: list[Person], *, stage: int) -> list[Person]:
    """`people` without those `chair_refusal` refuses (all of them when independence is not
    asked)."""
    if not independence_asked(policy, stage):
        return people
    involved = parties(case)
    return [p for p in people if _refusal(p, involved) is None]
