"""The retention pages' forms: a partnership's own rule, and placing or lifting a legal hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.cases.actions.retention import REASON_LENGTH
from accord.engine.policy.retention import AGES, YEARS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _reason(label: StrOrPromise, required: StrOrPromise, hint: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=hint,
        error_messages={
            "required": required,
            "max_length": format_lazy(
                _("The reason must be {count} characters or fewer"), count=REASON_LENGTH
            ),
        },
    )


def _whole_number(
    label: StrOrPromise, hint: StrOrPromise, allowed: range, message: StrOrPromise
) -> forms.IntegerField:
    lowest, highest = allowed[0], allowed[-1]
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=lowest,
        max_value=highest,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class RetentionRuleForm(forms.Form):
    years_after_closure = _whole_number(
        _("Years after the case closes"),
        _("Leave empty to keep each case as its policy says."),
        YEARS,
        format_lazy(
            _(
                "Years after the case closes must be a whole number from {lowest} to {highest}, "
                "or left empty"
            ),
            lowest=YEARS[0],
            highest=YEARS[-1],
        ),
    )
    until_age = _whole_number(
        _("Or until the child or adult is this age, if later"),
        _("0 for no age rule. Leave empty to keep each case as its policy says."),
        AGES,
        format_lazy(
            _("The age must be a whole number from {lowest} to {highest}, or left empty"),
            lowest=AGES[0],
            highest=AGES[-1],
        ),
    )


class LegalHoldForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example, ACC-2026-00042"),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the case reference"),
            "max_length": _("A case reference is 20 characters or fewer"),
        },
    )
    reason = _reason(
        _("Why is the case held?"),
        _("Say why the legal hold is placed"),
        _(
            "A claim, an inquiry or a review that needs the case's records. "
            "Kept on the case's record."
        ),
    )


class LiftLegalHoldForm(forms.Form):
    reason = _reason(
        _("Why is the hold lifted?"),
        _("Say why the legal hold is lifted"),
        _("Kept on the case's record. The case is then kept by the retention rule again."),
    )
