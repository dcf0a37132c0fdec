"""People (the user model, signing in by e-mail), agencies and partnership roles."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """The kinds of agency a policy can tell apart (policy format 4.6)."""

    SOCIAL_CARE = "social_care", _("Children's social care")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    PROBATION = "probation", _("Probation")
    VOLUNTARY = "voluntary", _("Voluntary sector")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """A person's level in their agency's management chain, from the procedures' ladders."""

    PRACTITIONER = "practitioner", _("Practitioner")
    FIRST_LINE_MANAGER = "first_line_manager", _("First line manager")
    SERVICE_LEADER = "service_leader", _("Service leader")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    DIRECTOR = "director", _("Director")


class PartnershipRoleKind(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", _("Business manager")
    INDEPENDENT_CHAIR = "independent_chair", _("Independent chair")
    PANEL_MEMBER = "panel_member", _("Panel member")
    ADMINISTRATOR = "administrator", _("Administrator")


class EmailFrequency(models.TextChoices):
    """How a person wants notification e-mails: each at once, or one digest a day."""

    IMMEDIATE = "immediate", _("Each notification as it happens")
    DAILY = "daily", _("One daily digest")


class Language(models.TextChoices):
    """Accord's languages (accord.accounts.languages): a person's saved choice."""

    ENGLISH = "en-gb", "English"
    WELSH = "cy", "Cymraeg"


class Agency(models.Model):
    """An organisation whose staff raise or receive disagreements."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    home_partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="home_agencies"
    )
    serves = models.ManyToManyField(
        "partnerships.Partnership",
        related_name="agencies",
        blank=True,
        help_text="The partnerships this agency works in (its home one and any neighbours).",
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["home_partnership", "name"], name="agency_unique_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PersonManager(BaseUserManager["Person"]):
    """Creates people; e-mail addresses are stored in lower case and matched without case."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Person:
        if not email:
            raise ValueError("A person needs an e-mail address to sign in with.")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Person:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: a practitioner, a manager, or partnership staff."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="Empty for partnership staff who belong to no agency.",
    )
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.PRACTITIONER)
    is_safeguarding_lead = models.BooleanField(
        "safeguarding lead",
        default=False,
        help_text="Sees every case that involves their agency.",
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "administrator", default=False, help_text="Can sign in to the administration pages."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    email_frequency = models.CharField(
        "notification e-mails",
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    language = models.CharField(
        "language",
        max_length=10,
        choices=Language.choices,
        blank=True,
        default="",
        help_text="The language of their pages, e-mails and documents (accord.accounts."
        "languages); empty: as their partnership's default.",
    )

    objects: ClassVar[PersonManager] = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="person_unique_email_any_case")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class PartnershipRole(models.Model):
    """A person's role in a partnership's own team (business manager, chair, panel, admin)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="partnership_roles")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(max_length=20, choices=PartnershipRoleKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "partnership", "role"], name="partnership_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.partnership_id}"


class AdminEventQuerySet(models.QuerySet["AdminEvent"]):
    """Administration events are written once: updating or deleting them is refused."""

    def update(self, **kwargs: Any) -> int:
        raise AdminEventAppendOnly("The administration log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AdminEventAppendOnly("The administration log is append-only")


class AdminEventAppendOnly(Exception):
    """An attempt to change or delete a row of the administration log."""


class AdminEvent(models.Model):
    """One change made by a partnership administrator (an agency, a person, a staff role, an
    import, a closure, a policy role, going live) or by a site administrator creating the
    partnership: who (nobody for the command line), when, which partnership, what, and the
    fields changed. Append-only.

    It never holds case data; `details` holds the changed fields' old and new values.
    """

    actor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admin_events",
        help_text="Empty for a change made with the `accord` command on the server.",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="admin_events"
    )
    at = models.DateTimeField()
    kind = models.CharField(max_length=40)
    target_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)

    objects = AdminEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "at"], name="admin_event_partnership_at"),
            models.Index(fields=["target_person", "at"], name="admin_event_person_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at.isoformat()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AdminEventAppendOnly("The administration log is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AdminEventAppendOnly("The administration log is append-only")
