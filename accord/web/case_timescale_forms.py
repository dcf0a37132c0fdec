"""The forms that change what a case's clocks count from: a deadline brought forward (or the
date the parties agreed), and the answer to one of the policy's yes/no questions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.engine.london import LONDON
from accord.moments import day_words, moment_words
from accord.web.case_forms import CaseActionForm, Choice, set_choices, text_field
from accord.web.raising.dates import DateField


@dataclass(frozen=True)
class SettableDeadline:
    """An open deadline a holder may set: its key, label, unit and current due."""

    key: str
    label: str
    unit: str
    due: date | datetime | None

    @property
    def counted(self) -> bool:
        """Counted by the policy (only brought forward), not `none` or `agreed` (any date)."""
        return self.unit not in {"none", "agreed"}


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """ "14:30", "2:30pm", "2pm" as a time; None if it is not one."""
    found = _TIME.match(text or "")
    if not found:
        return None
    hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _due_text(due: date | datetime) -> str:
    return moment_words(due) if isinstance(due, datetime) else day_words(due)


class SetDeadlineForm(CaseActionForm):
    """Bring an open deadline forward, or set the date the parties agreed, with the reason."""

    deadline = forms.ChoiceField(
        label=_("Which deadline?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the deadline to set"),
            "invalid_choice": _("Choose one of the open deadlines"),
        },
    )
    due = DateField(
        what=_("New due date"), label=_("New due date"), help_text=_("For example, 27 3 2027")
    )
    due_time = forms.CharField(
        label=_("Time"),
        required=False,
        max_length=10,
        help_text=_("Only for a deadline counted in hours. For example, 14:30 or 2:30pm"),
    )
    reason = text_field(
        _("Why are you setting this deadline?"),
        _("Say why the deadline is being set"),
        hint=_(
            "For example, the child's safety needs a quicker answer, or the date both sides "
            "agreed. Do not include the child's name."
        ),
    )

    def __init__(
        self, *args: Any, deadlines: Sequence[SettableDeadline], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = {d.key: d for d in deadlines}
        self.today = today
        set_choices(self, "deadline", [(d.key, _choice(d)) for d in deadlines])
        self.has_hours = any(d.unit == "hours" for d in deadlines)
        if not self.has_hours:
            del self.fields["due_time"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.deadlines.get(data.get("deadline") or "")
        day: date | None = data.get("due")
        if chosen is None or day is None:
            return data
        due: date | datetime = day
        if chosen.unit == "hours":
            moment = parse_time(data.get("due_time") or "")
            if moment is None:
                self.add_error(
                    "due_time",
                    gettext("Enter the time the deadline is due, for example 14:30")
                    if not (data.get("due_time") or "").strip()
                    else gettext("Enter a real time, for example 14:30 or 2:30pm"),
                )
                return data
            due = datetime.combine(day, moment, tzinfo=LONDON)
        if day < self.today:
            self.add_error("due", gettext("New due date must be today or in the future"))
        elif chosen.counted and chosen.due is not None and not _earlier(due, chosen.due):
            self.add_error(
                "due",
                gettext(
                    "New due date must be before %(due)s: a deadline can be brought forward, "
                    "not put back"
                )
                % {"due": _due_text(chosen.due)},
            )
        data["due_value"] = due
        return data


def _earlier(new: date | datetime, current: date | datetime) -> bool:
    if isinstance(new, datetime) and isinstance(current, datetime):
        return new < current
    new_day = new.astimezone(LONDON).date() if isinstance(new, datetime) else new
    current_day = current.astimezone(LONDON).date() if isinstance(current, datetime) else current
    return new_day < current_day


def _choice(deadline: SettableDeadline) -> Choice:
    if deadline.due is None:
        now = gettext("No date set yet: any date may be agreed")
    elif deadline.counted:
        now = gettext("Due %(due)s: it can only be brought forward") % {
            "due": _due_text(deadline.due)
        }
    else:
        now = gettext("Due %(due)s: any date may be agreed") % {"due": _due_text(deadline.due)}
    return Choice(deadline.label, now)


class SetFactForm(CaseActionForm):
    """Answer one of the policy's yes/no questions about the case."""

    fact = forms.ChoiceField(
        label=_("Which question are you answering?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the question you are answering"),
            "invalid_choice": _("Choose one of the questions listed"),
        },
    )
    value = forms.ChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes or no"),
            "invalid_choice": _("Choose yes or no"),
        },
    )

    def __init__(
        self, *args: Any, facts: dict[str, str], answers: dict[str, bool], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "fact",
            [(key, Choice(question, _now(answers.get(key)))) for key, question in facts.items()],
        )


def _now(value: bool | None) -> str:
    if value is None:
        return gettext("Now: not answered")
    return gettext("Now: yes") if value else gettext("Now: no")
