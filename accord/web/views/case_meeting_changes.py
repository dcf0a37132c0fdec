"""Moving or cancelling a planned meeting that is still to come: its chair and everyone invited
are told at once, and its calendar invitation replaces (or cancels) the one they have."""

from __future__ import annotations

from typing import Any

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.cases import actions
from accord.cases.models import Meeting
from accord.engine.london import LONDON
from accord.moments import moment_words
from accord.web.work_forms import CancelMeetingForm, MoveMeetingForm

from .case_acting import Acting
from .case_action_page import Action, Done, action_view
from .case_meetings import meeting_number
from .case_work import TEMPLATES


def _to_come(acting: Acting) -> dict[str, Any]:
    """The planned meeting the URL names, of this case and neither held nor cancelled (404 for
    any other)."""
    planned = get_object_or_404(
        Meeting, pk=acting.args["planned_id"], case=acting.case, planned=True, cancelled_at=None
    )
    return {"planned": planned, "number": meeting_number(planned)}


def _move_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    planned: Meeting = acting.context["planned"]
    local = planned.held_at.astimezone(LONDON)
    initial = {"starts_on": local.date(), "starts_time": f"{local:%H:%M}", "place": planned.place}
    return MoveMeetingForm(data, now=acting.now, initial=initial)


def _move(acting: Acting, data: dict[str, Any]) -> Done:
    meeting = acting.run(
        actions.move_meeting, data, "starts_at", "place", meeting=acting.context["planned"]
    )
    url = reverse("web:case-meeting", args=[acting.case.reference, meeting.pk])
    moved = gettext("Meeting moved to %(when)s.") % {"when": moment_words(meeting.held_at)}
    return Done(f"{moved}{acting.told()}", url)


MOVE_MEETING = Action(
    offer="record_meeting",
    title=_("Change the meeting's time or place"),
    template=f"{TEMPLATES}/meeting_move_form.html",
    make_form=_move_form,
    perform=_move,
    context=_to_come,
    field="starts_time",
)
meeting_move = action_view(MOVE_MEETING)


def _cancel(acting: Acting, data: dict[str, Any]) -> Done:
    meeting = acting.run(actions.cancel_meeting, data, "reason", meeting=acting.context["planned"])
    url = reverse("web:case-meeting", args=[acting.case.reference, meeting.pk])
    return Done(f"{gettext('Meeting cancelled.')}{acting.told()}", url)


CANCEL_MEETING = Action(
    offer="record_meeting",
    title=_("Cancel the meeting"),
    template=f"{TEMPLATES}/meeting_cancel.html",
    make_form=lambda acting, data: CancelMeetingForm(data),
    perform=_cancel,
    context=_to_come,
    field="reason",
)
meeting_cancel = action_view(CANCEL_MEETING)
