"""The bodies of the case's other actions (its questions, tasks, meetings, advice, taking over, the
panel and the debrief), each field named as its page's form names it: they type-check what comes
in, and the page's form and the action check the rest (`acting.act`). A time is written as on
the pages (`14:30`, `2:30pm`), in London; people are named by their ids, as the case lists them."""

from __future__ import annotations

from rest_framework import serializers

from accord.cases.models import DebriefOutcome, Side

from .serializers import SeenIn, record_id

TIME_HELP = "The time in London, as on the pages: 14:30, 2:30pm or 9.15am."


def _people(help_text: str, *, required: bool = True) -> serializers.ListField:
    return serializers.ListField(
        child=record_id(), required=required, max_length=500, help_text=help_text
    )


def _text(help_text: str = "", *, required: bool = False) -> serializers.CharField:
    return serializers.CharField(required=required, allow_blank=True, help_text=help_text)


class SetFactIn(SeenIn):
    fact = serializers.CharField(help_text="The procedure's question, by its key.")
    value = serializers.BooleanField(help_text="The answer: yes (true) or no (false).")


class AddTaskIn(SeenIn):
    title = serializers.CharField(allow_blank=True, help_text="What needs to be done.")
    owner = record_id(help_text="Who will do it: someone involved in the case, by id.")
    due_on = serializers.DateField(help_text="When it is due: today or later.")


class MeetingHeldIn(SeenIn):
    """A meeting recorded once held (a new one, or a planned one)."""

    held_on = serializers.DateField(help_text="The day it was held.")
    held_time = serializers.CharField(help_text=f"When it started. {TIME_HELP}")
    chair = record_id(help_text="Who chaired it, by id.")
    attendees = _people("Who attended, by id: people involved in the case.", required=False)
    other_attendees = _text("People without an Accord account: names and roles, one a line.")
    minutes = _text("What was discussed, decided and who will act.")
    without_consensus = _text("What was decided without both sides' agreement, and why.")


class PlanMeetingIn(SeenIn):
    starts_on = serializers.DateField(help_text="The day it starts.")
    starts_time = serializers.CharField(help_text=f"When it starts: later than now. {TIME_HELP}")
    chair = record_id(help_text="Who will chair it, by id.")
    place = serializers.CharField(
        allow_blank=True, help_text="Where it is, or the link to join. Do not name the child."
    )
    attendees = _people("Who is invited, by id: people involved in the case.")


class MoveMeetingIn(SeenIn):
    starts_on = serializers.DateField(help_text="The new day.")
    starts_time = serializers.CharField(help_text=f"When it starts: later than now. {TIME_HELP}")
    place = serializers.CharField(allow_blank=True, help_text="Where it is, or the link to join.")


class CancelMeetingIn(SeenIn):
    reason = serializers.CharField(
        allow_blank=True, help_text="Why it is cancelled: everyone invited is told."
    )


class AdviceIn(SeenIn):
    advice = serializers.CharField(
        allow_blank=True, help_text="Both sides' holders are told, and see it on the timeline."
    )


class TakeOverIn(SeenIn):
    reason = serializers.CharField(
        allow_blank=True, help_text="Why you are taking the case over: both sides see it."
    )


class PanelIn(SeenIn):
    convene = serializers.BooleanField(
        help_text="Has the chair decided to convene a resolution panel? (false: the chair decides)"
    )
    members = _people("The panel's members, by id, when it is convened.", required=False)
    reason = _text("If it is not convened, why not.")


class DebriefIn(SeenIn):
    outcome = serializers.ChoiceField(
        choices=DebriefOutcome.choices, help_text="Was the debrief held, or offered and declined?"
    )
    held_on = serializers.DateField(
        required=False, allow_null=True, help_text="When it was held (needed if it was)."
    )
    notes = _text("What was discussed and learned.")


SIDES = [side.value for side in Side]
