"""Partnerships, the policy versions they run, bank holidays and their own closures."""

from __future__ import annotations

from datetime import time

from django.db import models
from django.utils.translation import gettext_lazy

from accord.engine.policy.model import Jurisdiction

JURISDICTION_CHOICES = [
    ("ENG", "England"),
    ("WLS", "Wales"),
    ("SCT", "Scotland"),
    ("NIR", "Northern Ireland"),
    ("IMN", "Isle of Man"),
    ("GGY", "Guernsey"),
    ("JEY", "Jersey"),
]
assert {code for code, _ in JURISDICTION_CHOICES} == {j.value for j in Jurisdiction}
# Accord's languages, as accord.accounts.models.Language (which this app cannot import).
LANGUAGE_CHOICES = [("en-gb", "English"), ("cy", "Cymraeg")]


class Partnership(models.Model):
    """A safeguarding partnership: runs its own procedure, calendar and retention."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    jurisdiction = models.CharField(max_length=3, choices=JURISDICTION_CHOICES, default="ENG")
    short_name = models.CharField(
        max_length=20,
        blank=True,
        help_text="What e-mails and pages call the partnership for short (an acronym, say).",
    )
    retention_years_after_closure = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many years after closing a case's personal details are kept (1 to 99); "
        "empty: as the case's policy says.",
    )
    retention_until_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Kept until the child or adult is this age, if later (0: no age rule); "
        "empty: as the case's policy says.",
    )
    live = models.BooleanField(
        default=False,
        help_text="Cases can be raised. Its administrators make it live once the set-up "
        "checklist (accord.partnerships.readiness) has no gaps.",
    )
    alert_time = models.TimeField(
        default=time(9, 0),
        help_text="The time of day (UK time) deadline alerts are given, on working days.",
    )
    default_language = models.CharField(
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default="en-gb",
        help_text="The language of pages, e-mails and documents for its people who have not "
        "chosen one (accord.accounts.languages).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PolicyVersionState(models.TextChoices):
    """Where a version is on its way: uploaded and checked (a draft nobody can raise a case
    under), published (in force from `effective_from`), withdrawn before any case used it, or
    superseded (withdrawn while cases use it: they keep it, nobody new raises under it)."""

    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    SUPERSEDED = "superseded", gettext_lazy("Superseded")


class PolicyVersion(models.Model):
    """One version of a partnership's policy file, stored whole; a case keeps its version.

    Create through `accord.partnerships.policies.load_policy_version` (published at once: the
    demonstration data) or the administrators' `accord.accounts.actions.upload_policy` (a draft,
    then `publish_policy`), both of which validate the text with the engine first.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="policy_versions"
    )
    policy_id = models.CharField(max_length=100)
    version = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="The policy file, exactly as loaded.")
    sha256 = models.CharField(max_length=64)
    effective_from = models.DateField(
        help_text="The first day new cases are raised under this version (for a draft, the day "
        "proposed)."
    )
    effective_to = models.DateField(
        null=True, blank=True, help_text="The last day new cases are raised under this version."
    )
    loaded_at = models.DateTimeField()
    state = models.CharField(
        max_length=20, choices=PolicyVersionState.choices, default=PolicyVersionState.PUBLISHED
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "policy_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy_id", "version"], name="policy_version_unique_id_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.version}"


class BankHoliday(models.Model):
    """A bank holiday in one jurisdiction, seeded by `calendar_seed`; administrators may amend."""

    jurisdiction = models.CharField(max_length=3, choices=JURISDICTION_CHOICES)
    date = models.DateField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["jurisdiction", "date"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "date"], name="bank_holiday_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name} ({self.jurisdiction})"


class Closure(models.Model):
    """A day a partnership has agreed is not a working day (besides bank holidays)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["partnership", "date"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "date"], name="closure_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason}"


class RoleAssignment(models.Model):
    """Who holds one of a policy's role keys (`business_manager`, `lscb_team`, ...) for a
    partnership, so that notifications naming the role reach a person.

    With `agency` set the person holds the role for that agency only (an agency's safeguarding
    lead, say): they are told about cases that agency raises or receives.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role_key = models.CharField(
        max_length=100, help_text="The role's key in the policy file, e.g. business_manager."
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="role_assignments"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="Empty: for every case of the partnership.",
    )

    class Meta:
        ordering = ["partnership", "role_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "role_key", "person", "agency"],
                name="role_assignment_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["partnership", "role_key", "person"],
                condition=models.Q(agency__isnull=True),
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_key} ({self.partnership_id})"


class Theme(models.Model):
    """A theme the partnership files its disagreements under and counts them by.

    Seeded from the policy's `[categories] themes` (`accord.partnerships.themes.seed_themes`),
    then managed by the partnership's administrators: added, retired (`active` off: old cases
    keep their theme) and put in order.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
