"""The forms of the policy pages: the file to upload, the day a version takes effect, and the
confirmation that withdraws one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.partnerships.models import Partnership
from accord.web.raising.dates import DateField

from .forms import _partnership_field

MAX_BYTES = 1_000_000  # the largest shipped policy is 13 kB


class PolicyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a policy file (.toml)"),
        error_messages={
            "required": _("Choose a policy file"),
            "empty": _("The chosen file is empty"),
            "invalid": _("Choose a policy file"),
        },
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships.count() > 1:
            self.fields["partnership"] = _partnership_field(partnerships)


class PublishForm(forms.Form):
    effective = DateField(
        what=_("Date it takes effect"),
        label=_("Date it takes effect"),
        help_text=_("Today or later. For example, 1 4 2027"),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that nobody will raise a new case under this version"),
        error_messages={"required": _("Confirm that you want to withdraw this version")},
    )
