"""A subject access request: a partnership administrator asked for everything Accord holds about
one child or adult (UK GDPR article 15). The request is recorded with the cases it found, never
with the name or date of birth it was found by."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .case import Case


class SubjectAccessRequest(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    requested_at = models.DateTimeField()
    cases = models.ManyToManyField(Case, related_name="subject_access_requests", blank=True)
    unconfirmed = models.ManyToManyField(
        Case,
        related_name="+",
        blank=True,
        help_text="Cases found by the name alone: their subject has no date of birth recorded.",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """`SAR-2026-00007`: what the pages, file names and administration log call it."""
        return f"SAR-{self.requested_at:%Y}-{self.pk:05d}"

    def case_ids(self) -> set[int]:
        """Every case the request found, confirmed or not."""
        return {
            *self.cases.values_list("pk", flat=True),
            *self.unconfirmed.values_list("pk", flat=True),
        }
