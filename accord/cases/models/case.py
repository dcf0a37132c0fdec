"""The case, the person it is about, who holds it at each stage, and the reference counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    RAISING = "raising", _("Raising side")
    RECEIVING = "receiving", _("Receiving side")


class CaseStatus(models.TextChoices):
    """Where a case is in its lifecycle: the engine's `accord.engine.lifecycle.Status`, less
    `not_raised` (a stored case has been raised). A test keeps the two the same. The labels are
    the words where no policy is known; a case's own words are `engine.outcome_words.status_words`
    (a resolved case awaits sign-off only where its policy asks for it)."""

    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    SIGNED_OFF = "signed_off", _("Signed off")
    REFERRED = "referred", _("Referred to the partnership")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Nothing more can happen to an ended case; an active one is every other.
ENDED_STATUSES = (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)
ACTIVE_STATUSES = tuple(status for status in CaseStatus if status not in ENDED_STATUSES)


class SubjectKind(models.TextChoices):
    """What a disagreement is about (policy format 4.9)."""

    CHILD = "child", _("A child")
    ADULT = "adult", _("An adult")
    FAMILY = "family", _("A family")
    THEME = "theme", _("A pattern of practice or a service")


class Case(models.Model):
    """One professional disagreement, from raising to closing.

    Its status, stage, urgency and facts are the engine's replay of its event log, written by
    the actions in `accord.cases.actions`; nothing else changes them.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="cases"
    )
    policy_version = models.ForeignKey(
        "partnerships.PolicyVersion",
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="The version the case was raised under; it keeps it to the end.",
    )
    status = models.CharField(max_length=30, choices=CaseStatus.choices, db_index=True)
    stage = models.PositiveSmallIntegerField()
    urgent = models.BooleanField(default=False)
    facts = models.JSONField(default=dict, blank=True)
    subject_kind = models.CharField(
        max_length=10, choices=SubjectKind.choices, default=SubjectKind.CHILD
    )
    decision_summary = models.TextField(help_text="The decision the raiser disagrees with.")
    outcome_sought = models.TextField()
    theme = models.CharField(max_length=200, blank=True)
    raising_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="cases_raised"
    )
    receiving_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="cases_received"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_raised"
    )
    raised_at = models.DateTimeField()
    raise_key = models.CharField(
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The raise journey this case came from: each journey raises one case at most.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField()
    next_due_on = models.DateField(
        null=True,
        blank=True,
        help_text="The earliest open deadline's date, kept by the actions (for sorting lists).",
    )
    awaiting_side = models.CharField(
        max_length=10,
        choices=Side.choices,
        default=Side.RECEIVING,
        help_text="The side that must act next: receiving until it responds at the stage.",
    )

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="case_partnership_status"),
            models.Index(fields=["last_event_at"], name="case_last_event_at"),
            # The partnership's list: newest first, and soonest due first (benchmarks/pages.py).
            models.Index(
                fields=["partnership", "-raised_at", "-id"], name="case_partnership_raised"
            ),
            models.Index(fields=["partnership", "next_due_on"], name="case_partnership_next_due"),
        ]

    def __str__(self) -> str:
        return self.reference


class Subject(models.Model):
    """The child or adult a case is about: kept apart so it can be protected and purged."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="subject")
    name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)

    def __str__(self) -> str:
        # Never the name: this string appears in the admin's titles, breadcrumbs and logs.
        return f"Subject of case {self.case_id}"


class Holding(models.Model):
    """A person holding the case on one side at one stage (`ended_at` set when they stop)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="holdings")
    stage = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="holdings"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "stage", "side", "started_at"]
        indexes = [models.Index(fields=["person", "case"], name="holding_person_case")]

    def __str__(self) -> str:
        return f"Stage {self.stage} {self.side} holder"


class CaseReferenceCounter(models.Model):
    """The last reference number issued in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
