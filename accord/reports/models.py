"""The partnership's learning records (learning points, good practice) and the national view."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LearningGroup(models.TextChoices):
    """Where the partnership takes what a case teaches it."""

    LEARNING = "learning", _("Learning and improvement group")
    QUALITY_ASSURANCE = "quality_assurance", _("Quality assurance group")


class LearningPointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class LearningPoint(models.Model):
    """Something a case (usually one referred to the partnership) taught it, taken to its
    learning or quality-assurance group, and what is being done about it."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="learning_points"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_points",
        help_text="The case it came from, if any (shown by its reference only).",
    )
    group = models.CharField(max_length=20, choices=LearningGroup.choices)
    summary = models.TextField(help_text="What was learned. Never a child's name or details.")
    action = models.TextField(blank=True, help_text="What will change as a result.")
    status = models.CharField(
        max_length=20, choices=LearningPointStatus.choices, default=LearningPointStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "recorded_at"], name="learning_point_recorded")
        ]

    def __str__(self) -> str:
        return f"Learning point {self.pk}"


class Recognition(models.Model):
    """Good practice the partnership recognised, recorded as well as disagreement."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="recognitions"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
        help_text="The agency whose practice is recognised, if one.",
    )
    summary = models.TextField(help_text="What was done well. Never a child's name or details.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "recorded_at"], name="recognition_recorded")]

    def __str__(self) -> str:
        return f"Recognition {self.pk}"


class NationalReader(models.Model):
    """Someone who may see counts across every partnership, and never a case's details.

    Granted by a superuser in the Django admin (decision 0007). It gives no access to any case:
    the access rules do not read it.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="national_reader"
    )
    granted_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="Why, and on whose authority.")

    class Meta:
        verbose_name = "national reader"

    def __str__(self) -> str:
        return f"National reader {self.person_id}"
