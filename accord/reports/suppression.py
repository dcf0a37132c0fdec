"""Small numbers kept out of what leaves the system: counts of 1 to 4, and what would reveal them.

- A count from 1 to 4 is shown as `<5`; 0 and counts of 5 or more as they are.
- In a group of counts shown with its total, when exactly one count is suppressed, the smallest
  other count above 0 is hidden too (`[c]`), so the suppressed one cannot be worked out by
  subtraction.
- A median or 90th percentile over fewer than 5 cases is not shown (`[c]`); a share is shown
  only when neither of its parts is suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext

from .stats import Spread, days_text

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "[c]"


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def count(value: int) -> str:
    """One count on its own."""
    return SMALL if is_small(value) else str(value)


def group(values: Sequence[int]) -> tuple[list[str], str]:
    """The counts of a group and their total, suppressed together (see the module's rules)."""
    shown = [count(v) for v in values]
    total = sum(values)
    small = [i for i, v in enumerate(values) if is_small(v)]
    if len(small) == 1 and not is_small(total):
        others = [(v, i) for i, v in enumerate(values) if v >= THRESHOLD]
        if others:
            shown[min(others)[1]] = HIDDEN
    return shown, count(total)


def days(value: float | None, spread: Spread) -> str:
    """A median or percentile of working days, hidden when it rests on fewer than 5."""
    if spread.count < THRESHOLD:
        return HIDDEN if spread.count else pgettext("no median", "none")
    return days_text(value)


def percentage(part: int, rest: int) -> str:
    """`part` as a share of `part + rest`, to the nearest whole per cent, unless either is small."""
    whole = part + rest
    if whole == 0:
        return pgettext("no median", "none")
    if is_small(part) or is_small(rest):
        return HIDDEN
    return f"{round(100 * part / whole)}%"


NOTES = [  # translated when shown
    format_lazy(gettext_lazy("{small}: a count from 1 to 4, suppressed."), small=SMALL),
    format_lazy(
        gettext_lazy(
            "{hidden}: hidden so that a suppressed count cannot be worked out from a total, or a "
            "median or percentage that rests on fewer than 5."
        ),
        hidden=HIDDEN,
    ),
]
