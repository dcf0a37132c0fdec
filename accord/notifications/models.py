"""What people are told: one in-app notification per person, and one outbox row per e-mail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, gettext_lazy


class InAppNotification(models.Model):
    """A notification shown to one person (the header count and their list), or recorded for
    nobody when no one holds the role it names: then the partnership's business manager sees it.

    It names the case by its reference only; `what` says what is needed, never who it is about.
    """

    key = models.CharField(max_length=250, unique=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "accounts.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="Empty: nobody holds the role, so it waits for the business manager.",
        db_index=False,  # `in_app_person_newest` (person, created_at) leads with it
    )
    roles = models.JSONField(default=list, help_text="The roles it reached this person as.")
    reference = models.CharField(max_length=20, db_index=True)
    kind = models.CharField(max_length=30)
    what = models.CharField(max_length=300)
    what_cy = models.CharField(
        max_length=300,
        blank=True,
        help_text="`what` in Welsh, written with it, for a reader in Welsh (decision 35).",
    )
    form = models.CharField(max_length=300, blank=True, help_text="The policy form it asks for.")
    link = models.CharField(
        max_length=200, help_text="The path of the case page, or of the form record it is about."
    )
    due_at = models.DateTimeField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    awaiting_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["person"],
                condition=models.Q(read_at__isnull=True),
                name="in_app_unread",
            ),
            models.Index(fields=["person", "-created_at"], name="in_app_person_newest"),
            models.Index(
                fields=["partnership"],
                condition=models.Q(person__isnull=True),
                name="in_app_no_recipient",
            ),
            models.Index(
                fields=["person"],
                condition=models.Q(awaiting_digest=True),
                name="in_app_awaiting_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.what}"

    def what_in(self, language: str | None) -> str:
        """What is needed, in `language` (a code such as `cy`): the Welsh written beside the
        English where there is one."""
        return said_in(language, self.what, self.what_cy)

    @property
    def what_said(self) -> str:
        """What is needed, in the active language (a page's, an e-mail's)."""
        return self.what_in(get_language())


def said_in(language: str | None, english: str, welsh: str) -> str:
    """Of a text kept in English and in Welsh, the one for `language` (English unless it is
    Welsh and the Welsh was written)."""
    welsh_reader = (language or "").lower().split("-")[0] == "cy"
    return welsh if welsh_reader and welsh else english


class AwaitingEmail(models.Model):
    """An in-app notification a sweep recorded for someone who wants e-mails at once, waiting for
    the one e-mail the sweep sends each person at its end (`gathered`, decision 21).

    A row of its own, not a flag on the notification: the e-mail's transaction deletes these
    (one narrow index) where unmarking a flag rewrote every notification with all the in-app
    table's indexes, the slowest statement of a large sweep (decision 24)."""

    notification = models.OneToOneField(
        InAppNotification, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"awaiting e-mail: {self.notification_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    DEAD = "dead", "Given up after failing for the retry window"


class OutboxMessage(models.Model):
    """One e-mail, written in the same transaction as its cause and sent after commit.

    `key` makes it exist once; `message_id` is derived from it, so a resend after a crash between
    sending and marking sent carries the same Message-ID (the one duplicate at-least-once
    delivery allows, which mail clients recognise). Delivery claims a row by counting the attempt
    and moving `next_attempt_at` on before it sends.
    """

    key = models.CharField(max_length=250, unique=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=20, blank=True, db_index=True)
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    message_id = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="The first attempt (since queued again): the retry window."
    )
    dead_at = models.DateTimeField(null=True, blank=True, help_text="When it was given up.")
    revived_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last queued again after being given up."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending",
            ),
            models.Index(
                fields=["partnership"],
                condition=models.Q(status="dead"),
                name="outbox_dead",
            ),
            models.Index(
                fields=["sent_at"],
                condition=models.Q(status="sent"),
                name="outbox_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class WebhookEvent(models.TextChoices):
    """The case events an agency's system can hear of (decision 32): a case's reference, stage
    and status only, never who or what it is about."""

    RAISED = "case.raised", gettext_lazy("A case was raised")
    RESPONDED = "case.responded", gettext_lazy("The receiving side responded")
    ESCALATED = "case.escalated", gettext_lazy("A case was escalated")
    DEADLINE_DUE_SOON = "case.deadline_due_soon", gettext_lazy("A deadline is due soon")
    DEADLINE_BREACHED = "case.deadline_breached", gettext_lazy("A deadline has passed")
    RESOLVED = "case.resolved", gettext_lazy("A case was resolved")
    CLOSED = "case.closed", gettext_lazy("A case was closed")


class WebhookEndpoint(models.Model):
    """An address of one agency's system, registered by a partnership administrator, that hears
    of the events of the partnership's cases that agency is party to (decision 32).

    `secret` (`whsec_` and base64, as Standard Webhooks) signs each post; it is shown once when
    the endpoint is added (or its secret rotated) and kept to sign with, never shown again.
    After a rotation, `previous_secret` signs each post too until `previous_secret_until`, so
    the system can change over without missing a post. Endpoints are deactivated, never deleted
    (their delivery history stays).
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100, help_text="What the administrator calls it.")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    events = models.JSONField(default=list, help_text="The event types it hears of.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership_id", "name", "pk"]
        indexes = [
            models.Index(
                fields=["partnership", "agency"],
                condition=models.Q(active=True),
                name="webhook_endpoint_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({'active' if self.active else 'deactivated'})"


class WebhookDelivery(models.Model):
    """One event posted to one endpoint: written in the same transaction as the case event that
    causes it, delivered after commit with the outbox's claim, back-off and retry window
    (`delivery.claim`, `backoff`, `gives_up`), as an `OutboxMessage` is.

    `body` is the JSON posted, fixed when written (a reference, a stage, a status, an address:
    nothing about who the case is about); `message_id` is its `webhook-id`, the same on every
    attempt, so a receiver can recognise a repeat.
    """

    key = models.CharField(max_length=250, unique=True)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    reference = models.CharField(max_length=20, db_index=True)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    message_id = models.CharField(max_length=60)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True)
    revived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="webhook_pending",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_endpoint_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class WebhookAttempt(models.Model):
    """One attempt to post a delivery: when, the HTTP status the receiver answered (none when
    it did not answer) and what went wrong in words (never the receiver's reply)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    milliseconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at:%Y-%m-%d %H:%M:%S} ({self.status_code})"
