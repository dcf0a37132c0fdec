"""How Accord says a day and a moment, on its pages and in its documents, in the active language
and London time: "4 March 2026" and "4 March 2026 at 10:00am" ("4 Mawrth 2026 am 10:00yb" in
Welsh)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat
from django.utils.translation import gettext

from accord.engine.london import LONDON


def day_words(day: date | datetime) -> str:
    """ "4 March 2026" (a moment: its London day)."""
    if isinstance(day, datetime):
        day = day.astimezone(LONDON)
    return dateformat.format(day, "j F Y")


def moment_words(at: datetime) -> str:
    """ "4 March 2026 at 10:00am", in London time."""
    local = at.astimezone(LONDON)
    return gettext("%(day)s at %(time)s%(ampm)s") % {
        "day": dateformat.format(local, "j F Y"),
        "time": dateformat.format(local, "g:i"),
        "ampm": dateformat.format(local, "A").lower(),
    }
