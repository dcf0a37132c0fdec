"""The webhook pages' form: an agency system's endpoint, its address and the events it hears of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency
from accord.notifications.models import WebhookEvent


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class WebhookEndpointForm(forms.Form):
    agency = AgencyChoice(
        label=_("Whose system is it?"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose an agency"),
        help_text=_("It hears of the cases this agency raised or received, and of no others."),
        error_messages={
            "required": _("Choose the agency whose system it is"),
            "invalid_choice": _("Choose the agency whose system it is"),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What you call the system, for example its product's name."),
        error_messages={
            "required": _("Enter a name for the system"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )
    url = forms.CharField(
        label=_("Address Accord posts to"),
        max_length=500,
        help_text=_("Starting https://, given by whoever runs the system."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the address Accord posts to"),
            "max_length": _("The address must be 500 characters or fewer"),
        },
    )
    events = forms.MultipleChoiceField(
        label=_("What does it hear of?"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one kind of event"),
            "invalid_choice": _("Choose from the kinds of event listed"),
        },
    )

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"events": list(WebhookEvent.values)})
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
