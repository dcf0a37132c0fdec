"""Personal access tokens (only a hash kept), the log of their creation and revocation, the
cases raised through the API by `Idempotency-Key`, and which token made each API write."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models

from accord.cases.models import Case
from accord.cases.models.events import AppendOnlyModel


class Scope(models.TextChoices):
    READ = "read", "Read cases"
    READ_WRITE = "read_write", "Read cases and act on them"


class ApiToken(models.Model):
    """A person's personal access token. The token itself is shown once, when it is made; only
    its SHA-256 `digest` is kept, found by its public `prefix`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the person calls it.")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "created_at"], name="api_token_person")]

    def __str__(self) -> str:
        return f"token {self.prefix}"

    def usable(self, now: datetime) -> bool:
        """Not revoked, not expired, and its person still active."""
        return self.revoked_at is None and now < self.expires_at and self.person.is_active

    @property
    def writes(self) -> bool:
        return self.scope == Scope.READ_WRITE


class TokenEvent(AppendOnlyModel):
    """A token made or revoked: by whom, when (append-only)."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at.isoformat()}"


class ApiRaise(models.Model):
    """A case raised through the API under an `Idempotency-Key`: the same key again returns the
    same case; the same key with a different request is refused."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key_digest = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key_digest"], name="api_raise_one_per_key")
        ]

    def __str__(self) -> str:
        return f"raised {self.case_id} at {self.at.isoformat()}"


class ApiWrite(AppendOnlyModel):
    """A write to a case through the API: which token (so which system) made the case's event
    `sequence`, in the action's transaction (the event's actor is the token's person)."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="writes_made")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField()
    operation = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "sequence"], name="api_write_case")]

    def __str__(self) -> str:
        return f"{self.operation} at {self.at.isoformat()}"
