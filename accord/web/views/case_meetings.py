"""A case's meetings: recorded with their chair (the policy's rule), attendees and minutes; each
meeting's page; and its calendar invitation, which holds the reference and a link, nothing else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import PartnershipRole, Person
from accord.cases import actions
from accord.cases.models import Case, CaseEvent, Meeting
from accord.cases.recipients import Directory, resolve
from accord.engine.policy.model import choose
from accord.partnerships.models import RoleAssignment
from accord.web.ics import meeting_invitation
from accord.web.work_forms import MeetingForm

from .case_acting import Acting, acting_on, log_view, posted, refusal_for, visible_case
from .case_action_page import apply
from .case_work import people_involved, work_page, work_url


def default_chairs(acting: Acting) -> list[Person]:
    """Who chairs by the policy: the current stage's `chair` rule (chosen by the case's facts);
    on a referred case, the partnership's roles it reports to. Role keys reach people through
    `accord.cases.recipients`; the first role that reaches someone wins."""
    case, policy = acting.case, acting.policy
    stage = policy.stage(case.stage)
    roles = [choose(stage.chair, dict(acting.state.facts))] if stage.chair else []
    if case.status == "referred":
        roles += [*policy.resolution.report_to, "independent_chair"]
    if not roles:
        return []
    # The directory from what the page has loaded (holdings with their line managers), and
    # the partnership's holders of the roles (two queries).
    holdings = acting.page.holdings
    directory = Directory(
        holdings={case.pk: holdings},
        managers={
            h.person.line_manager_id: h.person.line_manager
            for h in holdings
            if h.person.line_manager is not None and h.person.line_manager_id is not None
        },
    )
    for assignment in RoleAssignment.objects.filter(
        partnership_id=case.partnership_id, role_key__in=roles
    ).select_related("person__agency"):
        key = (assignment.partnership_id, assignment.role_key)
        directory.assigned.setdefault(key, []).append(assignment)
    for held in PartnershipRole.objects.filter(
        partnership_id=case.partnership_id, role__in=roles
    ).select_related("person__agency"):
        directory.staff.setdefault((held.partnership_id, held.role), []).append(held.person)
    for role in roles:
        people, _ = resolve(case, topic="meeting", roles=[role], directory=directory)
        if people:
            return list(people)
    return []


@login_required
def meeting_add(request: HttpRequest, reference: str) -> HttpResponse:
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    involved = people_involved(case)
    chairs = default_chairs(acting)
    known = {p.pk for p in involved}
    candidates = involved + [p for p in chairs if p.pk not in known]
    initial: dict[str, Any] = {"seen": acting.seen}
    if chairs:
        initial["chair"] = chairs[0].pk
    form = MeetingForm(
        posted(request), chairs=candidates, people=involved, now=acting.now, initial=initial
    )

    def act(data: dict[str, Any]) -> str:
        meeting = actions.record_meeting(
            case=case,
            actor=acting.person,
            held_at=data["held_at"],
            chair=data["chair"],
            attendees=list(data["attendees"]),
            other_attendees=data["other_attendees"],
            minutes=data["minutes"],
            without_consensus=data["without_consensus"],
            now=acting.now,
            seen=data["seen"],
        )
        recorded["meeting"] = meeting
        return "Meeting recorded"

    recorded: dict[str, Meeting] = {}
    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal_for(acting, "record_meeting"),
        act=act,
        done_url=work_url(case),
    )
    if applied.response:
        if "meeting" in recorded:
            applied.response["Location"] = reverse(
                "web:case-meeting", args=[case.reference, recorded["meeting"].pk]
            )
        return applied.response
    return work_page(
        request,
        acting,
        "meeting_form.html",
        form,
        title="Record a meeting",
        changed=applied.changed,
        stage=acting.policy.stage(case.stage),
        chair_named=bool(chairs),
    )


def _meeting_of(case: Case, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("chair", "chair__agency", "recorded_by"),
        pk=meeting_id,
        case=case,
    )


def _without_consensus(meeting: Meeting) -> str:
    """The reason recorded with the meeting for what went ahead without both sides' agreement."""
    event = (
        CaseEvent.objects.filter(
            case_id=meeting.case_id, kind="meeting_recorded", payload__meeting=meeting.pk
        )
        .only("payload")
        .first()
    )
    return str(event.payload.get("without_consensus", "")) if event else ""


def meeting_number(meeting: Meeting) -> int:
    """The meeting's number on its case: 1 for the first recorded."""
    return Meeting.objects.filter(case_id=meeting.case_id, pk__lte=meeting.pk).count()


@login_required
def meeting(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """One meeting: when, who chaired and attended, the minutes."""
    case = visible_case(request, reference)
    found = _meeting_of(case, meeting_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    log_view(request, case, now=timezone.now(), action="viewed a meeting")
    return render(
        request,
        "web/case/work/meeting.html",
        {
            "case": case,
            "section": "work",
            "meeting": found,
            "number": meeting_number(found),
            "attendees": found.attendees.select_related("agency").order_by("full_name"),
            "without_consensus": _without_consensus(found),
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
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-meeting-{number}.ics"'
    )
    return response
