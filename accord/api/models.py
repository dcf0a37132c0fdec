"""Personal access tokens (only a hash kept), the log of their creation and revocation, agency
systems' OAuth clients and the access tokens issued to them, the cases raised through the API by
`Idempotency-Key`, and which token made each API write."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from accord.cases.models import Case
from accord.cases.models.events import AppendOnlyModel


class Scope(models.TextChoices):
    READ = "read", gettext_lazy("Read cases")
    READ_WRITE = "read_write", gettext_lazy("Read cases and act on them")


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


class ApiClient(models.Model):
    """An agency's case-management system, registered by an administrator of the agency's home
    partnership: it gets
    short-lived access tokens by the OAuth 2.0 client credentials grant (RFC 6749 4.4) and acts
    for the people of its agency, one named in each request (decision 30). Only a hash of its
    secret is kept."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="api_clients",
        help_text="Registered by the administrators of its home partnership.",
    )
    name = models.CharField(max_length=100, help_text="The system, as the agency calls it.")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    client_id = models.CharField(max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"client {self.client_id}"

    @property
    def writes(self) -> bool:
        return self.scope == Scope.READ_WRITE


class ClientToken(models.Model):
    """An access token issued to an agency system (an hour's use); only its hash is kept. The
    request names the person it acts for (`Accord-On-Behalf-Of`), who must be of the client's
    agency: `person` is set on the token for the request, never stored."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"client token {self.prefix}"

    def usable(self, now: datetime) -> bool:
        return self.client.revoked_at is None and now < self.expires_at

    @property
    def writes(self) -> bool:
        return self.client.writes


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
    """A write to a case through the API: which personal token, or which agency system, made the
    case's event `sequence`, in the action's transaction (the event's actor is the person)."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="writes_made"
    )
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="writes_made"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField()
    operation = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta(AppendOnlyModel.Meta):
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "sequence"], name="api_write_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(token__isnull=False, client__isnull=True)
                | models.Q(token__isnull=True, client__isnull=False),
                name="api_write_by_token_or_client",
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} at {self.at.isoformat()}"
