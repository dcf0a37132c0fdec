"""The raise journey's questions about the case (one page each), with GOV.UK error messages.

Each field carries `component`, the name of the GOV.UK include that draws it
(`web/raise/_field.html`): radios, date, textarea, input or select.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accord.cases.plausible import LONG_TEXT, SHORT_TEXT, concern_problem

from .dates import DateField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class Choice(str):
    """A choice label with a hint shown under it."""

    hint: StrOrPromise

    def __new__(cls, text: StrOrPromise, hint: StrOrPromise = "") -> Choice:
        label = super().__new__(cls, str(text))
        label.hint = hint
        return label

    def __deepcopy__(self, memo: dict[int, Any]) -> Choice:  # forms deep-copy their fields
        return self


def drawn_as[F: forms.Field](field: F, component: str) -> F:
    field.component = component  # type: ignore[attr-defined]
    return field


def radios(
    label: StrOrPromise,
    choices: Sequence[tuple[str, StrOrPromise]],
    message: StrOrPromise,
    **kwargs: Any,
) -> forms.Field:
    return drawn_as(
        forms.ChoiceField(
            label=label,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
            **kwargs,
        ),
        "radios",
    )


def text(
    label: StrOrPromise,
    message: StrOrPromise,
    *,
    long: bool = False,
    required: bool = True,
    **kwargs: Any,
) -> forms.Field:
    limit = LONG_TEXT if long else SHORT_TEXT
    widget = forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput()
    field = drawn_as(
        forms.CharField(
            label=label,
            max_length=limit,
            required=required,
            widget=widget,
            error_messages={
                "required": message,
                "max_length": format_lazy(
                    _("{label} must be {count} characters or fewer"),
                    label=_before_question_mark(label),
                    count=limit,
                ),
            },
            **kwargs,
        ),
        "textarea" if long else "input",
    )
    field.character_count = long  # type: ignore[attr-defined]
    return field if long else stated_limit(field)


def _words_before_question_mark(label: StrOrPromise) -> str:
    return str(label).split("?")[0]


# "What decision do you disagree with" for its label, in the page's language.
_before_question_mark = lazy(_words_before_question_mark, str)


def _limit_words(limit: int) -> str:
    return ngettext(
        "You can enter up to %(limit)d character.",
        "You can enter up to %(limit)d characters.",
        limit,
    ) % {"limit": limit}


# "You can enter up to 200 characters.", in the language of the page it is shown on.
limit_words = lazy(_limit_words, str)


def stated_limit[F: forms.Field](field: F) -> F:
    """A one-line text field whose limit is said in its hint, as GOV.UK's character count says
    it, and enforced by the form's error: the input carries no `maxlength`, so a browser never
    cuts what is typed or pasted without a word."""
    limit = getattr(field, "max_length", None)
    if limit:
        field.widget.attrs.pop("maxlength", None)
        said = limit_words(limit)
        field.help_text = format_lazy("{} {}", field.help_text, said) if field.help_text else said
    return field


class Question(forms.Form):
    """A question page's form. `answers()` turns the cleaned data into what the journey keeps
    (JSON values only: dates as ISO strings)."""

    def answers(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in self.cleaned_data.items()
        }

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return dict(answers)


class PartnershipForm(Question):
    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"] = radios(
            _("Which partnership is this disagreement in?"),
            choices,
            _("Choose the partnership whose procedure applies"),
            help_text=_("Each partnership has its own procedure."),
        )


class YesNoForm(Question):
    """One yes/no question (the field `answer`), kept in the journey under `key`."""

    def __init__(
        self, *args: Any, key: str, question: str, message: str, hint: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.key = key
        self.fields["answer"] = radios(question, YES_NO, message, help_text=hint)
        self.fields["answer"].inline = True  # type: ignore[attr-defined]

    def answers(self) -> dict[str, Any]:
        return {self.key: self.cleaned_data["answer"] == "yes"}


def yes_no_initial(value: object) -> str | None:
    return {True: "yes", False: "no"}.get(value) if isinstance(value, bool) else None


class StartStageForm(Question):
    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_stage"] = radios(
            _("Which stage should it start at?"), stages, _("Choose the stage to start at")
        )
        self.fields["start_reason"] = text(
            _("Why does it need to start at this stage?"),
            _("Say why it needs to start above stage 1"),
            long=True,
            required=False,
            help_text=_(
                "Needed when you start above stage 1: who you consulted and why. "
                "It is recorded on the case."
            ),
        )
        self.fields["start_reason"].hide_optional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stage = data.get("start_stage")
        if stage and int(stage) > 1 and not data.get("start_reason", "").strip():
            self.add_error("start_reason", gettext("Say why it needs to start above stage 1"))
        return data

    def answers(self) -> dict[str, Any]:
        stage = int(self.cleaned_data["start_stage"])
        return {
            "start_stage": stage,
            "start_reason": self.cleaned_data["start_reason"] if stage > 1 else "",
        }


class SubjectKindForm(Question):
    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_kind"] = radios(
            _("What is the disagreement about?"), kinds, _("Choose what the disagreement is about")
        )


class PatternForm(Question):
    """A disagreement about a theme: a pattern of practice or a service instead of a person."""

    pattern = text(
        _("What pattern of practice or service is the disagreement about?"),
        _("Enter the pattern of practice or service the disagreement is about"),
        help_text=_("For example, how referrals from schools are screened. Do not name a child."),
    )


class ConcernForm(Question):
    """When the concern was identified: not in the future, not before the date of birth given,
    not further back than the policy's `concern_look_back_years` (`accord.cases.plausible`)."""

    def __init__(
        self,
        *args: Any,
        today: date,
        look_back_years: int,
        born: date | None = None,
        hint: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.born, self.look_back_years = today, born, look_back_years
        self.fields["concern_on"] = drawn_as(
            DateField(
                what=_("The date the concern was identified"),
                not_after=today,
                label=_("When was the concern identified?"),
                help_text=hint or _("For example, 27 3 2026"),
                error_messages={"required": _("Enter the date the concern was identified")},
            ),
            "date",
        )

    def clean_concern_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("concern_on")
        if value is not None:
            problem = concern_problem(
                value, raised_on=self.today, born=self.born, years=self.look_back_years
            )
            if problem:
                raise forms.ValidationError(problem, code="implausible")
        return value

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        value = answers.get("concern_on")
        return {"concern_on": date.fromisoformat(value)} if value else {}


class DecisionForm(Question):
    decision = text(
        _("What decision do you disagree with?"),
        _("Enter the decision you disagree with"),
        long=True,
        help_text=_("Say what was decided and when, and why you think it leaves the child unsafe."),
    )
    decision_by = text(
        _("Who made the decision?"),
        _("Enter who made the decision"),
        help_text=_("Their name or role, for example the duty team manager."),
    )


class OutcomeForm(Question):
    outcome = text(
        _("What outcome are you seeking?"),
        _("Enter the outcome you are seeking"),
        long=True,
        help_text=_("For example, a strategy discussion or a child and family assessment."),
    )


class ThemeForm(Question):
    def __init__(self, *args: Any, themes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"] = radios(
            _("Which theme is the disagreement about?"),
            [(theme, theme) for theme in themes],
            _("Choose the theme the disagreement is about"),
            help_text=_("The partnership counts disagreements by theme to learn from them."),
        )


class FactsForm(Question):
    """The policy's yes/no questions (`[facts]`), a fieldset each."""

    def __init__(self, *args: Any, facts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facts = facts
        for fact, question in facts.items():
            message = gettext("Select yes or no: %(question)s") % {"question": question}
            field = radios(question, YES_NO, message)
            field.inline = True  # type: ignore[attr-defined]
            self.fields[f"fact_{fact}"] = field

    def answers(self) -> dict[str, Any]:
        return {"facts": {fact: self.cleaned_data[f"fact_{fact}"] == "yes" for fact in self.facts}}

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        facts = answers.get("facts") or {}
        return {f"fact_{fact}": yes_no_initial(value) for fact, value in facts.items()}
