"""How every figure is counted, in words: shown on the trends page and written on the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .suppression import NOTES, THRESHOLD

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

METHOD: list[tuple[StrOrPromise, StrOrPromise]] = [  # translated when shown
    (
        gettext_lazy("Which cases count"),
        gettext_lazy(
            "A case counts for a partnership when it is the partnership's own case, or when its "
            "raising or receiving agency is at home in the partnership. A case between agencies "
            "of two partnerships therefore counts in both partnerships' figures."
        ),
    ),
    (
        gettext_lazy("Dates"),
        gettext_lazy(
            "Days are UK (Europe/London) calendar days. A quarter runs from the first day of its "
            "first month to the last day of its third month, both included. Figures are worked "
            "out from the cases' event logs when the report is made."
        ),
    ),
    (
        gettext_lazy("Raised, resolved, withdrawn, referred"),
        gettext_lazy(
            "Raised: cases raised in the period. Resolved: cases whose outcome was agreed (or "
            "decided by the partnership's final process) in the period, at the stage they were at"
            " then. Withdrawn: cases withdrawn in the period before an outcome was agreed. "
            "Referred: cases referred to the partnership's final process in the period. Active at"
            " the end: cases raised by the end of the period and not closed or withdrawn by then."
        ),
    ),
    (
        gettext_lazy("Working days"),
        gettext_lazy(
            "Working days are Monday to Friday except the bank holidays of the partnership's "
            "nation and the partnership's own closures, counted from the day after the start up "
            "to and including the end day (a case resolved on the day it was raised took 0 days)."
            " Days to resolution run from the day a case was raised to the day it was resolved, "
            "for cases resolved in the period. Days at a stage run from the day a case entered "
            "the stage to the day it left it (escalated, resolved, referred or withdrawn), for "
            "stays that ended in the period. The median is the middle value (the mean of the two "
            "middle values when there is an even number); the 90th percentile is the smallest "
            "value that at least 90% of the values are at or below (nearest rank)."
        ),
    ),
    (
        gettext_lazy("Deadlines met"),
        gettext_lazy(
            "Every stored deadline of the counted cases with a due date in the period, except "
            "those that stopped applying: met when it was done by its due date; not met when it "
            "was done late, or is not done and its day has passed. Deadlines not yet due are left"
            " out."
        ),
    ),
    (
        gettext_lazy("Themes and agencies"),
        gettext_lazy(
            "Cases raised in the period, by the theme recorded when they were raised, and by the "
            "agency on each side."
        ),
    ),
    (
        gettext_lazy("Learning"),
        gettext_lazy(
            "Debriefs: cases resolved in the period under a procedure that offers or requires a "
            "debrief, and whether one was held, declined or not yet recorded. Learning points and"
            " good practice: those recorded in the period; learning points by their status now."
        ),
    ),
    (
        gettext_lazy("Small numbers"),
        format_lazy(
            "{} {} {}",
            format_lazy(
                gettext_lazy(
                    "Figures below {threshold} are suppressed in everything that leaves Accord "
                    "(this report's PDF and spreadsheet)."
                ),
                threshold=THRESHOLD,
            ),
            *NOTES,
        ),
    ),
]
