"""The raise journey's questions about people and agencies: who the disagreement is about, the
other agency, the counterpart there and the raising side's holder."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, Person

from .dates import DateField, enter_the
from .forms import Choice, Question, drawn_as, radios, text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

UNKNOWN = "unknown"
MOST_RADIOS = 20  # more people than this are a select rather than radios

SUBJECT_WORDS = {
    "child": (_("Child’s full name"), _("Date of birth"), True),
    "adult": (_("Adult’s full name"), _("Date of birth"), True),
    "family": (_("Family name"), _("Date of birth of the youngest child"), False),
}


class SubjectForm(Question):
    """The child, adult or family: name, date of birth (for a family, optional) and address."""

    def __init__(self, *args: Any, kind: str, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name, born, born_required = SUBJECT_WORDS.get(kind, SUBJECT_WORDS["child"])
        self.fields["subject_name"] = text(
            name,
            enter_the(name),
            help_text=gettext("For example, the Smith family") if kind == "family" else "",
        )
        self.fields["subject_date_of_birth"] = drawn_as(
            DateField(
                what=born,
                not_after=today,
                label=born,
                required=born_required,
                help_text=_("For example, 27 3 2015"),
                error_messages={"required": enter_the(born)},
            ),
            "date",
        )
        self.fields["subject_address"] = text(
            _("Address"),
            _("Enter the address"),
            long=True,
            required=False,
            help_text=_("Where they live now, if you know it."),
        )
        self.fields["subject_address"].widget.attrs["rows"] = 3

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = dict(answers)
        born = answers.get("subject_date_of_birth")
        initial["subject_date_of_birth"] = date.fromisoformat(born) if born else None
        return initial


class AgencyKindForm(Question):
    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_kind"] = radios(
            _("What kind of agency made the decision?"),
            kinds,
            _("Choose the kind of agency that made the decision"),
        )


class AgencyForm(Question):
    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), a.name) for a in agencies]
        field = radios(
            _("Which agency made the decision?"),
            choices,
            _("Choose the agency that made the decision"),
        )
        if len(choices) > MOST_RADIOS:
            field = _as_select(field, _("Choose an agency"))
        self.fields["agency"] = field

    def answers(self) -> dict[str, Any]:
        return {"agency": int(self.cleaned_data["agency"])}


def _as_select(field: forms.Field, empty: StrOrPromise) -> forms.Field:
    """A long list as a select: each option's hint goes in brackets after it."""
    assert isinstance(field, forms.ChoiceField)
    given: list[tuple[str, Any]] = list(field.choices)  # type: ignore[arg-type]
    options = [
        (value, f"{label} ({label.hint})" if getattr(label, "hint", "") else str(label))
        for value, label in given
    ]
    field.choices = [("", empty), *options]
    field.widget = forms.Select(choices=field.choices)
    return drawn_as(field, "select")


def person_choices(people: list[Person], suggested: dict[int, str]) -> list[tuple[str, str]]:
    """People as choices, the suggested first, each with their job title (and why suggested)."""
    ordered = sorted(people, key=lambda p: (p.pk not in suggested, p.full_name, p.pk))
    choices: list[tuple[str, str]] = []
    for person in ordered:
        why = suggested.get(person.pk, "")
        hint = ". ".join(part for part in (person.job_title, why) if part)
        choices.append((str(person.pk), Choice(person.full_name, hint)))
    return choices


class HolderForm(Question):
    """A person of one agency who holds one side at the starting stage (`key`: `counterpart`
    or `raising_holder`); the counterpart may be _("I do not know who")."""

    def __init__(
        self,
        *args: Any,
        key: str,
        label: str,
        hint: str,
        people: list[Person],
        suggested: dict[int, str],
        unknown_label: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.key = key
        choices = person_choices(people, suggested)
        if unknown_label:
            choices.append((UNKNOWN, Choice(_("I do not know who"), unknown_label)))
        field = radios(label, choices, _("Choose the person, from the list"), help_text=hint)
        if len(choices) > MOST_RADIOS:
            field = _as_select(field, _("Choose a person"))
        field.divider_before = UNKNOWN if unknown_label else None  # type: ignore[attr-defined]
        self.fields[key] = field

    def answers(self) -> dict[str, Any]:
        value = self.cleaned_data[self.key]
        return {self.key: value if value == UNKNOWN else int(value)}

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {key: str(value) for key, value in answers.items() if value is not None}
