"""Retention: the legal holds that keep a closed case's personal details, the purge log of what
each removal took (decision 29), and the daily runs that removed them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .case import Case
from .events import AppendOnlyModel


class LegalHold(models.Model):
    """An administrator's hold on a case: while it is in place (not lifted), retention removes
    nothing from the case, whatever its rule says. Placed and lifted by the actions in
    `accord.cases.actions.retention`, each with an event on the case's log."""

    # A whole-case purge (`accord.cases.purge`: the demo's reset) takes its holds with it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    reason = models.TextField(help_text="Why the case is held (a claim, an inquiry, a review).")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(lifted_at__isnull=True),
                name="legal_hold_one_in_place",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk} on case {self.case_id}"


class RetentionPurge(AppendOnlyModel):
    """The purge log: one row for each case whose personal details retention removed, saying
    when, by which rule and what went (counts by kind, never the content). Writing it is what
    lets the database rewrite the case's events without their free text (its triggers,
    `accord.cases.log_triggers`); it is never changed or deleted."""

    # No constraint: the row outlives a later whole-case purge (`PurgedCase` records that).
    case = models.OneToOneField(
        Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="retention_purge"
    )
    case_reference = models.CharField(max_length=20)
    purged_at = models.DateTimeField()
    due_on = models.DateField(help_text="The day the rule said the details were no longer kept.")
    rule = models.CharField(max_length=200)
    removed = models.JSONField(help_text="How many of each kind of record were emptied.")

    class Meta:
        ordering = ["-purged_at", "-pk"]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.case_reference} purged at {self.purged_at.isoformat()}"


class RetentionRun(models.Model):
    """One day's run of retention: the first tick after the hour claims the day (its unique row),
    so two sweeps never both run it."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    purged = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(
        default=0, help_text="Cases past their date but kept by a legal hold."
    )

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Retention run of {self.day.isoformat()}"
