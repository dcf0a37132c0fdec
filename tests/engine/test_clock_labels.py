"""`stage_clocks.clock_label`: a clock's label said from its id and the policy, for a page in the
reader's language. In English it is, for every clock of every shipped policy and of the example
(budgets and steps too), exactly the label the replay stores with the clock."""

from __future__ import annotations

import pytest

from accord.engine.events import Escalated, Raised
from accord.engine.policy.model import Policy
from accord.engine.speech import in_english
from accord.engine.stage_clocks import clock_label

from .builders import at, example, run
from .policies.replaying import load

SHIPPED = [
    "bath-north-east-somerset",
    "blackburn-with-darwen",
    "generic-lscb",
    "lincolnshire",
    "northumberland",
    "pan-lancashire-cumbria-adults",
    "sefton",
    "stockport",
    "wales",
]


def to_the_top(policy: Policy) -> list[tuple[str, str]]:
    """(id, stored label) of every clock a case started, raised and escalated to the top."""
    events = [
        Raised(at=at("2026-06-01")),
        *(Escalated(at=at(f"2026-06-{n:02d}"), reason="x") for n in range(2, policy.top_stage + 1)),
    ]
    return [(d.id, d.label) for d in run(policy, events, "2026-06-30").deadlines]


@pytest.mark.parametrize("name", SHIPPED)
def test_in_english_each_clocks_label_is_the_one_stored(name: str) -> None:
    policy = load(name)
    clocks = to_the_top(policy)
    assert any(key.startswith("stage:") for key, _ in clocks)
    with in_english():
        assert [(key, clock_label(policy, key)) for key, _ in clocks] == clocks


def test_budgets_and_the_raising_clock_too() -> None:
    policy = example()
    clocks = to_the_top(policy)
    kinds = {key.split(":")[0] for key, _ in clocks}
    assert {"budget", "stage"} <= kinds
    with in_english():
        assert [(key, clock_label(policy, key)) for key, _ in clocks] == clocks
        assert clock_label(policy, "raise") == "Raise the case"


@pytest.mark.parametrize(
    "key", ["stage:0", "stage:99", "stage:x", "stage:1/step:nothing", "budget:nothing", "other"]
)
def test_a_clock_the_policy_does_not_have_has_no_label(key: str) -> None:
    assert clock_label(example(), key) is None
