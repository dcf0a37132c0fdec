"""The case page's sections, each on its own URL: Overview, Deadlines, Stages and Timeline.

Each reads the case through the access rules (a 404 for anyone who may not see it), loads what
it shows in a fixed number of queries, and writes an AccessLog row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases.actions import log_case_view
from accord.cases.models import Case
from accord.cases.queries import CasePage, case_page_for
from accord.signin.addresses import client_ip

from . import case_display as display

NOT_FOUND = "No case with that reference, or you do not have access to it"


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


def _section(
    request: HttpRequest,
    reference: str,
    *,
    section: str,
    now: datetime,
    replayed: bool = False,
    overview: bool = False,
) -> CasePage:
    """The case for the signed-in person (404 if they may not see it), its view logged."""
    person = _person(request)
    try:
        page = case_page_for(person, reference, now=now, replayed=replayed, overview=overview)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    log_case_view(
        person=person,
        case=page.case,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        action="viewed case page" if section == "overview" else f"viewed case {section}",
        now=now,
    )
    return page


def _render(
    request: HttpRequest, template: str, page: CasePage, section: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"page": page, "case": page.case, "section": section, "now": page.now, **context},
    )


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Overview: status, stage, holders, guidance and checklist, what happens next, actions."""
    now = timezone.now()
    page = _section(request, reference, section="overview", now=now, replayed=True, overview=True)
    return _render(
        request,
        "web/case/overview.html",
        page,
        "overview",
        stage=page.stage,
        holders=display.current_holders(page),
        stage_deadline=next(
            (d for d in page.deadlines if d.key == f"stage:{page.case.stage}"), None
        ),
        next_lines=display.what_happens_next(page),
        ladder_actions=display.action_links(page, ladder=True),
        other_actions=display.action_links(page, ladder=False),
        facts=[
            (question, page.state.facts.get(key) if page.state else None)
            for key, question in (page.policy.facts.items() if page.policy else [])
        ],
        signed_off=sorted(page.state.signed_off) if page.state else [],
    )


@login_required
def case_deadlines(request: HttpRequest, reference: str) -> HttpResponse:
    """Deadlines: due dates, status tags (due soon, overdue), who set a date and why."""
    now = timezone.now()
    page = _section(request, reference, section="deadlines", now=now, replayed=True)
    return _render(
        request,
        "web/case/deadlines.html",
        page,
        "deadlines",
        rows=display.deadline_rows(page),
        other_actions=[
            a for a in display.action_links(page, ladder=False) if a["offer"] == "set_deadline"
        ],
    )


@login_required
def case_stages(request: HttpRequest, reference: str) -> HttpResponse:
    """Stages: every stage visited with its holders on both sides, its steps and their dates."""
    now = timezone.now()
    page = _section(request, reference, section="stages", now=now, replayed=True)
    return _render(request, "web/case/stages.html", page, "stages", rows=display.stage_rows(page))


@login_required
def case_timeline(request: HttpRequest, reference: str) -> HttpResponse:
    """Timeline: every event, newest first, with who, when and why."""
    now = timezone.now()
    page = _section(request, reference, section="timeline", now=now)
    return _render(
        request, "web/case/timeline.html", page, "timeline", timeline=display.timeline(page)
    )
