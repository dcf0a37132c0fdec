"""The forms of the actions along the ladder: respond, complete a step, escalate, withdraw (and
what every case action form shares; setting a deadline or a fact is in case_timescale_forms).
Messages say what to do, the GOV.UK way; the actions make the final checks.

Every form carries the hidden `seen` (the sequence of the case's last event when the page was
drawn), which the action compares with the case's history to refuse a stale or repeated form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NOTE_LENGTH = 5000
NON_RESPONSE = "non_response"
# Stored in the reason of the escalation (the same words whichever language the page is in).
NON_RESPONSE_REASON = "The other side has not responded in time"


class Choice(str):
    """A choice label with a hint shown under it (radios.html reads `hint`)."""

    hint: StrOrPromise

    def __new__(cls, text: StrOrPromise, hint: StrOrPromise = "") -> Choice:
        label = super().__new__(cls, str(text))
        label.hint = hint
        return label

    def __deepcopy__(self, memo: dict[int, Any]) -> Choice:  # forms deep-copy their fields
        return self


def text_field(
    label: StrOrPromise, required: StrOrPromise, *, hint: StrOrPromise = "", rows: int = 5
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": format_lazy(
                _("{label} must be {count} characters or fewer"), label=label, count=NOTE_LENGTH
            ),
        },
    )


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


OUT_OF_DATE = _("This form is out of date: open it again from the case page")


class CaseActionForm(forms.Form):
    """What every case action form has: the hidden `seen`, the sequence of the case's last event
    when it was drawn (a stale or repeated form is refused by the action)."""

    seen = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )


POSITIONS = ("agree", "propose", "disagree")


def position_choices() -> list[tuple[str, Choice]]:
    """The three responses (`POSITIONS`), in the language of the page being drawn."""
    return [
        ("agree", Choice(_("Agree"), _("You accept the concern and will change the decision"))),
        ("propose", Choice(_("Propose another way forward"), _("Say what you propose below"))),
        ("disagree", Choice(_("Disagree"), _("You stand by the decision: say why below"))),
    ]


class RespondForm(CaseActionForm):
    position = forms.ChoiceField(
        label=_("What is your response?"),
        choices=position_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose agree, propose another way forward or disagree"),
            "invalid_choice": _("Choose agree, propose another way forward or disagree"),
        },
    )
    note = text_field(
        _("Your response"),
        _("Enter your response"),
        hint=_(
            "What you propose, or why you disagree. Optional if you agree. Do not include the "
            "child's name."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        position, note = data.get("position"), (data.get("note") or "").strip()
        if position == "propose" and not note:
            self.add_error("note", _("Say what you propose"))
        elif position == "disagree" and not note:
            self.add_error("note", _("Say why you disagree"))
        data["note"] = note
        return data


class CompleteStepForm(CaseActionForm):
    step = forms.ChoiceField(
        label=_("Which step is done?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the step that is done"),
            "invalid_choice": _("Choose one of the steps still to do"),
        },
    )

    def __init__(self, *args: Any, steps: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "step", list(steps))


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        job = f" ({obj.job_title})" if obj.job_title else ""
        return f"{obj.full_name}{job}"


def _holder_field(
    label: StrOrPromise,
    people: QuerySet[Person],
    hint: str,
    *,
    required: StrOrPromise,
    invalid: StrOrPromise,
) -> PersonChoice:
    return PersonChoice(
        queryset=people,
        label=label,
        help_text=hint,
        empty_label=None,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class EscalateForm(CaseActionForm):
    """To the next stage (or, where the policy allows, a higher one), naming both new holders.

    `stages`: the stages the case may move to, as (number, label); a choice is shown only when
    there are several. `non_response`: offer "the other side has not responded in time"."""

    reason = text_field(
        _("Why are you escalating the case?"),
        _("Say why the case is being escalated"),
        hint=_("Both sides and the new holders will see this. Do not include the child's name."),
    )

    def __init__(
        self,
        *args: Any,
        stages: Sequence[tuple[int, str]],
        raising_people: QuerySet[Person],
        receiving_people: QuerySet[Person],
        raising_hint: str,
        receiving_hint: str,
        other_holders: bool = False,
        non_response: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(stages)
        if len(self.stages) > 1:
            self.fields["to_stage"] = forms.TypedChoiceField(
                label=_("Which stage should the case move to?"),
                choices=[(str(n), text) for n, text in self.stages],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("This partnership's procedure lets a case skip a level."),
                error_messages={
                    "required": _("Choose the stage the case moves to"),
                    "invalid_choice": _("Choose one of the stages listed"),
                },
            )
        self.fields["raising_holder"] = _holder_field(
            _("Raising side's holder"),
            raising_people,
            raising_hint,
            required=_("Choose the raising side's holder"),
            invalid=_("Choose the raising side's holder from the list"),
        )
        self.fields["receiving_holder"] = _holder_field(
            _("Receiving side's holder"),
            receiving_people,
            receiving_hint,
            required=_("Choose the receiving side's holder"),
            invalid=_("Choose the receiving side's holder from the list"),
        )
        if other_holders:  # flat structures: someone else, with the reason recorded
            self.fields["holder_reason"] = text_field(
                _("If a new holder is not at the level the procedure names, why?"),
                "",
                hint=_(
                    "For example, a flat management structure. Leave this empty when both new "
                    "holders are at the procedure's level. It is recorded on the case's timeline."
                ),
                rows=3,
            )
            self.fields["holder_reason"].required = False
        if non_response:
            self.fields["why"] = forms.ChoiceField(
                label=_("Why are you escalating the case?"),
                choices=[
                    (NON_RESPONSE, _("The other side has not responded in time")),
                    ("other", _("Another reason")),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose why you are escalating the case")},
            )
            self.fields["reason"].label = _("Details")
            self.fields["reason"].help_text = _(
                "Required for another reason; optional when the other side has not responded. "
                "Do not include the child's name."
            )
        self.fields["reason"].required = False
        self.fields["without_consensus"] = text_field(
            _("If the other side does not agree to escalating, why are you going ahead?"),
            "",
            hint=_(
                "Leave this empty when both sides agree the case should move up. It is recorded "
                "on the case's timeline."
            ),
            rows=3,
        )
        self.fields["without_consensus"].required = False
        self.order_fields(
            ["seen", "to_stage", "raising_holder", "receiving_holder", "holder_reason", "why"]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        details = (data.get("reason") or "").strip()
        if data.get("why") == NON_RESPONSE:
            data["reason"] = f"{NON_RESPONSE_REASON}. {details}" if details else NON_RESPONSE_REASON
        elif not details and "reason" not in self.errors:
            self.add_error("reason", _("Say why the case is being escalated"))
        else:
            data["reason"] = details
        data["without_consensus"] = (data.get("without_consensus") or "").strip()
        data["holder_reason"] = (data.get("holder_reason") or "").strip()
        if "to_stage" not in self.fields and self.stages:
            data["to_stage"] = self.stages[0][0]
        return data


class WithdrawForm(CaseActionForm):
    reason = text_field(
        _("Why are you withdrawing the case?"),
        _("Say why the case is being withdrawn"),
        hint=_("Both sides will see this. Do not include the child's name."),
    )


class TakeOverForm(CaseActionForm):
    reason = text_field(
        _("Why are you taking the case over?"),
        _("Say why you are taking the case over"),
        hint=_(
            "Both sides and the person who raised the case will see this. Do not include the "
            "child's name."
        ),
    )


class AdviceForm(CaseActionForm):
    advice = text_field(
        _("Your advice"),
        _("Enter your advice"),
        hint=_(
            "Both sides' holders are told, and see it on the case's timeline. Do not include "
            "the child's name."
        ),
        rows=8,
    )
