"""`replay.continued`: an action's one replay (the case as of now, then with its event) gives
exactly the states of replaying before the event and again with it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.events import Event, Raised, Responded
from accord.engine.lifecycle import EventRejected, allowed_events
from accord.engine.london import LONDON
from accord.engine.replay import continued, replay

from .builders import calendar, example
from .test_properties import next_event, walks


@settings(max_examples=60, deadline=None)
@given(st.booleans(), st.booleans(), walks)
def test_continuing_a_replay_gives_the_states_of_replaying_twice(
    urgent: bool, cp_plan: bool, walk: list[tuple[int, str, int]]
) -> None:
    policy, days = example(), calendar()
    when = datetime(2026, 12, 18, 9, tzinfo=LONDON)
    events: list[Event] = [Raised(at=when, urgent=urgent, facts={"cp_plan": cp_plan})]
    for hours, name, pick in walk:
        now = when + timedelta(hours=hours)
        before = replay(policy, days, events, as_of=now)
        going_on = continued(policy, days, events, at=now)
        if going_on is not None:
            assert going_on.before() == before
        if name not in allowed_events(policy, before):
            continue
        event = next_event(name, now, before, pick)
        if event is None:
            continue
        after = replay(policy, days, [*events, event], as_of=now)
        if going_on is not None:
            assert going_on.after(event) == after
        events.append(event)
        when = now


def test_a_refused_event_is_refused_at_its_own_index() -> None:
    policy, days = example(), calendar()
    raised = Raised(at=datetime(2026, 12, 18, 9, tzinfo=LONDON))
    now = raised.at + timedelta(hours=1)
    going_on = continued(policy, days, [raised], at=now)
    assert going_on is not None
    with pytest.raises(EventRejected) as refused:
        going_on.after(Responded(at=now, position="shrug"))
    assert refused.value.index == 1


def test_nothing_to_continue_from_before_the_last_event() -> None:
    raised = Raised(at=datetime(2026, 12, 18, 9, tzinfo=LONDON))
    earlier = raised.at - timedelta(hours=1)
    assert continued(example(), calendar(), [raised], at=earlier) is None
