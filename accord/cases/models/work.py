"""What happens around the ladder: tasks, meetings, the agreed outcome and the sign-offs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .case import Case, Side


class Task(models.Model):
    """Something someone must do for a case, by a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Task {self.pk}"


class Recorded(models.Model):
    """Something recorded about a case: who recorded it and when, listed in that order."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["case", "recorded_at"]


class Meeting(Recorded):
    """A meeting about a case (stage meetings, mediation, a resolution panel): planned ahead
    (`planned`, with its invitation sent), then recorded as held; or recorded once held."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    stage = models.PositiveSmallIntegerField()
    held_at = models.DateTimeField(help_text="When it was held, or starts while planned.")
    planned = models.BooleanField(
        default=False, help_text="Planned and not yet recorded as held: no minutes yet."
    )
    place = models.TextField(blank=True, help_text="Where it is held, or the link to join.")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings_attended", blank=True
    )
    other_attendees = models.TextField(blank=True, help_text="Attendees without an account.")
    minutes = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(
        null=True, blank=True, help_text="When a planned meeting was cancelled."
    )
    revision = models.PositiveSmallIntegerField(
        default=0,
        help_text="Times a planned meeting was moved or cancelled (its calendar SEQUENCE).",
    )

    class Meta(Recorded.Meta):
        ordering = ["case", "held_at"]

    def __str__(self) -> str:
        return f"Meeting {self.pk} (stage {self.stage})"


class Outcome(Recorded):
    """The outcome agreed (or decided) when a case is resolved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    stage = models.PositiveSmallIntegerField()
    agreed_outcome = models.TextField()
    outstanding_issues = models.TextField(blank=True)
    pursuit = models.TextField(blank=True, help_text="How the outstanding issues will be pursued.")

    def __str__(self) -> str:
        return f"Outcome {self.pk} (stage {self.stage})"


class SignOff(models.Model):
    """One side's written confirmation of the outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sign_offs")
    side = models.CharField(max_length=10, choices=Side.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_offs"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "side"], name="sign_off_once_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} sign-off"


class DebriefOutcome(models.TextChoices):
    HELD = "held", "Held"
    DECLINED = "declined", "Offered and declined"


class Debrief(Recorded):
    """The debrief after a case, as the policy's `resolution.debrief` offers or requires it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="debriefs")
    outcome = models.CharField(max_length=10, choices=DebriefOutcome.choices)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Debrief {self.pk} ({self.outcome})"


class PanelMember(models.Model):
    """A member of the resolution panel convened for a referred case (policy `final = "panel"`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel_members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="panel_member_once_per_case")
        ]

    def __str__(self) -> str:
        return f"Panel member {self.pk}"
