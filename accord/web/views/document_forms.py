"""The Django form of a form record, built from the record's own definition (its fields as the
policy declared them): GOV.UK patterns for each type, a draft's revision, the declaration made
when submitting, and the reason for a correction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from accord.cases.actions.forms import LONGTEXT_LIMIT, TEXT_LIMIT
from accord.documents.data import Value
from accord.documents.standard_forms import shown_label
from accord.partnerships.policy_texts import stored_text
from accord.web.raising.dates import DateField

PREFIX = "answer_"  # keeps the policy's field ids apart from the page's own fields
SAVE, SUBMIT, CORRECT = "save", "submit", "correct"
FROM_CASE = gettext_lazy("Filled in from the case: check it, and change it if it is wrong.")
ONE_A_LINE = gettext_lazy("Put each one on its own line.")
REQUIRED = gettext_lazy("Required: the form cannot be submitted without it.")


def _field(spec: Mapping[str, Any], form_id: str) -> forms.Field:
    kind, label = spec["type"], shown_label(form_id, spec)
    hints = [REQUIRED] if spec.get("required") else []
    hints += [FROM_CASE] if spec.get("from") else []
    if kind == "list":
        hints.append(ONE_A_LINE)
    common: dict[str, Any] = {
        "label": label,
        "required": False,
        "help_text": " ".join(str(hint) for hint in hints),
    }
    too_long = gettext("%(label)s must be %(limit)s characters or fewer")
    if kind == "date":
        return DateField(what=label, **common)
    if kind in {"yesno", "choice"}:
        options = (
            [("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))]
            if kind == "yesno"
            else list(
                zip(spec.get("choices") or [], stored_text(spec, "choices") or [], strict=True)
            )
        )
        return forms.ChoiceField(
            choices=options,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": gettext("Choose an answer from the list for %(label)s")
                % {"label": label}
            },
            **common,
        )
    if kind == "text":
        return forms.CharField(
            max_length=TEXT_LIMIT,
            error_messages={"max_length": too_long % {"label": label, "limit": f"{TEXT_LIMIT:,}"}},
            **common,
        )
    return forms.CharField(  # longtext and list
        max_length=LONGTEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6 if kind == "longtext" else 4}),
        error_messages={"max_length": too_long % {"label": label, "limit": f"{LONGTEXT_LIMIT:,}"}},
        **common,
    )


def _initial(kind: str, value: Value) -> Any:
    if isinstance(value, list):
        return "\n".join(value)
    if kind == "date" and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value


class RecordForm(forms.Form):
    """Every question of the record (`answer_<id>`), and the page's own fields: the draft's
    `revision` (a page drawn before someone else saved is refused), the declaration when
    submitting, the reason when correcting."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": gettext_lazy("This page is out of date: open the form again"),
            "invalid": gettext_lazy("This page is out of date: open the form again"),
        },
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm these answers are accurate and complete as far as I know"),
        required=False,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        definition: Sequence[Mapping[str, Any]],
        values: Mapping[str, Value],
        revision: int,
        correcting: bool = False,
        action: str = SAVE,
        form_id: str = "",
    ) -> None:
        initial: dict[str, Any] = {"revision": revision}
        for spec in definition:
            initial[PREFIX + spec["id"]] = _initial(spec["type"], values.get(spec["id"], ""))
        super().__init__(data, initial=initial)
        self.definition = list(definition)
        self.action = action
        self.form_id = form_id
        for spec in self.definition:
            self.fields[PREFIX + spec["id"]] = _field(spec, form_id)
        if correcting:
            del self.fields["confirm"]
            self.fields["reason"] = forms.CharField(
                label=gettext("Why are you correcting this form?"),
                help_text=gettext("Everyone who reads the form will see this with the correction."),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": gettext("Enter the reason for the correction"),
                    "max_length": gettext("The reason must be 2,000 characters or fewer"),
                },
            )

    @property
    def answers(self) -> list[forms.BoundField]:
        return [self[PREFIX + spec["id"]] for spec in self.definition]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.action == SUBMIT and not cleaned.get("confirm"):
            self.add_error("confirm", gettext("Confirm the answers are accurate before you submit"))
        if self.action == SUBMIT or "reason" in self.fields:
            self._require_answers()
        return cleaned

    def _require_answers(self) -> None:
        """Each required field (the policy's `required = true`) left empty, with its error."""
        for spec in self.definition:
            name = PREFIX + spec["id"]
            if spec.get("required") and name not in self.errors:
                value = self.cleaned_data.get(name)
                if value is None or not str(value).strip():
                    self.add_error(
                        name,
                        gettext("Answer %(label)s: it is required")
                        % {"label": shown_label(self.form_id, spec)},
                    )

    def values(self) -> dict[str, Value]:
        """The cleaned answers by field id, as the actions store them."""
        result: dict[str, Value] = {}
        for spec in self.definition:
            raw = self.cleaned_data.get(PREFIX + spec["id"])
            if spec["type"] == "list":
                result[spec["id"]] = [line.strip() for line in str(raw or "").splitlines()]
            elif isinstance(raw, date):
                result[spec["id"]] = raw.isoformat()
            else:
                result[spec["id"]] = str(raw or "")
        return result


def posted_fields(
    definition: Sequence[Mapping[str, Any]], values: Mapping[str, Value]
) -> dict[str, str]:
    """The fields a browser sends for the record's answers `values` (by field id, as `values()`
    gives them): a date `YYYY-MM-DD` as its day, month and year, a list one item a line. The
    other way from `RecordForm.values`, for a caller (the API) that sends answers, not a page."""
    fields: dict[str, str] = {}
    for spec in definition:
        name, value = PREFIX + spec["id"], values.get(spec["id"], "")
        if spec["type"] == "date":
            text = str(value or "").strip()
            year, month, day = text.split("-") if text.count("-") == 2 else (text, text, text)
            fields |= {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
        elif isinstance(value, list):
            fields[name] = "\n".join(str(item) for item in value)
        else:
            fields[name] = str(value or "")
    return fields
