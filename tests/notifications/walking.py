"""A partnership running one shipped policy with the demo's people and role assignments, and the
helpers to walk one of its cases through the calendar, ticking each morning."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from accord.accounts.models import AgencyKind, Level
from accord.cases import actions
from accord.cases.management.commands.tick import tick
from accord.cases.models import Case, CaseNotification
from accord.demo.cases import CHILDREN, Script
from accord.demo.people import PARTNERSHIPS, DemoPartnership, _Names, build_partnership
from accord.demo.roles import assign_roles
from accord.notifications.models import InAppNotification
from accord.partnerships.seeding import seed_bank_holidays
from tests.factories import decider, holder

LONDON = ZoneInfo("Europe/London")
TICK = time(9, 30)  # each morning's sweep, after the 09:00 alerts
ACT = time(10, 0)  # when the people in a walk do things

type Stored = tuple[str, str, str, int, tuple[str, ...], str]  # on, topic, kind, number, to, form


def london(day: str, at: time = ACT) -> datetime:
    return datetime.combine(date.fromisoformat(day), at, tzinfo=LONDON)


def partnership_for(policy_file: str) -> DemoPartnership:
    """The demo partnership of `policy_file` (its people, chains, staff and role assignments),
    with the bank holidays of 2025 to 2028."""
    seed_bank_holidays(range(2025, 2029))
    row = next(p for p in PARTNERSHIPS if p[0] == policy_file)
    names = _Names()
    demo = build_partnership(*row, password_hash="!", now=london("2026-01-01"), names=names)
    assign_roles(demo, names=names)
    return demo


class Walker:
    """Makes and moves one case of a demo partnership with explicit instants."""

    def __init__(self, demo: DemoPartnership) -> None:
        self.demo = demo
        self.script = Script(demo, date(2026, 1, 1))
        self.raising, self.receiving = AgencyKind.EDUCATION, AgencyKind.SOCIAL_CARE

    def holder(self, side: str, stage: int) -> object:
        kind = self.raising if side == "raising" else self.receiving
        return self.script.holder(kind, side, stage)

    def raise_case(self, now: datetime, *, stage: int = 1, **options: object) -> Case:
        child, born = CHILDREN[0]
        agencies = self.demo.agencies
        return actions.raise_case(
            partnership=self.demo.partnership,
            policy_version=self.demo.version,
            raised_by=agencies[self.raising].by_level[Level.PRACTITIONER],
            raising_agency=agencies[self.raising].agency,
            receiving_agency=agencies[self.receiving].agency,
            raising_holder=self.holder("raising", stage),  # type: ignore[arg-type]
            receiving_holder=self.holder("receiving", stage),  # type: ignore[arg-type]
            subject_name=child,
            subject_date_of_birth=born,
            subject_address="12 Example Row, Demo Town",
            decision_summary="Referral closed with no further action.",
            outcome_sought="A child and family assessment.",
            stage=stage,
            reason="The child is at risk of immediate harm." if stage > 1 else "",
            now=now,
            **options,  # type: ignore[arg-type]
        )

    def escalate(self, case: Case, now: datetime) -> Case:
        stage = case.stage + 1
        return actions.escalate_case(
            case=case,
            actor=holder(case, "raising"),
            raising_holder=self.holder("raising", stage),  # type: ignore[arg-type]
            receiving_holder=self.holder("receiving", stage),  # type: ignore[arg-type]
            reason="No agreement.",
            now=now,
        )


def stored(case: Case) -> list[Stored]:
    """The case's notifications: (London date due, topic, kind, number, roles, form)."""
    rows = CaseNotification.objects.filter(case=case)
    return sorted(
        (
            n.due_at.astimezone(LONDON).date().isoformat(),
            n.topic,
            n.kind,
            n.number,
            tuple(n.roles),
            n.form,
        )
        for n in rows
    )


def walk(
    case_maker: Callable[[], Case],
    *,
    first: str,
    last: str,
    new: Mapping[str, list[Stored]],
    act: Mapping[str, Act],
) -> Case:
    """Tick at 09:30 every day from `first` to `last`, checking after each tick that the case has
    exactly the notifications `new` lists for that day and every day before; then do that day's
    `act` at 10:00. The case is raised by `case_maker` on `first`, after its tick."""
    unknown = set(new) | set(act)
    day = date.fromisoformat(first)
    case: Case | None = None
    expected: list[Stored] = []
    while day <= date.fromisoformat(last):
        text = day.isoformat()
        unknown.discard(text)
        tick(now=london(text, TICK))
        expected += new.get(text, [])
        if case is not None:
            assert stored(case) == sorted(expected), text
        if case is None:
            case = case_maker()
        elif text in act:
            case = act[text](case) or case
        case.refresh_from_db()
        day += timedelta(days=1)
    assert not unknown, f"days outside the walk: {sorted(unknown)}"
    assert case is not None
    assert not InAppNotification.objects.filter(person__isnull=True).exists(), "nobody told"
    return case


# The people in the walks, and what they do (each at 10:00 on the day given).
HOLDERS = ("raising_holder", "receiving_holder")
RECEIVING = ("receiving_holder",)
RAISING = ("raising_holder",)
RAISER = ("raiser",)
type Act = Callable[[Case], Case | None]


def nudge(on: str, topic: str, number: int) -> Stored:
    return (on, topic, "nudge", number, HOLDERS, "")


def resolve(on: str) -> Act:
    def act(case: Case) -> None:
        actions.resolve_case(
            case=case, actor=decider(case), agreed_outcome="Assessment agreed.", now=london(on)
        )

    return act


def close(on: str) -> Act:
    return lambda case: actions.close_case(case=case, actor=case.raised_by, now=london(on))


def respond(on: str, position: str) -> Act:
    return lambda case: actions.record_response(
        case=case, actor=holder(case), position=position, now=london(on)
    )


def refer(on: str) -> Act:
    return lambda case: actions.refer_case(
        case=case, actor=holder(case), reason="Unresolved at the top.", now=london(on)
    )
