"""Deadlines as stored when their clock starts: a calendar change never moves them silently."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models

from accord.engine.deadlines import UNFINISHED, Window, running

from .case import Case

# The rules of a stored deadline's columns, for a `Deadline` and for the sweep's lighter
# `DueDeadline` (`accord.cases.due_deadlines`) alike: anything with these attributes.
ALERT_FIELDS = ("due_soon_alert_at", "passed_alert_at", "non_response_alert_at", "nudge_alert_at")


def due_of(row: Any) -> date | datetime | None:
    """A deadline's due: the instant of an hours deadline, else its date."""
    return row.due_at if row.due_at is not None else row.due_on  # type: ignore[no-any-return]


def next_alert(row: Any) -> datetime | None:
    """The earliest of a deadline's alerts still to fall: when the sweep next looks at it."""
    pending = [at for name in ALERT_FIELDS if (at := getattr(row, name)) is not None]
    return min(pending) if pending else None


class Deadline(models.Model):
    """One of the engine's deadlines for a case (`stage:2`, `stage:1/step:response`, ...).

    A day deadline has `due_on`; an hours deadline has `due_at` too (and `due_on` its London
    date); unit `none` (and `agreed` until set) has neither.
    """

    # No index of its own: the unique (case, key) leads with it (one index fewer to write at
    # every deadline the sweep moves, issue 17).
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadlines", db_index=False
    )
    key = models.CharField(max_length=100)
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=20)
    starts_on = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20)
    calendar_revision = models.CharField(max_length=64, blank=True)
    # A `deadline_set` event (a date brought forward, or an agreed one) moves `due_on`/`due_at`;
    # the due counted when the clock started stays here, for the engine's replay.
    counted_due_on = models.DateField(null=True, blank=True)
    counted_due_at = models.DateTimeField(null=True, blank=True)
    due_set_at = models.DateTimeField(null=True, blank=True)
    due_set_reason = models.TextField(blank=True)
    # When the clock began running, and how often its holders are reminded while it has no date.
    running_since = models.DateTimeField(null=True, blank=True)
    nudge_within = models.PositiveSmallIntegerField(null=True, blank=True)
    nudge_unit = models.CharField(max_length=20, blank=True)
    # How many reminders before the holders' line managers are told instead (the engine's).
    nudge_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    # The alerts still to fall (None once sent, or when there is none): stored when the clock
    # starts, so the sweep finds what is due from `next_alert_at` alone (accord.cases.sweep).
    due_soon_alert_at = models.DateTimeField(null=True, blank=True)
    passed_alert_at = models.DateTimeField(null=True, blank=True)
    non_response_alert_at = models.DateTimeField(null=True, blank=True)
    nudge_alert_at = models.DateTimeField(null=True, blank=True)  # a reminder, or that they stopped
    nudges_sent = models.PositiveIntegerField(default=0)  # alerts at reminders' instants
    next_alert_at = models.DateTimeField(null=True, blank=True)
    # The engine's window (`accord.engine.deadlines.window_of`), stored with the due: from when
    # the deadline is due soon, and after when it is overdue. Every list, tag and count reads
    # these, so "due soon" and "overdue" have one definition, with the case's own calendar.
    due_soon_from = models.DateTimeField(null=True, blank=True)
    overdue_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_on", "key"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="deadline_unique_key_per_case")
        ]
        indexes = [
            # A case's open deadlines by date: "overdue" and "next due" on the lists.
            models.Index(
                fields=["case", "due_on"],
                condition=models.Q(done_at__isnull=True, status__in=["open", "overdue"]),
                name="deadline_open_case_due",
            ),
            # Only deadlines with an alert to come are indexed: "nothing due" is one index probe.
            models.Index(
                fields=["next_alert_at"],
                condition=models.Q(next_alert_at__isnull=False),
                name="deadline_next_alert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_on}"

    @property
    def due(self) -> date | datetime | None:
        """The due date, or instant for an hours deadline, as the engine counts it."""
        return due_of(self)

    @property
    def window(self) -> Window | None:
        """When this deadline is due soon and overdue, as the engine counted them."""
        if self.due_soon_from is None or self.overdue_after is None:
            return None
        return Window(due_soon_from=self.due_soon_from, overdue_after=self.overdue_after)

    def running(self, now: datetime) -> str:
        """Its status as of `now`: a deadline done or dropped keeps its stored status (`met`,
        `late`, `dropped`); one still running is `open`, `due_soon` or `overdue` by the engine's
        rule (`accord.engine.deadlines.running`)."""
        if not self.is_open:
            return self.status
        return str(running(self.window, now))

    @property
    def counted_due(self) -> date | datetime | None:
        """The due as counted when the clock started (what the engine's replay is given): the
        same as `due` unless a `deadline_set` event has moved it."""
        if self.due_set_at is None:
            return self.due
        return self.counted_due_at if self.counted_due_at is not None else self.counted_due_on

    ALERT_FIELDS = ALERT_FIELDS

    def pending_alerts(self) -> dict[str, datetime]:
        """The alerts still to fall, by field name."""
        return {f: v for f in ALERT_FIELDS if (v := getattr(self, f)) is not None}

    def set_next_alert(self) -> None:
        self.next_alert_at = next_alert(self)

    @property
    def is_open(self) -> bool:
        return self.status in UNFINISHED
