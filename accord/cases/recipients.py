"""Who a case notification reaches: the raiser, the holders and their managers, and the people
assigned the policy's other roles. Loaded for many cases at once, in a fixed number of queries.

Side recipients and holder roles resolve through the case's holdings at the stage the
notification is about (`stage:2/...`; the current stage otherwise): `raising_holder`, a role that
holds that stage on a side, the holders of an earlier stage for a role that held it, and the next
level up (line managers) for a role of a later stage. Any other role key resolves through the
partnership's RoleAssignments (for every case, or for the case's agencies), then through the
partnership staff role of the same name. `replaced_<side>_holder` is whoever held that side at
the stage until it was taken over (the holding there that ended last). `receiving_senior_manager`
(told of an urgent case) is the person at the level of the top stage's receiving role in the
receiving holder's management chain, or the top of that chain. `panel_members` are the members
of the case's resolution panel and `task_owner` the person the task a notice is about
(`task:<id>`) is assigned to. A role nobody holds is returned with no person, so it is recorded
and shown to the business manager rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from accord.accounts.levels import LADDER, ROLE_LEVELS
from accord.accounts.models import Level, Person
from accord.engine.notices import PANEL_MEMBERS, RECEIVING_SENIOR, REPLACED, TASK_OWNER
from accord.engine.policy.model import Policy, counterpart_role
from accord.input_limits import record_id
from accord.partnerships.policies import policy_of

from .directory import Directory, case_directory, read_roles
from .models import Case, Holding, PanelMember, Side, Task

SIDES = (Side.RAISING, Side.RECEIVING)


def advisers_of(case: Case, policy: Policy, holdings: list[Holding]) -> dict[str, list[Person]]:
    """The current stage's `advisers` (policy format 4.5), each role key with the active people
    it reaches for this case (empty: nobody named yet). Two queries, only when the stage names
    advisers; `holdings` are the case's, with their people and line managers loaded."""
    if not 1 <= case.stage <= policy.top_stage:
        return {}
    keys = policy.stage(case.stage).advisers
    if not keys:
        return {}
    directory = case_directory(case, holdings, keys)
    found = {}
    for key in keys:
        people, _ = resolve(case, topic=f"stage:{case.stage}", roles=[key], directory=directory)
        found[key] = list(people)
    return found


def next_level(case: Case, holdings: list[Holding]) -> dict[str, frozenset[int]]:
    """The next level up on each side: whom the `<side>_managers` role, and a role of a later
    stage (`_as_holder_role`), reach for `case` at its stage: the line managers of the side's
    holders. They are told when the side does not respond and may take it over. No query:
    `holdings` are the case's, with their people's line managers loaded."""
    directory = case_directory(case, holdings)
    return {
        side: frozenset(p.pk for p in _next_level(case, side, case.stage, directory))
        for side in SIDES
    }


def resolve(
    case: Case, *, topic: str, roles: Iterable[str], directory: Directory
) -> tuple[dict[Person, list[str]], list[str]]:
    """The people `roles` reach for a notification about `topic`, with the roles each holds,
    and the roles that reach nobody. Raises nothing: an unknown role reaches nobody."""
    people, nobody = resolve_by_id(case, topic=topic, roles=roles, directory=directory)
    return dict(people.values()), nobody


def resolve_by_id(
    case: Case,
    *,
    topic: str,
    roles: Iterable[str],
    directory: Directory,
    policy: Policy | None = None,
) -> tuple[dict[int, tuple[Person, list[str]]], list[str]]:
    """`resolve`, each person by id (the sweep tells thousands: a model instance hashes
    through its descriptors), with `policy`, the case's, where the caller has it."""
    if policy is None:
        policy = policy_of(case.policy_version)
    stage = _stage_of(topic, case)
    people: dict[int, tuple[Person, list[str]]] = {}
    nobody = []
    for role in roles:
        found = [p for p in _people(case, policy, stage, role, directory, topic) if p.is_active]
        if not found:
            nobody.append(role)
        for person in found:
            if (seen := people.get(person.pk)) is None:
                people[person.pk] = (person, [role])
            elif role not in seen[1]:
                seen[1].append(role)
    return people, nobody


def _stage_of(topic: str, case: Case) -> int:
    if topic.startswith("stage:"):
        return int(topic.split("/")[0].removeprefix("stage:"))
    return case.stage


def _people(
    case: Case, policy: Policy, stage: int, role: str, directory: Directory, topic: str
) -> list[Person]:
    if role == "raiser":
        return [case.raised_by]
    if role == PANEL_MEMBERS:  # one query, for a panel's notice only
        seats = PanelMember.objects.filter(case=case).select_related("person").order_by("pk")
        return [seat.person for seat in seats]
    if role == TASK_OWNER:
        task_id = topic.removeprefix("task:")
        added = directory.tasks.get(record_id(task_id) or 0)
        if added is not None and added.case_id == case.pk:  # the action's own, just added
            return [added.owner]
        task = Task.objects.filter(case=case, pk=record_id(task_id) or 0)
        return [t.owner for t in task.select_related("owner")]
    if role == RECEIVING_SENIOR:
        return _senior(case, policy, _holders(case, Side.RECEIVING, stage, directory))
    if (by_side := _SIDE_ROLES.get(role)) is not None:
        reach, side = by_side
        return reach(case, side, stage, directory)
    held = _as_holder_role(case, policy, stage, role, directory)
    if held is not None:
        return held
    read_roles(directory)
    assignments = directory.assigned.get((case.partnership_id, role), [])
    agencies = {None, case.raising_agency_id, case.receiving_agency_id}
    people = [a.person for a in assignments if a.agency_id in agencies]
    return people or directory.staff.get((case.partnership_id, role), [])


def _as_holder_role(
    case: Case, policy: Policy, stage: int, role: str, directory: Directory
) -> list[Person] | None:
    """The people a role reaches as a holder on some side, or None if it holds no stage."""
    kinds = {Side.RAISING: case.raising_agency.kind, Side.RECEIVING: case.receiving_agency.kind}
    people: list[Person] | None = None
    for side in SIDES:
        stages = [
            s.number
            for s in policy.stages
            if counterpart_role(getattr(s, side), kinds[side]) == role
        ]
        if not stages:
            continue
        people = people or []
        if stage in stages:
            people += _holders(case, side, stage, directory)
        elif earlier := [s for s in stages if s < stage]:
            people += _holders(case, side, max(earlier), directory)
        else:  # a role of a later stage: the next level up from today's holder
            people += _next_level(case, side, stage, directory)
    return people


def _holders(case: Case, side: str, stage: int, directory: Directory) -> list[Person]:
    """Who holds (or last held) `side` at `stage`; at the case's latest stage if never held."""
    holdings = [h for h in directory.holdings.get(case.pk, []) if h.side == side]
    at_stage = [h for h in holdings if h.stage == stage] or [
        h for h in holdings if h.stage == max((x.stage for x in holdings), default=0)
    ]
    current = [h for h in at_stage if h.ended_at is None]
    if current:
        return [h.person for h in current]
    latest = max((h.started_at for h in at_stage), default=None)
    return [h.person for h in at_stage if h.started_at == latest]


def _replaced(case: Case, side: str, stage: int, directory: Directory) -> list[Person]:
    """Who held `side` at `stage` until it was taken over: the holding that ended last there."""
    ended = [
        h
        for h in directory.holdings.get(case.pk, [])
        if h.side == side and h.stage == stage and h.ended_at is not None
    ]
    last = max((h.ended_at for h in ended if h.ended_at is not None), default=None)
    return [h.person for h in ended if h.ended_at == last]


def _next_level(case: Case, side: str, stage: int, directory: Directory) -> list[Person]:
    """The next level up from `side` at `stage`: its holders' line managers. The one answer for
    whom a non-response reaches and who may take the side over (`next_level`)."""
    found = [
        directory.managers.get(p.line_manager_id or 0)
        for p in _holders(case, side, stage, directory)
    ]
    return [m for m in found if m is not None]


def _senior(case: Case, policy: Policy, holders: list[Person]) -> list[Person]:
    """The receiving side's senior manager: up each holder's management chain, the first person
    at (or above) the level of the top stage's receiving role, else the top of the chain."""
    top = policy.stage(policy.top_stage)
    level = ROLE_LEVELS.get(counterpart_role(top.receiving, case.receiving_agency.kind))
    wanted = LADDER.index(level) if level is not None else len(LADDER)
    found: list[Person] = []
    for holder in holders:
        person, seen = holder, {holder.pk}
        while LADDER.index(Level(person.level)) < wanted and person.line_manager_id not in seen:
            manager = person.line_manager  # a few queries, for urgent cases only
            if manager is None:
                break
            person = manager
            seen.add(person.pk)
        found.append(person)
    return found


# The roles a side's holdings answer (`<side>_holder`, `<side>_managers`, `replaced_<side>_holder`):
# who each reaches, and on which side.
_SIDE_ROLES = {
    role: (reach, side)
    for side in SIDES
    for role, reach in (
        (f"{side}_holder", _holders),
        (f"{side}_managers", _next_level),
        (REPLACED.format(side=side), _replaced),
    )
}
