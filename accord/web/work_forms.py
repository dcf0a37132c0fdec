"""The forms for a case's tasks and meetings. Each carries `seen`; the actions check the rest."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.cases.actions.meetings import REASON as CANCEL_REASON
from accord.cases.plausible import PLACE, TASK_TITLE
from accord.engine.london import LONDON
from accord.web.case_forms import CaseActionForm
from accord.web.ending_forms import PeopleField, PersonField, long_text
from accord.web.raising.dates import DateField, enter_the
from accord.web.raising.forms import stated_limit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class TimeField(forms.CharField):
    """A time of day typed as people write it: 14:30, 2:30pm, 2pm, 9.15am."""

    def __init__(self, *, what: StrOrPromise, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("error_messages", {"required": enter_the(what)})
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> time | None:
        text = str(super().clean(value) or "").strip().lower().replace(" ", "")
        if not text:
            return None
        found = _TIME.match(text)
        if found is None:
            raise forms.ValidationError(
                gettext("%(what)s must be a real time, like 9:30am or 14:30") % {"what": self.what},
                code="invalid",
            )
        hour, minute, half = int(found[1]), int(found[2] or 0), found[3]
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(self._not_real(), code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self._not_real(), code="invalid")
        return time(hour, minute)

    def _not_real(self) -> str:
        return gettext("%(what)s must be a real time") % {"what": self.what}


def _one_person(
    question: StrOrPromise, required: StrOrPromise, invalid: StrOrPromise
) -> PersonField:
    """A choice of one person, as radios, with its errors (none chosen, one not listed)."""
    return PersonField(
        label=question,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class TaskForm(CaseActionForm):
    title = stated_limit(
        forms.CharField(
            label=_("What needs to be done?"),
            max_length=TASK_TITLE,
            error_messages={
                "required": _("Enter what needs to be done"),
                "max_length": format_lazy(
                    _("The task must be {count} characters or fewer"), count=TASK_TITLE
                ),
            },
        )
    )
    owner = _one_person(
        _("Who will do it?"),
        _("Choose who will do the task"),
        _("Choose who will do the task from the list"),
    )
    due_on = DateField(what=_("Date the task is due"), label=_("Due on"))

    def __init__(self, *args: Any, people: list[Person], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].people = people  # type: ignore[attr-defined]
        self.today = today

    def clean_due_on(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_on")
        if due is not None and due < self.today:
            raise forms.ValidationError(
                gettext("The date the task is due must be today or in the future")
            )
        return due


class CompleteTaskForm(CaseActionForm):
    """Marking a task done needs only the confirmation (the button)."""


def _when(data: dict[str, Any], day: str, time: str) -> datetime | None:
    """The instant a form's date and time fields give, read in London (None: not both valid)."""
    if data.get(day) is None or data.get(time) is None:
        return None
    return datetime.combine(data[day], data[time], tzinfo=LONDON)


class _MeetingForm(CaseActionForm):
    """What recording a meeting and planning one share: the chairs and the people offered."""

    def __init__(
        self,
        *args: Any,
        chairs: list[Person],
        people: list[Person],
        now: datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].people = chairs  # type: ignore[attr-defined]
        self.fields["attendees"].people = people  # type: ignore[attr-defined]
        self.now = now


class MeetingForm(_MeetingForm):
    held_on = DateField(what=_("Date of the meeting"), label=_("Held on"))
    held_time = TimeField(what=_("Time the meeting started"), label=_("Time it started"))
    chair = _one_person(
        _("Who chaired the meeting?"),
        _("Choose who chaired the meeting"),
        _("Choose who chaired the meeting from the list"),
    )
    attendees = PeopleField(
        label=_("Who attended?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose the attendees from the list")},
    )
    other_attendees = long_text(
        _("Other attendees"),
        help_text=_("People without an Accord account: their names and roles, one a line."),
    )
    minutes = long_text(_("Minutes"), help_text=_("What was discussed, decided and who will act."))
    without_consensus = long_text(
        _("Was anything decided without the agreement of both sides?"),
        help_text=_("If so, say what, and why it went ahead. The reason is kept on the timeline."),
    )

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, now=now, **kwargs)
        self.fields["held_on"].not_after = now.astimezone(LONDON).date()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_at = _when(data, "held_on", "held_time")
        if held_at is not None:
            if held_at > self.now:
                self.add_error("held_time", gettext("Record the meeting once it has been held"))
            data["held_at"] = held_at
        return data


def _place() -> forms.CharField:
    return stated_limit(
        forms.CharField(
            label=_("Where is it, or the link to join?"),
            max_length=PLACE,
            help_text=_("An address or room, or the online meeting's link. Do not name the child."),
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={
                "required": _("Enter where the meeting is, or the link to join it"),
                "max_length": format_lazy(
                    _("The place or link must be {count} characters or fewer"), count=PLACE
                ),
            },
        )
    )


def _still_to_come(form: forms.Form, data: dict[str, Any], now: datetime) -> None:
    """`starts_at` from the date and time given, which must be later than `now`."""
    starts_at = _when(data, "starts_on", "starts_time")
    if starts_at is None:
        return
    if starts_at <= now:
        form.add_error(
            "starts_time",
            gettext(
                "The meeting must start later than now: to record a meeting already held,"
                " use Record a meeting"
            ),
        )
    data["starts_at"] = starts_at


class PlanMeetingForm(_MeetingForm):
    """A meeting planned ahead: when, who chairs, where (or the link), and who is invited."""

    starts_on = DateField(what=_("Date of the meeting"), label=_("Starts on"))
    starts_time = TimeField(what=_("Time the meeting starts"), label=_("Time it starts"))
    chair = _one_person(
        _("Who will chair the meeting?"),
        _("Choose who will chair the meeting"),
        _("Choose who will chair the meeting from the list"),
    )
    place = _place()
    attendees = PeopleField(
        label=_("Who is invited?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose who is invited"),
            "invalid_choice": _("Choose who is invited from the list"),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _still_to_come(self, data, self.now)
        return data


class MoveMeetingForm(CaseActionForm):
    """A planned meeting moved: its new time, and where it is."""

    starts_on = DateField(what=_("New date of the meeting"), label=_("Starts on"))
    starts_time = TimeField(what=_("Time the meeting starts"), label=_("Time it starts"))
    place = _place()

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _still_to_come(self, data, self.now)
        return data


class CancelMeetingForm(CaseActionForm):
    """A planned meeting cancelled, and why (everyone invited is told)."""

    reason = stated_limit(
        forms.CharField(
            label=_("Why is the meeting cancelled?"),
            max_length=CANCEL_REASON,
            help_text=_("Everyone invited is told. Do not name the child."),
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": _("Say why the meeting is cancelled"),
                "max_length": format_lazy(
                    _("The reason must be {count} characters or fewer"), count=CANCEL_REASON
                ),
            },
        )
    )
