"""Who is told what when: notifications from a stage's notify rules and the engine's own alerts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from accord.engine.case_state import Notification
from accord.engine.policy.model import Policy, Stage, counterpart_role

HOLDERS = ("raising_holder", "receiving_holder")  # who a reminder goes to


def unique(*groups: Iterable[str]) -> tuple[str, ...]:
    """The recipients of all `groups`, each once, in the order first named."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


def stage_notices(
    stage: Stage, on: str, at: datetime, facts: Mapping[str, bool]
) -> list[Notification]:
    """The notifications a stage's `notify` rules give for trigger `on`, `if` read now.

    On `entered` the stage's advisers join the first notification (or have one of their own when
    no rule applies), so every stage with advisers reports `stage:<n>/entered`.
    """
    trigger = f"stage:{stage.number}/{on}"
    notices = []
    advisers = stage.advisers if on == "entered" else ()
    for rule in stage.notify:
        if rule.on != on or (rule.if_fact is not None and not facts.get(rule.if_fact, False)):
            continue
        notices.append(Notification(at, trigger, unique(rule.to, advisers), rule.form))
        advisers = ()
    if advisers:
        notices.append(Notification(at, trigger, unique(advisers)))
    return notices


def holders(
    stage: Stage, raising_agency: str | None, receiving_agency: str | None
) -> tuple[str, ...]:
    """The roles that hold `stage` on the raising and receiving sides (once each)."""
    return unique(
        [counterpart_role(stage.raising, raising_agency)],
        [counterpart_role(stage.receiving, receiving_agency)],
    )


def non_response_recipients(
    policy: Policy, stage: int, raising_agency: str | None, receiving_agency: str | None
) -> tuple[str, ...]:
    """Who hears that a party has not responded at `stage`: the next stage's holders, or the
    partnership (`resolution.report_to`) at the top stage."""
    if stage >= policy.top_stage:
        return unique(policy.resolution.report_to)
    return holders(policy.stage(stage + 1), raising_agency, receiving_agency)
