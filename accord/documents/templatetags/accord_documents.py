"""Dates and times as the documents print them, in London time: "1 June 2026 at 10:05am" ("1
Mehefin 2026 am 10:05yb" in Welsh: the month and the words in the document's language); and
people's text isolated (`isolate`, accord.documents.bidi)."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, pgettext

from accord.documents.bidi import balanced, each_isolated, isolated

register = template.Library()


@register.filter
def day(value: date | datetime | None) -> str:
    """ "1 June 2026" (a date, or an instant's London date); "" for nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


@register.filter
def when(value: datetime | None) -> str:
    """ "1 June 2026 at 10:05am" in London time; "" for nothing."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    half = pgettext("morning", "am") if local.hour < 12 else pgettext("afternoon", "pm")
    return gettext("%(day)s at %(time)s") % {"day": day(local), "time": f"{hour}:{local:%M}{half}"}


register.filter("isolate", isolated)  # people's text: accord.documents.bidi
register.filter("isolate_each", each_isolated)
register.filter("balanced", balanced)  # where no markup goes: a <title>, a <meta>
