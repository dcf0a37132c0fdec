"""A GOV.UK date input (day, month, year) as a Django field, with GOV.UK's error messages."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PARTS = ("day", "month", "year")

# "Date of birth must include a day and a year": by the parts missing, in PARTS's order.
INCOMPLETE = {
    ("day",): _("%(what)s must include a day"),
    ("month",): _("%(what)s must include a month"),
    ("year",): _("%(what)s must include a year"),
    ("day", "month"): _("%(what)s must include a day and a month"),
    ("day", "year"): _("%(what)s must include a day and a year"),
    ("month", "year"): _("%(what)s must include a month and a year"),
}


def _enter_the(what: StrOrPromise) -> str:
    return gettext("Enter the %(what)s") % {"what": str(what).lower()}


# "Enter the date of birth", in the language of the page it is shown on.
enter_the = lazy(_enter_the, str)


class DateInput(forms.MultiWidget):
    """Three text inputs named `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year. `what` names it in messages ("Date of birth");
    `not_after` (a day, usually today) refuses later dates."""

    widget = DateInput

    def __init__(self, *, what: StrOrPromise, not_after: date | None = None, **kwargs: Any) -> None:
        self.what = what
        self.not_after = not_after
        parts = tuple(forms.CharField(required=False, max_length=8) for _ in PARTS)
        kwargs.setdefault("error_messages", {"required": enter_the(what)})
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> date | None:
        texts = [str(v or "").strip() for v in (value or [])] + [""] * 3
        day, month, year = texts[:3]
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [name for name, text in zip(PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise forms.ValidationError(
                INCOMPLETE[tuple(missing)] % {"what": self.what}, code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(
                self._message(_("%(what)s must be a real date")), code="invalid"
            )
        if len(year) != 4:
            raise forms.ValidationError(gettext("Year must include 4 numbers"), code="invalid_year")
        try:
            result = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day or month too large even for C
            raise forms.ValidationError(
                self._message(_("%(what)s must be a real date")), code="invalid"
            ) from None
        if self.not_after is not None and result > self.not_after:
            raise forms.ValidationError(
                self._message(_("%(what)s must be today or in the past")), code="future"
            )
        return result

    def _message(self, words: StrOrPromise) -> str:
        return str(words) % {"what": self.what}

    def compress(self, data_list: list[Any]) -> date | None:  # clean() does the work
        return None
