"""The management ladder, and the one place that says who may hold a stage: the policy's role key
for that stage and side -> a level in the agency's management chain -> the agency's people at it.

The demo, the raise journey, the escalate page and the actions all ask here."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext

from accord.engine.policy.model import Policy, counterpart_role
from accord.partnerships.policy_texts import shown_text
from accord.prepared_reads import PreparedRead

from .models import Agency, Level, Person

LADDER: list[str] = [
    Level.PRACTITIONER,
    Level.FIRST_LINE_MANAGER,
    Level.SERVICE_LEADER,
    Level.SENIOR_MANAGER,
    Level.DIRECTOR,
]

# The level in an agency's management chain that each role key of the procedures' ladders names.
# A stage's level is then fitted to the policy's ladder (`ladder_levels`): each stage is held one
# level or more above the stage below it, so two keys naming the same level (Bath and North East
# Somerset's senior manager, then head of service) take the levels either side.
ROLE_LEVELS = {
    "practitioner": Level.PRACTITIONER,
    "worker": Level.PRACTITIONER,
    "professional": Level.PRACTITIONER,
    "first_line_manager": Level.FIRST_LINE_MANAGER,
    "line_manager": Level.FIRST_LINE_MANAGER,
    "service_leader": Level.SERVICE_LEADER,
    "senior_line_manager": Level.SERVICE_LEADER,
    "senior_manager": Level.SENIOR_MANAGER,
    "head_of_service": Level.SENIOR_MANAGER,
    "director": Level.DIRECTOR,
    "highest_manager": Level.DIRECTOR,
}

SIDES = ("raising", "receiving")


def ladder_levels(policy: Policy, side: str, agency_kind: str | None) -> list[str]:
    """The level holding `side` at each stage of `policy` for an agency of `agency_kind`.

    Each role key names its level (`ROLE_LEVELS`; a key not listed sits one above the stage
    below); then, from the top down, a stage not below the one above it moves down a level, and,
    from the bottom up, a stage not above the one below it moves up (never past the ladder)."""
    top = len(LADDER) - 1
    named: list[int | None] = []
    for stage in policy.stages:
        level = ROLE_LEVELS.get(counterpart_role(getattr(stage, side), agency_kind))
        named.append(LADDER.index(level) if level is not None else None)
    found: list[int] = []
    for index in named:
        below = found[-1] if found else -1
        found.append(min(index if index is not None else below + 1, top))
    for n in range(len(found) - 2, -1, -1):
        if found[n] >= found[n + 1] and found[n + 1] > 0:
            found[n] = found[n + 1] - 1
    for n in range(1, len(found)):
        found[n] = min(max(found[n], found[n - 1] + 1), top)
    return [LADDER[index] for index in found]


def stage_level(policy: Policy, stage: int, side: str, agency_kind: str | None) -> str:
    """The level that holds `side` at stage `stage` for an agency of `agency_kind`."""
    return ladder_levels(policy, side, agency_kind)[stage - 1]


def role_label(policy: Policy, stage: int, side: str, agency_kind: str | None) -> str:
    """The policy's words for who holds `side` at `stage` ("First line manager")."""
    role = counterpart_role(getattr(policy.stage(stage), side), agency_kind)
    return shown_text(policy.roles.get(role, role.replace("_", " ").capitalize()))


def active_people(agency: Agency) -> QuerySet[Person]:
    return Person.objects.filter(agency=agency, is_active=True).order_by("full_name", "pk")


def line_managers(person: Person) -> list[Person]:
    """The person's line managers, nearest first (a cycle is walked once)."""
    chain: list[Person] = []
    seen = {person.pk}
    manager = person.line_manager
    while manager is not None and manager.pk not in seen:
        chain.append(manager)
        seen.add(manager.pk)
        manager = manager.line_manager
    return chain


def allowed_holders(
    policy: Policy, stage: int, side: str, agency: Agency, *, excluding: Person | None = None
) -> QuerySet[Person]:
    """The agency's active people who may hold `side` at `stage`: those at the stage's level (peers
    at equal level). Where nobody in the agency is at that level (a flat structure), the nearest
    level above that has people holds it, else the nearest below. `excluding` (the raiser, for
    the other side of a case within their own agency) is never one of them."""
    people = active_people(agency)
    if excluding is not None:
        people = people.exclude(pk=excluding.pk)
    # The levels present, not everyone's: a handful of rows however large the agency.
    present = set(people.order_by().values_list("level", flat=True).distinct())
    return people.filter(level=_holding_level(policy, stage, side, agency, present))


def _present_in(agencies: list[int]) -> QuerySet[Person, tuple[int, str]]:
    return (
        Person.objects.filter(agency_id__in=agencies, is_active=True)
        .order_by()
        .values_list("agency_id", "level")
        .distinct()
    )


# The levels present in a case's two agencies (an escalation's, the same agency given twice when
# both sides are one agency): the query built once (`prepared_reads`; no agency has these ids).
_PRESENT_IN_TWO = PreparedRead(
    lambda first, second: _present_in([first, second]), -7_310_592_651, -7_310_592_652
)


def levels_present(agencies: Iterable[Agency]) -> dict[int, set[str]]:
    """The levels the active people of each agency have, by agency id (one query)."""
    found: dict[int, set[str]] = {agency.pk: set() for agency in agencies}
    ids = list(found)
    if len(ids) <= 2:  # an escalation's: the prepared read
        rows = _PRESENT_IN_TWO(ids[0], ids[-1]) if ids else []
    else:
        rows = list(_present_in(ids))
    for agency_id, level in rows:
        found[agency_id].add(level)
    return found


def _holding_level(
    policy: Policy, stage: int, side: str, agency: Agency, present: Collection[str]
) -> str:
    """The level of `allowed_holders`: the stage's, else the nearest of those `present`."""
    wanted = LADDER.index(stage_level(policy, stage, side, str(agency.kind)))
    order = [*LADDER[wanted:], *reversed(LADDER[:wanted])]
    return next((lvl for lvl in order if lvl in present), LADDER[wanted])


def may_choose_other(policy: Policy) -> bool:
    """May someone outside `allowed_holders` hold a stage, with a recorded reason? Where the
    procedure allows for flat structures (`[escalation] may_skip`)."""
    return policy.may_skip


def holder_refusal(
    policy: Policy,
    stage: int,
    side: str,
    agency: Agency,
    person: Person,
    reason: str = "",
    *,
    present: Collection[str] | None = None,
) -> str | None:
    """Why `person` may not hold `side` at `stage` (None: they may): one of `allowed_holders`,
    told by the person as loaded and the levels the agency has (`present`, from
    `levels_present`; else one query)."""
    if present is None:
        present = levels_present([agency])[agency.pk]
    level = _holding_level(policy, stage, side, agency, present)
    if person.is_active and person.agency_id == agency.pk and person.level == level:
        return None
    words = role_label(policy, stage, side, str(agency.kind))
    if not may_choose_other(policy):
        return gettext(
            "At stage %(stage)s the procedure says %(agency)s's holder is: %(holder)s. Choose "
            "one of %(agency)s's people at that level"
        ) % {"stage": stage, "agency": agency.name, "holder": words}
    if not reason.strip():
        return gettext(
            "%(person)s is not at the level the procedure names for stage %(stage)s "
            "(%(holder)s): say why they hold it instead"
        ) % {"person": person.full_name, "stage": stage, "holder": words}
    return None
