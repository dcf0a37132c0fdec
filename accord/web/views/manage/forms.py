"""The administration pages' forms. Messages say what to do, the GOV.UK way; the actions make
the final checks (and their refusals are shown on the field they are about)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, AgencyKind, Level, Person
from accord.accounts.models import PartnershipRoleKind as Role
from accord.partnerships.models import Partnership
from accord.web.email_field import EmailAddressField
from accord.web.raising.dates import DateField


class PartnershipChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _partnership_field(partnerships: QuerySet[Partnership]) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return PartnershipChoice(
        queryset=partnerships,
        label=_("Partnership"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the partnership"),
            "invalid_choice": _("Choose the partnership"),
        },
    )


class AgencyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={
            "required": _("Enter the agency's name"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of agency"),
        choices=AgencyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of agency")},
    )
    serves = forms.ModelMultipleChoiceField(
        label=_("Other partnerships it works in"),
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "It always works in its own partnership. Staff of every partnership it works "
            "in see the cases it is part of."
        ),
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership],
        home: Partnership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if home is None and partnerships.count() > 1:
            self.fields["partnership"] = _partnership_field(partnerships)
        others = Partnership.objects.order_by("name")
        self.fields["serves"].queryset = others.exclude(pk=home.pk) if home else others  # type: ignore[attr-defined]
        self.fields["serves"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]


class ManagerEmailField(EmailAddressField):
    """A line manager, given by e-mail address: cleaned to the Person (or None when empty)."""

    def clean(self, value: Any) -> Person | None:
        address = super().clean(value)
        if not address:
            return None
        manager = Person.objects.filter(email__iexact=address).select_related("agency").first()
        if manager is None:
            raise forms.ValidationError(_("There is no one with this e-mail address in Accord"))
        return manager


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the person's full name")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter the person's e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose an agency"),
        error_messages={"required": _("Choose the person's agency")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person's level")},
    )
    is_safeguarding_lead = forms.BooleanField(
        label=_("Safeguarding lead for their agency (sees every case it is part of)"),
        required=False,
    )
    line_manager = ManagerEmailField(
        label=_("Line manager’s e-mail address"),
        required=False,
        help_text=_(
            "Someone in the same agency. They, and everyone above them, see the cases "
            "this person raises or holds."
        ),
        error_messages={
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], staff_only: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        agency.queryset = agencies.order_by("name")  # type: ignore[attr-defined]
        if staff_only:  # partnership staff who belong to no agency may stay so
            agency.required = False
            agency.empty_label = _("No agency (partnership staff)")  # type: ignore[attr-defined]


class StaffRoleForm(forms.Form):
    email = EmailAddressField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter the person's e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the role")},
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_(
            "Only for someone new to Accord (an independent chair, say): they are added "
            "with no agency."
        ),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships.count() > 1:
            self.fields["partnership"] = _partnership_field(partnerships)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a CSV file"),
        error_messages={
            "required": _("Choose a CSV file of people"),
            "empty": _("The chosen file is empty"),
            "invalid": _("Choose a CSV file of people"),
        },
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships.count() > 1:
            self.fields["partnership"] = _partnership_field(partnerships)


class ConfirmImportForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    partnership = forms.IntegerField(widget=forms.HiddenInput)


class SubjectAccessForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name of the child or adult"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "As the agencies would have written it. Capitals and extra spaces do not matter."
        ),
        error_messages={
            "required": _("Enter the full name of the child or adult"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    date_of_birth = DateField(what=_("Date of birth"))

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].not_after = today  # type: ignore[attr-defined]
        if partnerships.count() > 1:
            self.fields["partnership"] = _partnership_field(partnerships)
