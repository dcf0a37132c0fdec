"""A case's meetings: planned ahead (its chair, place and invitations) and then recorded as held,
or recorded once held, with their chair (the policy's rule), attendees and minutes; each
meeting's page; and its calendar invitation, which holds the reference and a link, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.directory import case_directory
from accord.cases.independence import independence_asked, independent_of
from accord.cases.models import Case, CaseEvent, CaseStatus, Meeting
from accord.cases.recipients import resolve
from accord.engine.london import LONDON
from accord.engine.policy.model import choose
from accord.web.ics import meeting_invitation
from accord.web.work_forms import MeetingForm, PlanMeetingForm

from .case_acting import Acting, acting_on, log_view, visible_case
from .case_action_page import Action, Done, action_view
from .case_work import TEMPLATES, people_involved


def default_chairs(acting: Acting) -> list[Person]:
    """Who chairs by the policy: the current stage's `chair` rule (chosen by the case's facts);
    on a referred case, the partnership's roles it reports to. Role keys reach people through
    `accord.cases.recipients`; the first role that reaches someone wins."""
    case, policy = acting.case, acting.policy
    stage = policy.stage(case.stage)
    roles = [choose(stage.chair, dict(acting.state.facts))] if stage.chair else []
    if case.status == CaseStatus.REFERRED:
        roles += [*policy.resolution.report_to, "independent_chair"]
    if not roles:
        return []
    directory = case_directory(case, acting.page.holdings, roles)
    for role in roles:
        people, _ = resolve(case, topic="meeting", roles=[role], directory=directory)
        if people:
            return list(people)
    return []


def _chairs(acting: Acting) -> dict[str, Any]:
    case, policy = acting.case, acting.policy
    chairs = independent_of(case, policy, default_chairs(acting), stage=case.stage)
    stage = policy.stage(case.stage)
    return {
        "chairs": chairs,
        "chair_named": bool(chairs),
        "stage": stage,
        "independent": independence_asked(policy, case.stage),
    }


def _candidates(acting: Acting) -> tuple[list[Person], list[Person]]:
    """Who may chair (the people involved and the policy's chairs, independent where the stage
    asks it) and who may attend (the people involved)."""
    involved = people_involved(acting.case)
    chairs = acting.context["chairs"]
    known = {p.pk for p in involved}
    candidates = independent_of(
        acting.case,
        acting.policy,
        involved + [p for p in chairs if p.pk not in known],
        stage=acting.case.stage,
    )
    return candidates, involved


def _meeting_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    chairs = acting.context["chairs"]
    candidates, involved = _candidates(acting)
    planned: Meeting | None = acting.context.get("planned")
    if planned is not None:
        local = planned.held_at.astimezone(LONDON)
        initial: dict[str, Any] = {
            "held_on": local.date(),
            "held_time": f"{local:%H:%M}",
            "chair": planned.chair_id,
            "attendees": [p.pk for p in planned.attendees.all()],
        }
    else:
        initial = {"chair": chairs[0].pk} if chairs else {}
    return MeetingForm(data, chairs=candidates, people=involved, now=acting.now, initial=initial)


def _record_meeting(acting: Acting, data: dict[str, Any]) -> Done:
    """Record a meeting as held: a new one, or the planned one the page is about."""
    planned = acting.context.get("planned")
    meeting = acting.run(
        actions.record_meeting,
        data,
        "held_at",
        "chair",
        "other_attendees",
        "minutes",
        "without_consensus",
        attendees=list(data["attendees"]),
        planned=planned,
    )
    url = reverse("web:case-meeting", args=[acting.case.reference, meeting.pk])
    return Done(
        gettext("Meeting recorded as held") if planned else gettext("Meeting recorded"), url
    )


RECORD_MEETING = Action(
    offer="record_meeting",
    title=_("Record a meeting"),
    template=f"{TEMPLATES}/meeting_form.html",
    make_form=_meeting_form,
    perform=_record_meeting,
    context=_chairs,
)
meeting_add = action_view(RECORD_MEETING)


def _plan_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    chairs = acting.context["chairs"]
    candidates, involved = _candidates(acting)
    initial = {"chair": chairs[0].pk} if chairs else {}
    return PlanMeetingForm(
        data, chairs=candidates, people=involved, now=acting.now, initial=initial
    )


def _plan_meeting(acting: Acting, data: dict[str, Any]) -> Done:
    meeting = acting.run(
        actions.plan_meeting,
        data,
        "starts_at",
        "chair",
        "place",
        attendees=list(data["attendees"]),
    )
    url = reverse("web:case-meeting", args=[acting.case.reference, meeting.pk])
    return Done(f"{gettext('Meeting planned.')}{acting.told()}", url)


PLAN_MEETING = Action(
    offer="record_meeting",
    title=_("Plan a meeting"),
    template=f"{TEMPLATES}/meeting_plan_form.html",
    make_form=_plan_form,
    perform=_plan_meeting,
    context=_chairs,
)
meeting_plan = action_view(PLAN_MEETING)


def _planned(acting: Acting) -> dict[str, Any]:
    """The planned meeting the URL names, of this case and not yet held (404 for any other),
    with the chairs the stage allows."""
    planned = get_object_or_404(
        Meeting.objects.prefetch_related("attendees"),
        pk=acting.args["planned_id"],
        case=acting.case,
        planned=True,
        cancelled_at=None,
    )
    return {**_chairs(acting), "planned": planned, "number": meeting_number(planned)}


RECORD_PLANNED = Action(
    offer="record_meeting",
    title=_("Record the planned meeting as held"),
    template=f"{TEMPLATES}/meeting_form.html",
    make_form=_meeting_form,
    perform=_record_meeting,
    context=_planned,
)
meeting_held = action_view(RECORD_PLANNED)


def _meeting_of(case: Case, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("chair", "chair__agency", "recorded_by"),
        pk=meeting_id,
        case=case,
    )


def _recorded_with(meeting: Meeting, kind: str, key: str) -> str:
    """What the meeting's `kind` event recorded as `key` (the reason for what went ahead
    without both sides' agreement, or why it was cancelled); empty when there is none."""
    event = (
        CaseEvent.objects.filter(case_id=meeting.case_id, kind=kind, payload__meeting=meeting.pk)
        .only("payload")
        .first()
    )
    return str(event.payload.get(key, "")) if event else ""


def meeting_number(meeting: Meeting) -> int:
    """The meeting's number on its case: 1 for the first recorded."""
    return Meeting.objects.filter(case_id=meeting.case_id, pk__lte=meeting.pk).count()


@dataclass(frozen=True)
class PlannedChanges:
    """What the person may do with a planned meeting now: record it as held once its time has
    come (`RECORD_PLANNED`), move or cancel it before (`case_meeting_changes`)."""

    record_held: bool
    move: bool  # or cancel


def planned_changes(meeting: Meeting, offers: frozenset[str], now: datetime) -> PlannedChanges:
    """`PlannedChanges` for `meeting`, to a person offered `offers` (for a meeting held or
    cancelled: nothing). The meeting's page and the API's case read both ask it."""
    may = meeting.planned and meeting.cancelled_at is None and "record_meeting" in offers
    return PlannedChanges(
        record_held=may and meeting.held_at <= now, move=may and meeting.held_at > now
    )


@login_required
def meeting(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """One meeting: when, who chaired and attended, the minutes; while it is planned, what the
    person may do with it (record it as held once its time has come, move or cancel it before)."""
    case = visible_case(request, reference)
    found = _meeting_of(case, meeting_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    log_view(request, case, now=now, action="viewed a meeting")
    # Only a meeting still to come asks what the person may do with it (a replay of the case).
    to_come = found.planned and found.cancelled_at is None
    offers = acting_on(request, reference, now=now).offers if to_come else frozenset()
    may = planned_changes(found, offers, now)
    return render(
        request,
        "web/case/work/meeting.html",
        {
            "case": case,
            "section": "work",
            "meeting": found,
            "number": meeting_number(found),
            "attendees": found.attendees.select_related("agency").order_by("full_name"),
            "without_consensus": _recorded_with(found, "meeting_recorded", "without_consensus"),
            "may_record_held": may.record_held,
            "may_move": may.move,
            "cancelled_because": _recorded_with(found, "meeting_cancelled", "reason"),
        },
    )


@login_required
def meeting_ics(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """The meeting as an .ics file: the case reference and a link to the case, nothing else."""
    case = visible_case(request, reference)
    found = _meeting_of(case, meeting_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    log_view(request, case, now=now, action="downloaded a meeting invitation")
    link = request.build_absolute_uri(reverse("web:case-detail", args=[case.reference]))
    number = meeting_number(found)
    text = meeting_invitation(
        uid=f"{case.reference}-meeting-{found.pk}@{request.get_host()}",
        reference=case.reference,
        starts=found.held_at,
        link=link,
        stamp=now,
        sequence=found.revision,
        cancelled=found.cancelled_at is not None,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-meeting-{number}.ics"'
    )
    return response
