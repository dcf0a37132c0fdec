"""A partnership running one shipped policy with the demo's people and role assignments, and the
helpers to walk one of its cases through the calendar, ticking each morning.

Each morning at 09:30 the sweep runs (`accord tick`), then the day's actions happen at 10:00, and
the case must have exactly the notifications listed for that day and the days before: each row
is (the London date it fell due, topic, kind, number, who, form). Every date was worked out by
hand from the policy files and the English bank holidays. "N wd after X" counts working days
after X.

Accord's rules on top of each policy's own (docs/decisions/0004-notifications-and-outbox.md):
a dated stage, step or budget deadline is due soon at 09:00 on the working day before and passed
at 09:00 on the next working day after (decision 21), each told to the holder on the side that
must act (the receiving side
until it responds at the stage); non-response (policy grace) goes to the next stage's roles and
the raiser; a deadline without a date reminds both holders every `nudge_every`; the raiser always
hears of the outcome and the closing.

The policies (accord/policies/*.toml):
- Bath and North East Somerset: four stages "without delay" (unit none), holders reminded every
  2 wd; resolved at any stage tells the business manager (Appendix A) and the raiser and both
  holders; unresolved at the top is reported to the director, business manager and LSCB chair.
- Blackburn with Darwen: three stages of 5 wd, a 15 wd budget over stages 1 to 3, non-response
  after 1 wd of grace, stage 2's escalation told to the receiving holder, stage 3 entered and
  resolved told to the LSCB Team (Appendix A), urgent cases told to the Head of Safeguarding.
- Generic LSCB chapter 14: four stages "without delay", reminders every 2 wd; the practitioner
  lead advises at stage 1 (told when it is entered); resolved tells both holders (written
  confirmation) and, when the case showed general issues, the board representative.
- Northumberland: stage 1 of 5 wd with a step (line managers notified, reminded every working
  day), stage 2 of 10 wd with a meeting step (10 wd) and the Agency Report (no date, from the
  meeting, reminded every 2 wd), a 20 wd budget over stages 1 and 2.
- Stockport: four stages "without delay", reminders every 2 wd; the safeguarding lead advises
  at stage 1; stage 4 entered and resolved tell the SSCP team (outcome resolution notice);
  unresolved at the top goes to the independent chair, whose decision ends it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta

from accord.accounts.models import AgencyKind, Level
from accord.cases import actions
from accord.cases.models import Case, CaseNotification
from accord.cases.sweep import tick
from accord.demo.cases import CHILDREN, Script
from accord.demo.people import PARTNERSHIPS, DemoPartnership, _Names, build_partnership
from accord.demo.roles import assign_roles
from accord.engine.london import LONDON
from accord.notifications.models import InAppNotification
from accord.partnerships.seeding import seed_bank_holidays
from tests.factories import decider, holder

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

    def raise_case(
        self, now: datetime, *, stage: int = 1, by: Level = Level.PRACTITIONER, **options: object
    ) -> Case:
        child, born = CHILDREN[0]
        agencies = self.demo.agencies
        return actions.raise_case(
            partnership=self.demo.partnership,
            policy_version=self.demo.version,
            raised_by=agencies[self.raising].by_level[by],
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
            assert stored(case) == sorted(expected), (
                text,
                sorted(set(stored(case)) ^ set(expected)),
            )
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


# What each action tells at once (engine/notices.py who_is_told), as the action records it.
def raised(on: str, stage: int = 1) -> Stored:
    return (on, f"stage:{stage}", "raised", 0, HOLDERS, "")


def escalated(on: str, left: int, reached: int) -> list[Stored]:
    return [
        (on, f"stage:{left}", "moved_on", 0, HOLDERS, ""),
        (on, f"stage:{reached}", "escalated", 0, (*HOLDERS, "raiser"), ""),
    ]


def responded(on: str, stage: int) -> Stored:
    return (on, f"stage:{stage}", "responded", 0, RAISING, "")


def resolution(on: str, topic: str) -> Stored:
    return (on, topic, "resolution", 0, HOLDERS, "")


def nudges_stopped(on: str, topic: str) -> Stored:
    """After the policy's reminders (Accord's default three), the holders' line managers once."""
    return (on, topic, "nudges_stopped", 0, ("raising_managers", "receiving_managers"), "")


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
