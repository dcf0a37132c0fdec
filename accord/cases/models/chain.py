"""What keeps the case event log honest besides its keyed chain: each case's head, the periodic
checkpoints of every head, and the record of every retention purge (decision 16)."""

from __future__ import annotations

from django.db import models

from .case import Case
from .events import AppendOnlyModel


class ChainHead(models.Model):
    """The last event of a case's log (its sequence and hash), moved by every append.

    Deleting a case's last events, or all of them, leaves the head pointing past the log. The
    database lets a head only move forward, and only onto an event that exists
    (`accord.cases.log_triggers`).
    """

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, primary_key=True, related_name="chain_head"
    )
    sequence = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)
    checkpointed = models.PositiveIntegerField(
        default=0, help_text="The sequence of the case's latest checkpoint."
    )

    class Meta:
        indexes = [  # the heads that moved since their checkpoint: each sweep's few, not all
            models.Index(
                fields=["case"],
                name="chain_head_moved",
                condition=~models.Q(sequence=models.F("checkpointed")),
            )
        ]

    def __str__(self) -> str:
        return f"Head of case {self.case_id} at event {self.sequence}"


class ChainCheckpoint(AppendOnlyModel):
    """A case's head as the sweep saw it: append-only, and exported (`accord checkpoints export`)
    to be kept somewhere the database's users cannot write. Named by reference, so it outlives a
    purge and carries no personal data."""

    taken_at = models.DateTimeField()
    case_reference = models.CharField(max_length=20)
    sequence = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["case_reference", "sequence"], name="checkpoint_case")]

    def __str__(self) -> str:
        return f"Checkpoint of {self.case_reference} at event {self.sequence}"


class PurgedCase(AppendOnlyModel):
    """A case a retention purge removed, with what its log held. Writing this row is what lets the
    database delete the case's events (and nothing else does), so no purge goes unrecorded."""

    purged_at = models.DateTimeField()
    reason = models.CharField(max_length=200)
    case_id = models.BigIntegerField(db_index=True)
    case_reference = models.CharField(max_length=20)
    events = models.PositiveIntegerField()
    head_sequence = models.PositiveIntegerField()
    head_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pk"]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.case_reference} purged at {self.purged_at.isoformat()}"
