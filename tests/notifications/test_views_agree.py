"""Every view of a case agrees with the engine, on every day of a walk across Christmas and
Easter: for generated sequences of actions under the five shipped policies and a policy of our
own that uses every timing rule of the format, the engine's replay, the stored deadlines after
the sweep, the case page's tags, the queues (due soon, overdue), the board's overdue flag and
`accord policy simulate` give the same dues and statuses, and the notifications the sweep and
the actions recorded name the recipients `simulate` names.

Each walk is generated from its seed (`random.Random`), so a failure names the seed that
reproduces it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from accord.cases import actions
from accord.cases.models import Case, CaseEvent, CaseNotification, Deadline
from accord.cases.state import engine_context, engine_events, replayed
from accord.cases.sweep import tick
from accord.cases.worklists import queue_cases, with_due
from accord.demo.people import PARTNERSHIPS, DemoPartnership, _Names, build_partnership
from accord.demo.roles import assign_roles
from accord.engine.deadlines import DeadlineStatus, Running, running, window_of
from accord.engine.london import end_of, london_date, morning_of
from accord.engine.simulate import simulate
from accord.partnerships.seeding import seed_bank_holidays
from tests.factories import holder

from .walking import LONDON, Walker, partnership_for

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("views_agree")]

EVERY_RULE = Path(__file__).parent / "policies" / "every-rule.toml"
POLICIES = [row[0] for row in PARTNERSHIPS] + [str(EVERY_RULE)]
SEASONS = {"christmas": date(2026, 12, 14), "easter": date(2027, 3, 15)}
DAYS = 30
LOOKS = (time(9, 30), time(16, 0))  # after the morning sweep, and in the afternoon
RUNNING = frozenset({DeadlineStatus.OPEN, DeadlineStatus.OVERDUE})


def _partnership(policy_file: str) -> DemoPartnership:
    if policy_file != str(EVERY_RULE):
        return partnership_for(policy_file)
    seed_bank_holidays(range(2025, 2029))
    names = _Names()
    demo = build_partnership(
        policy_file,
        "every-rule-demo",
        "Every Rule Safeguarding Partnership (test)",
        "everyrule",
        password_hash="!",
        now=datetime(2026, 1, 1, tzinfo=LONDON),
        names=names,
    )
    assign_roles(demo, names=names)
    return demo


type Act = Callable[[Case, datetime], object]


def _acts(walker: Walker, rng: random.Random) -> dict[str, Act]:
    """What the people of a case may try on a day (a refusal is a fine outcome too)."""
    policy = walker.script.policy

    def respond(case: Case, now: datetime) -> object:
        position = rng.choice(["agree", "disagree"])
        return actions.record_response(case=case, actor=holder(case), position=position, now=now)

    def escalate(case: Case, now: datetime) -> object:
        top = policy.top_stage
        if case.stage >= top:
            return actions.refer_case(
                case=case, actor=holder(case, "raising"), reason="Unresolved.", now=now
            )
        stage = rng.randint(case.stage + 1, top) if policy.may_skip else case.stage + 1
        return actions.escalate_case(
            case=case,
            actor=holder(case, "raising"),
            raising_holder=walker.holder("raising", stage),  # type: ignore[arg-type]
            receiving_holder=walker.holder("receiving", stage),  # type: ignore[arg-type]
            reason="No agreement.",
            to_stage=stage,
            now=now,
        )

    def set_deadline(case: Case, now: datetime) -> object:
        rows = list(Deadline.objects.filter(case=case, status__in=["open", "overdue"]))
        if not rows:
            return None
        row = rng.choice(rows)
        today = london_date(now)
        if row.due_on is None:
            due: date | datetime = today + timedelta(days=rng.randint(0, 6))
        elif row.due_at is not None:
            due = max(row.due_at - timedelta(hours=rng.randint(1, 6)), now)
        else:
            due = max(row.due_on - timedelta(days=rng.randint(1, 3)), today)
        return actions.set_deadline(
            case=case, actor=holder(case), deadline=row.key, due=due, reason="Sooner.", now=now
        )

    def complete_step(case: Case, now: datetime) -> object:
        steps = [s.id for s in policy.stage(case.stage).steps]
        if not steps:
            return None
        step = rng.choice(steps)
        return actions.complete_step(case=case, actor=holder(case), step=step, now=now)

    def set_fact(case: Case, now: datetime) -> object:
        if not policy.facts:
            return None
        fact = rng.choice(sorted(policy.facts))
        value = rng.random() < 0.5
        return actions.set_fact(case=case, actor=holder(case), fact=fact, value=value, now=now)

    def resolve(case: Case, now: datetime) -> object:
        return actions.resolve_case(
            case=case, actor=holder(case), agreed_outcome="Agreed.", now=now
        )

    return {
        "respond": respond,
        "escalate": escalate,
        "set_deadline": set_deadline,
        "complete_step": complete_step,
        "set_fact": set_fact,
        "resolve": resolve,
    }


def _engine_view(case: Case, now: datetime) -> dict[str, tuple[object, str]]:
    """Each deadline's due and status as of `now`, from the engine alone."""
    history = list(CaseEvent.objects.filter(case=case).order_by("sequence"))
    rows = list(Deadline.objects.filter(case=case))
    _, state = replayed(case, history, rows, now=now)
    _, calendar = engine_context(case.partnership, case.policy_version)
    return {
        d.id: (
            d.due,
            str(running(window_of(d.due, calendar), now)) if d.status in RUNNING else d.status,
        )
        for d in state.deadlines
    }


def _simulated(case: Case, day: date) -> dict[str, Any]:
    """`accord policy simulate` of the case's events as of the end of `day`."""
    policy, _ = engine_context(case.partnership, case.policy_version)
    history = CaseEvent.objects.filter(case=case).order_by("sequence")
    return simulate(policy, engine_events(list(history)), as_of=day)


def _told(case: Case, until: datetime) -> list[tuple[str, str, tuple[str, ...]]]:
    """Who the live service has told of what (the actions' and the sweeps' notifications):
    the London date, the trigger as simulate names it, and the roles told."""
    rows = CaseNotification.objects.filter(case=case, due_at__lte=until)
    return sorted(
        (n.due_at.astimezone(LONDON).date().isoformat(), n.trigger, tuple(n.roles)) for n in rows
    )


def _instant(at: str) -> datetime:
    """simulate's `at`: a date stands for 09:00 that day, otherwise an ISO date-time."""
    if len(at) == len("2026-12-21"):
        return morning_of(date.fromisoformat(at))
    return datetime.fromisoformat(at)


def _reported(simulated: dict[str, Any], until: datetime) -> list[tuple[str, str, tuple[str, ...]]]:
    """Who simulate says is told by `until`: the policy's `notify` firings and Accord's alerts."""
    entries = [*simulated["notifications"], *simulated["alerts"]]
    return sorted(
        (e["at"][:10], e["trigger"], tuple(e["to"])) for e in entries if _instant(e["at"]) <= until
    )


def _due_text(due: date | datetime | None) -> str | None:
    if due is None:
        return None
    return due.astimezone(LONDON).isoformat() if isinstance(due, datetime) else due.isoformat()


def _check(case: Case, now: datetime) -> None:
    case.refresh_from_db()
    rows = {r.key: r for r in Deadline.objects.filter(case=case)}
    engine = _engine_view(case, now)
    stored = {key: (row.due, row.running(now)) for key, row in rows.items()}
    assert stored == engine, now
    active = case.status not in {"closed", "withdrawn"}
    states = {status for _, status in engine.values()}
    for queue, status in (("due_soon", Running.DUE_SOON), ("overdue", Running.OVERDUE)):
        listed = case.reference in {
            c.reference for c in queue_cases(case.raised_by, queue, now=now)
        }
        assert listed == (active and str(status) in states), (now, queue)
    flagged = with_due(Case.objects.filter(pk=case.pk), now).get()
    assert flagged.overdue == (str(Running.OVERDUE) in states), now  # type: ignore[attr-defined]
    day = london_date(now)
    evening = end_of(day)
    simulated = _simulated(case, day)
    deadlines = {d["id"]: (d["due"], d["status"]) for d in simulated["deadlines"]}
    by_day = {
        key: (
            _due_text(row.due),
            "open" if row.running(evening) == "due_soon" else row.running(evening),
        )
        for key, row in rows.items()
    }
    assert by_day == deadlines, day
    if now.time() == LOOKS[0]:  # just after the sweep: everything due by now has been told
        assert _told(case, now) == _reported(simulated, now), now


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("season", sorted(SEASONS))
@pytest.mark.parametrize("policy_file", POLICIES, ids=lambda p: Path(p).stem)
def test_every_view_of_a_case_agrees_with_the_engine_every_day(
    policy_file: str, season: str, seed: int
) -> None:
    rng = random.Random(f"{policy_file}:{season}:{seed}")
    walker = Walker(_partnership(policy_file))
    start = SEASONS[season] + timedelta(days=rng.randint(0, 6))
    raised_at = datetime.combine(start, time(10), tzinfo=LONDON)
    urgent = rng.random() < 0.3 and 1 in walker.script.policy.immediate_risk.may_start_at
    concern = start - timedelta(days=rng.randint(0, 3))
    case = walker.raise_case(raised_at, urgent=urgent, concern_on=concern)
    acts = _acts(walker, rng)
    taken = []
    for offset in range(1, DAYS):
        day = start + timedelta(days=offset)
        tick(now=datetime.combine(day, time(9, 30), tzinfo=LONDON))
        _check(case, datetime.combine(day, LOOKS[0], tzinfo=LONDON))
        if case.status == "open" and rng.random() < 0.35:
            name = rng.choice(sorted(acts))
            try:
                acts[name](case, datetime.combine(day, time(11), tzinfo=LONDON))
                taken.append(name)
            except actions.CaseActionRejected:
                pass
        _check(case, datetime.combine(day, LOOKS[1], tzinfo=LONDON))
    assert taken, "the walk took no action: choose another seed"
