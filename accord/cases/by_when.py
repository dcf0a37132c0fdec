"""By when each case notification asks for something, counted in working days of its case's
calendar; and what an action has already read of its case (`Known`), which telling of it reads
rather than query again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from accord.engine.calendar import Calendar
from accord.engine.deadlines import UNFINISHED
from accord.engine.london import london_date
from accord.notifications.messages import ByWhen

from .due_deadlines import DueDeadline
from .models import Case, CaseEvent, CaseNotification, Deadline, Holding, Task
from .notices import Dated, Notice, deadline_for
from .state import engine_context

TASK_TOPIC = "task:"  # the topic of a task's notices


@dataclass(frozen=True)
class Known:
    """What an action has read of its case already: its events (the new one too), its deadlines
    as just stored and its calendar. Telling of the action reads them from here, not again."""

    events: Sequence[CaseEvent]
    deadlines: Sequence[Deadline]
    calendar: Calendar
    tasks: Mapping[int, Task] = field(default_factory=dict)  # a task it has just added
    holdings: Sequence[Holding] | None = None  # all its holdings, when it has read them


@dataclass(frozen=True)
class Held:
    """What the sweep has read for a batch: its due deadlines, by case id, and the calendars it
    counts with, by partnership and policy version. Telling of them reads them from here."""

    deadlines: Mapping[int, Sequence[DueDeadline]]
    calendars: Mapping[tuple[int, int], Calendar]


def by_when(
    rows: Sequence[Notice | CaseNotification],
    cases: Mapping[int, Case],
    *,
    today: date,
    known: Mapping[int, Known],
    held: Held | None = None,
) -> dict[int, ByWhen]:
    """By when each notification asks for something, counted with its case's calendar (two
    queries, and one per partnership for its calendar; none for what is `known` or `held`).
    A notification about one of the deadlines `held` that runs asks to meet that one
    (`deadline_for` takes a deadline's own row first), so its case's other deadlines are read
    only for its other notifications."""
    stored: dict[int, list[Dated]] = defaultdict(list)
    own = {
        (case_id, d.key): Dated(d.key, d.stage, d.status, d.due)
        for case_id, deadlines in (held.deadlines if held else {}).items()
        if case_id not in known
        for d in deadlines
        if d.status in UNFINISHED and d.due is not None
    }
    read = ("case_id", "key", "stage", "status", "due_on", "due_at")  # what `deadline_for` reads
    asked = {r.case_id for r in rows if (r.case_id, r.topic) not in own}
    if unknown := asked - set(known):
        running = Deadline.objects.filter(case_id__any_of=unknown, status__in=UNFINISHED)
        for case_id, key, stage, status, due_on, due_at in running.values_list(*read):
            stored[case_id].append(
                Dated(key, stage, status, due_at if due_at is not None else due_on)
            )
    calendars: dict[tuple[int, int], Calendar] = dict(held.calendars) if held else {}
    for pk, what in known.items():
        # In the order a query gives them (`Deadline.Meta.ordering`): `deadline_for` takes the
        # first of equals.
        ordered = sorted(what.deadlines, key=lambda d: (d.due_on or date.min, d.key))
        stored[pk] = [Dated(d.key, d.stage, d.status, d.due) for d in ordered]
        case = cases[pk]
        calendars[(case.partnership_id, case.policy_version_id)] = what.calendar
    task_dues = {pk: task.due_on for what in known.values() for pk, task in what.tasks.items()}
    tasks = [
        pk
        for r in rows
        if r.topic.startswith(TASK_TOPIC)
        and (pk := int(r.topic.removeprefix(TASK_TOPIC))) not in task_dues
    ]
    if tasks:
        task_dues.update(Task.objects.filter(pk__in=tasks).values_list("pk", "due_on"))
    counted: dict[tuple[tuple[int, int], date], ByWhen] = {}  # a batch shares few dues
    contexts: dict[int, tuple[int, int]] = {}  # each case's partnership and version, read once
    found = {}
    for row in rows:
        case_id, topic = row.case_id, row.topic
        due: date | datetime | None
        if topic.startswith(TASK_TOPIC):  # a task is due on its own date
            due = task_dues.get(int(topic.removeprefix(TASK_TOPIC)))
        else:
            applies = own.get((case_id, topic))
            if applies is None:
                applies = deadline_for(topic, cases[case_id].stage, stored[case_id])
            due = applies.due if applies is not None else None
        if due is None:
            continue
        if (key := contexts.get(case_id)) is None:
            case = cases[case_id]
            key = contexts[case_id] = (case.partnership_id, case.policy_version_id)
            if key not in calendars:
                calendars[key] = engine_context(case.partnership, case.policy_version)[1]
        if isinstance(due, datetime):
            day = london_date(due)
            found[row.pk] = ByWhen(
                due, calendars[key].working_days_between(today, day), day < today
            )
            continue
        if (key, due) not in counted:
            days = calendars[key].working_days_between(today, due)
            counted[key, due] = ByWhen(due, days, passed=due < today)
        found[row.pk] = counted[key, due]
    return found
