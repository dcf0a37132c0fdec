"""The partnership pages' forms: choosing a partnership and a period, and the learning records.

Messages say what to do, the GOV.UK way; the actions make the final checks.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from accord.accounts.models import Agency
from accord.partnerships.models import Partnership

from .models import LearningGroup, LearningPointStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .periods import (
    BadPeriod,
    Period,
    last_complete_quarter,
    month_label,
    months_back,
    next_month,
    parse_month,
    parse_quarter,
    quarter_code,
    recent_quarters,
)

MONTHS_OFFERED = 36
LONGEST_MONTHS = 36
DEFAULT_MONTHS = 12


class PartnershipChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ChooseForm(forms.Form):
    """Which partnership (when the person works for several): read from the query string."""

    partnership = PartnershipChoice(
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=None,
        label=gettext_lazy("Partnership"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of your partnerships")},
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnerships = partnerships
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]

    @property
    def several(self) -> bool:
        return self.partnerships.count() > 1

    def chosen(self) -> Partnership | None:
        """The partnership asked for, or the first of the person's when none (or a bad one) is."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("partnership"):
            return self.cleaned_data["partnership"]  # type: ignore[no-any-return]
        return self.partnerships.first()


class TrendsForm(ChooseForm):
    """A run of whole months: `?start=2026-01&end=2026-06`."""

    start = forms.ChoiceField(label=gettext_lazy("From"), required=False)
    end = forms.ChoiceField(label=gettext_lazy("To"), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        months = months_back(today, MONTHS_OFFERED)
        choices = [(f"{m:%Y-%m}", month_label(m)) for m in months]
        for name in ("start", "end"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "Choose a month from %(first)s to %(last)s"
            ) % {"first": month_label(months[-1]), "last": month_label(months[0])}
        self.initial.setdefault("start", f"{months[DEFAULT_MONTHS - 1]:%Y-%m}")
        self.initial.setdefault("end", f"{months[0]:%Y-%m}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = self._month(data.get("start") or self.initial["start"], "start")
        end = self._month(data.get("end") or self.initial["end"], "end")
        if start and end:
            if end < start:
                self.add_error(
                    "end", gettext("The end month must be the same as or after the start month")
                )
            elif (end.year - start.year) * 12 + end.month - start.month >= LONGEST_MONTHS:
                self.add_error(
                    "end",
                    gettext("Choose a period of %(months)s months or fewer")
                    % {"months": LONGEST_MONTHS},
                )
            else:
                data["period"] = Period(start, next_month(end) - timedelta(days=1))
        return data

    def _month(self, text: str, field: str) -> date | None:
        try:
            return parse_month(text, today=self.today)
        except BadPeriod as bad:
            if field not in self.errors:
                self.add_error(field, str(bad))
            return None

    def period(self) -> Period:
        """The period asked for, or the last 12 months when the form is not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]  # type: ignore[no-any-return]
        start = parse_month(self.initial["start"], today=self.today)
        end = parse_month(self.initial["end"], today=self.today)
        return Period(start, next_month(end) - timedelta(days=1))


class QuarterForm(ChooseForm):
    """A calendar quarter: `?quarter=2026-Q2` (the last complete quarter by default)."""

    quarter = forms.ChoiceField(label=gettext_lazy("Quarter"), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["quarter"].choices = [  # type: ignore[attr-defined]
            (
                quarter_code(q),
                gettext("%(code)s: %(period)s") % {"code": quarter_code(q), "period": q.label},
            )
            for q in recent_quarters(today, 12)
        ]
        self.fields["quarter"].error_messages["invalid_choice"] = gettext(
            "Choose one of the quarters in the list"
        )
        self.initial.setdefault("quarter", quarter_code(last_complete_quarter(today)))

    def period(self) -> Period:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("quarter"):
            return parse_quarter(self.cleaned_data["quarter"], today=self.today)
        return parse_quarter(self.initial["quarter"], today=self.today)


def _what_will_change(label: StrOrPromise) -> forms.CharField:
    """A learning point's optional action: what will change as a result."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        error_messages={"max_length": gettext_lazy("Keep it to 4,000 characters or fewer")},
    )


class LearningPointForm(forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Which group is it taken to?"),
        choices=LearningGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the group it goes to")},
    )
    summary = forms.CharField(
        label=gettext_lazy("What was learned"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy(
            "Do not name the child or family, or give details that identify them."
        ),
        error_messages={
            "required": gettext_lazy("Say what was learned"),
            "max_length": gettext_lazy("Keep it to 4,000 characters or fewer"),
        },
    )
    action = _what_will_change(gettext_lazy("What will change (optional)"))
    case_reference = forms.CharField(
        label=gettext_lazy("The case it came from (optional)"),
        help_text=gettext_lazy("Its reference, for example ACC-2026-00042."),
        max_length=20,
        required=False,
        error_messages={"max_length": gettext_lazy("A case reference looks like ACC-2026-00042")},
    )


class LearningPointChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Where has it got to?"),
        choices=LearningPointStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose where it has got to")},
    )
    action = _what_will_change(gettext_lazy("What will change, or has changed"))


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RecognitionForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("What was done well"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy(
            "Do not name the child or family, or give details that identify them."
        ),
        error_messages={
            "required": gettext_lazy("Say what was done well"),
            "max_length": gettext_lazy("Keep it to 4,000 characters or fewer"),
        },
    )
    agency = AgencyChoice(
        queryset=Agency.objects.none(),
        required=False,
        label=gettext_lazy("Which agency's practice (optional)"),
        empty_label=gettext_lazy("Not one agency"),
        error_messages={"invalid_choice": gettext_lazy("Choose an agency from the list")},
    )
    case_reference = forms.CharField(
        label=gettext_lazy("The case it was seen in (optional)"),
        help_text=gettext_lazy("Its reference, for example ACC-2026-00042."),
        max_length=20,
        required=False,
        error_messages={"max_length": gettext_lazy("A case reference looks like ACC-2026-00042")},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (  # type: ignore[attr-defined]
            Agency.objects.filter(Q(home_partnership=partnership) | Q(serves=partnership))
            .distinct()
            .order_by("name")
        )


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("New theme"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter the theme's name"),
            "max_length": gettext_lazy("The name must be 200 characters or fewer"),
        },
    )
