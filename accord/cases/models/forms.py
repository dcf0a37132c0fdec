"""The written records a procedure requires (its `[[forms]]`), one row per version of each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

from .case import Case


class FormStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class FormRecord(models.Model):
    """One version of one form record of a case: made (pre-filled from the case) when a policy's
    notify rule naming the form fires, completed by people as a draft, then submitted.

    A submitted record never changes: a correction is a new version (`replaces` the one before,
    with the reason), submitted at once. `definition` keeps the form's definition as it was when the
    record was made (id, label, type, choices, from), so the record reads the same for ever.
    `values` maps field ids to text (a date as YYYY-MM-DD, a list as a list of text, yes/no as
    "yes"/"no"). `recipients` are the roles the notify rule names.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="form_records")
    form_id = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    trigger = models.CharField(max_length=150, help_text="As `accord policy simulate` names it.")
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The version this one corrects.",
    )
    correction_reason = models.TextField(blank=True)
    definition = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField()
    revision = models.PositiveIntegerField(
        default=0, help_text="How many times the draft has been saved (a stale page is refused)."
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "created_at", "form_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "form_id", "trigger", "version"], name="form_record_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="form_record_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id} v{self.version} ({self.status})"

    @property
    def shown_title(self) -> str:
        """Its title in the reader's language (a standard form's; a policy's form as stored)."""
        # Imported here: the standard forms' words bring the policy explainer, which the models'
        # other users (`accord tick`, issue 17) have no use for.
        from accord.documents.standard_forms import shown_title

        return shown_title(self.form_id, self.title)

    def shown_label(self, spec: Mapping[str, Any]) -> Any:
        """One of its stored fields' label in the reader's language."""
        from accord.documents.standard_forms import shown_label

        return shown_label(self.form_id, spec)

    @property
    def is_submitted(self) -> bool:
        return self.status == FormStatus.SUBMITTED
