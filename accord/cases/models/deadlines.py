"""Deadlines as stored when their clock starts: a calendar change never moves them silently."""

from __future__ import annotations

from datetime import date, datetime

from django.db import models

from .case import Case


class Deadline(models.Model):
    """One of the engine's deadlines for a case (`stage:2`, `stage:1/step:response`, ...).

    A day deadline has `due_on`; an hours deadline has `due_at` too (and `due_on` its London
    date); unit `none` (and `agreed` until set) has neither.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
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

    class Meta:
        ordering = ["case", "due_on", "key"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="deadline_unique_key_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_on}"

    @property
    def due(self) -> date | datetime | None:
        """The due date, or instant for an hours deadline, as the engine counts it."""
        return self.due_at if self.due_at is not None else self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in {"open", "overdue"}
