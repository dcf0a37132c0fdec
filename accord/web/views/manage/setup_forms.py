"""The set-up pages' forms: a new partnership, a closure day, a policy role. The actions make the
final checks; their refusals are shown on the field they are about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.accounts.actions.partnerships import STOP_REASON
from accord.accounts.models import Agency
from accord.partnerships.models import JURISDICTION_CHOICES, LANGUAGE_CHOICES
from accord.web.email_field import EmailAddressField
from accord.web.raising.dates import DateField
from accord.web.work_forms import TimeField

EMAIL_INVALID = _("Enter an e-mail address in the correct format, like name@example.com")
NO_AUTOFILL = {"autocomplete": "off", "spellcheck": "false"}


class PartnershipForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_(
            "As the partnership calls itself, for example North Tyneside Safeguarding "
            "Children Partnership."
        ),
        error_messages={"required": _("Enter the partnership's name")},
    )
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=20,
        help_text=_("What e-mails and pages call it for short, for example NTSCP."),
        error_messages={
            "required": _("Enter the short name e-mails use"),
            "max_length": _("The short name must be 20 characters or fewer"),
        },
    )
    slug = forms.CharField(
        label=_("Slug"),
        max_length=80,
        help_text=_(
            "Lower-case letters, digits and hyphens, used by the `accord` commands, for "
            "example north-tyneside."
        ),
        error_messages={"required": _("Enter the slug")},
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )
    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction"),
        choices=JURISDICTION_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Whose bank holidays its working days skip."),
        error_messages={"required": _("Choose the jurisdiction")},
    )
    admin_email = EmailAddressField(
        label=_("Its first administrator's e-mail address"),
        error_messages={
            "required": _("Enter the administrator's e-mail address"),
            "invalid": EMAIL_INVALID,
        },
        widget=forms.EmailInput(attrs=NO_AUTOFILL),
    )
    admin_name = forms.CharField(
        label=_("Its first administrator's full name"),
        max_length=200,
        required=False,
        help_text=_("Only for someone new to Accord."),
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )


class StopNewCasesForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are new cases stopped?"),
        max_length=STOP_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept in the administration log. For example, the procedure is being rewritten."
        ),
        error_messages={
            "required": _("Say why new cases are stopped"),
            "max_length": format_lazy(
                _("The reason must be {count} characters or fewer"), count=STOP_REASON
            ),
        },
    )


class AlertTimeForm(forms.Form):
    at = TimeField(
        what=_("Alert time"),
        label=_("What time of day are deadline alerts given?"),
        help_text=_(
            "UK time, on working days, for example 9am or 10:30. Urgent cases are alerted "
            "on any day at this time."
        ),
    )


class DefaultLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Which language do its people see unless they choose one?"),
        choices=LANGUAGE_CHOICES,  # each language in its own name
        widget=forms.RadioSelect,
        help_text=_(
            "Pages, e-mails and documents. Everyone can still choose their own with the "
            "language link at the top of every page."
        ),
        error_messages={"required": _("Select the default language")},
    )


class ClosureForm(forms.Form):
    day = DateField(what=_("Date"), label=_("Day"))
    reason = forms.CharField(
        label=_("Why the partnership is closed"),
        max_length=200,
        help_text=_("For example, Christmas closure."),
        error_messages={
            "required": _("Say why the partnership is closed that day"),
            "max_length": _("The reason must be 200 characters or fewer"),
        },
    )


class PolicyRoleForm(forms.Form):
    role_key = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the policy's roles"),
            "invalid_choice": _("Choose one of the policy's roles"),
        },
    )
    email = EmailAddressField(
        label=_("E-mail address of the person who holds it"),
        help_text=_("Someone already added: in one of the partnership's agencies, or its staff."),
        error_messages={
            "required": _("Enter the person's e-mail address"),
            "invalid": EMAIL_INVALID,
        },
        widget=forms.EmailInput(attrs=NO_AUTOFILL),
    )
    agency = forms.ModelChoiceField(
        label=_("For"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Every case of the partnership"),
        help_text=_("Or only the cases one agency raises or receives (its designated lead, say)."),
    )

    def __init__(
        self, *args: Any, roles: dict[str, str], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role_key"].choices = list(roles.items())  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]
