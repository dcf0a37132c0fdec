"""The retention pages' forms: a partnership's own rule, and placing or lifting a legal hold."""

from __future__ import annotations

from django import forms

from accord.cases.actions.retention import REASON_LENGTH
from accord.engine.policy.retention import AGES, YEARS


def _reason(label: str, required: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=hint,
        error_messages={
            "required": required,
            "max_length": f"The reason must be {REASON_LENGTH} characters or fewer",
        },
    )


def _whole_number(label: str, hint: str, allowed: range, what: str) -> forms.IntegerField:
    lowest, highest = allowed[0], allowed[-1]
    message = f"{what} must be a whole number from {lowest} to {highest}, or left empty"
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
        "Years after the case closes",
        "Leave empty to keep each case as its policy says.",
        YEARS,
        "Years after the case closes",
    )
    until_age = _whole_number(
        "Or until the child or adult is this age, if later",
        "0 for no age rule. Leave empty to keep each case as its policy says.",
        AGES,
        "The age",
    )


class LegalHoldForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        max_length=20,
        help_text="For example, ACC-2026-00042",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the case reference",
            "max_length": "A case reference is 20 characters or fewer",
        },
    )
    reason = _reason(
        "Why is the case held?",
        "Say why the legal hold is placed",
        "A claim, an inquiry or a review that needs the case's records. Kept on the case's record.",
    )


class LiftLegalHoldForm(forms.Form):
    reason = _reason(
        "Why is the hold lifted?",
        "Say why the legal hold is lifted",
        "Kept on the case's record. The case is then kept by the retention rule again.",
    )
