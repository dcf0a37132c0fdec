"""The live board: every figure equals a count made from the ledger of what the test did."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.cases.models import Deadline
from accord.reports.board import board_for

from .world import NOW, TODAY, Made, World

pytestmark = pytest.mark.django_db


def _overdue(made: Made) -> bool:
    """Counted row by row: a deadline not done, still open, whose due has passed by NOW."""
    for deadline in Deadline.objects.filter(case=made.case):
        if deadline.done_at is not None or deadline.status not in {"open", "overdue"}:
            continue
        if deadline.status == "overdue":
            return True
        if deadline.due_at is not None and deadline.due_at < NOW:
            return True
        if deadline.due_at is None and deadline.due_on is not None and deadline.due_on < TODAY:
            return True
    return False


@pytest.mark.parametrize("which", ["home", "neighbour", "other"])
def test_every_figure_on_the_board_equals_the_ledger(world: World, which: str) -> None:
    partnership = getattr(world, which)
    active = [m for m in world.of(partnership) if m.active]
    board = board_for(partnership.pk, now=NOW)

    assert board.active.count == len(active)
    statuses = Counter(m.status for m in active)
    assert {f.query["status"]: f.count for f in board.by_status} == {
        s: statuses[s] for s in ("open", "resolved", "signed_off", "referred")
    }
    stages = Counter(m.stage for m in active if m.status == "open")
    assert {int(f.query["stage"]): f.count for f in board.by_stage if f.count} == dict(stages)
    pairs = Counter((m.raising.name, m.receiving.name) for m in active)
    assert {(p.raising, p.receiving): p.count for p in board.by_pair} == dict(pairs)
    assert board.urgent.count == sum(m.urgent for m in active)
    assert board.awaiting_sign_off is not None  # the world's policy asks for sign-off
    assert board.awaiting_sign_off.count == statuses["resolved"]
    assert board.referred.count == statuses["referred"]
    assert board.overdue.count == sum(_overdue(m) for m in active)


def test_the_generated_data_exercises_every_figure(world: World) -> None:
    """The known answers are not all zero: the board is asked something real."""
    active = [m for m in world.of(world.home) if m.active]
    assert {"open", "resolved", "referred"} <= {m.status for m in active}
    assert len({m.stage for m in active if m.status == "open"}) >= 2
    assert any(m.urgent for m in active)
    assert any(_overdue(m) for m in active)
    assert any(not _overdue(m) for m in active)


def test_a_case_between_two_partnerships_agencies_is_on_both_boards(world: World) -> None:
    crossing = [
        m for m in world.made
        if m.active and m.partnership == world.home and world.agencies["police"] in (
            m.raising, m.receiving
        )
    ]  # fmt: skip
    assert crossing
    home = board_for(world.home.pk, now=NOW)
    neighbour = board_for(world.neighbour.pk, now=NOW)
    other = board_for(world.other.pk, now=NOW)
    police_pairs = {(p.raising, p.receiving) for p in neighbour.by_pair}
    for made in crossing:
        assert (made.raising.name, made.receiving.name) in police_pairs
        assert (made.raising.name, made.receiving.name) in {
            (p.raising, p.receiving) for p in home.by_pair
        }
    assert "Police" not in {name for p in other.by_pair for name in (p.raising, p.receiving)}
    # The neighbour counts its own cases too: the crossing ones come on top.
    own = sum(1 for m in world.made if m.partnership == world.neighbour and m.active)
    assert neighbour.active.count == own + len(crossing)


def test_each_figure_links_to_the_filters_of_the_case_list(world: World) -> None:
    board = board_for(world.home.pk, now=NOW)
    home = str(world.home.pk)
    assert board.overdue.query == {"partnership": home, "status": "active", "overdue": "1"}
    assert board.urgent.query == {"partnership": home, "status": "active", "urgent": "1"}
    assert board.referred.query == {"partnership": home, "status": "referred"}
    assert board.awaiting_sign_off is not None
    assert board.awaiting_sign_off.query == {"partnership": home, "status": "resolved"}
    stage_2 = next(f for f in board.by_stage if f.query.get("stage") == "2")
    assert stage_2.query == {"partnership": home, "status": "open", "stage": "2"}
    pair = board.by_pair[0]
    assert set(pair.query) == {"partnership", "status", "raising_agency", "receiving_agency"}


def test_the_board_asks_the_same_few_queries_however_many_cases(world: World) -> None:
    counts = []
    for partnership in (world.home, world.other):
        with CaptureQueriesContext(connection) as queries:
            board_for(partnership.pk, now=NOW)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
