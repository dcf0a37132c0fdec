"""Dates and times as the documents print them, as the pages say them (`accord.moments`): "1 June
2026 at 10:05am" in London time ("1 Mehefin 2026 am 10:05yb" in Welsh); and people's text
isolated (`isolate`, accord.documents.bidi)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from accord.documents.bidi import balanced, each_isolated, isolated
from accord.moments import day_words, moment_words

register = template.Library()


@register.filter
def day(value: date | datetime | None) -> str:
    """ "1 June 2026" (a date, or an instant's London date); "" for nothing."""
    if value is None or value == "":
        return ""
    return day_words(value)


@register.filter
def when(value: datetime | None) -> str:
    """ "1 June 2026 at 10:05am" in London time; "" for nothing."""
    if value is None:
        return ""
    return moment_words(value)


register.filter("isolate", isolated)  # people's text: accord.documents.bidi
register.filter("isolate_each", each_isolated)
register.filter("balanced", balanced)  # where no markup goes: a <title>, a <meta>
