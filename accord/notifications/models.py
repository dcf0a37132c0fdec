"""What people are told: one in-app notification per person, and one outbox row per e-mail."""

from __future__ import annotations

from django.db import models


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
    )
    roles = models.JSONField(default=list, help_text="The roles it reached this person as.")
    reference = models.CharField(max_length=20, db_index=True)
    kind = models.CharField(max_length=30)
    what = models.CharField(max_length=300)
    form = models.CharField(max_length=300, blank=True, help_text="The policy form it asks for.")
    link = models.CharField(
        max_length=200, help_text="The path of the case page, or of the form record it is about."
    )
    due_at = models.DateTimeField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    awaiting_digest = models.BooleanField(default=False)
    awaiting_email = models.BooleanField(
        default=False,
        help_text="Recorded by a sweep for someone who wants e-mails at once: waits for the "
        "one e-mail the sweep sends each person.",
    )

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
            models.Index(
                fields=["person"],
                condition=models.Q(awaiting_email=True),
                name="in_app_awaiting_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.what}"


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
