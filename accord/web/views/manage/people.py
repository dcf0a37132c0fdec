"""People: the list (searchable), adding, changing, deactivating, and a person's access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from accord.accounts import actions
from accord.accounts.models import Person
from accord.cases import access
from accord.cases.models import AccessLog
from accord.input_limits import record_id

from .common import (
    administrator_required,
    form_page,
    page_of,
    person_of,
    posted,
    query_without_page,
    sections,
)
from .forms import PersonForm

SECTION = "web:manage-people"


@administrator_required
def person_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    people = access.managed_people(person).select_related("agency", "line_manager")
    search = request.GET.get("q", "").strip()[:200]
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    agencies = access.managed_agencies(person).order_by("name")
    agency = record_id(request.GET.get("agency"))
    if agency is not None:
        people = people.filter(agency_id=agency)
    return render(
        request,
        "web/manage/person_list.html",
        {
            "sections": sections(request, SECTION),
            "page": page_of(request, people.order_by("full_name", "pk")),
            "search": search,
            "agencies": agencies,
            "agency": agency,
            "query": query_without_page(request),
        },
    )


def _form_values(form: PersonForm) -> dict[str, object]:
    data = form.cleaned_data
    return {
        "email": data["email"],
        "full_name": data["full_name"],
        "job_title": data["job_title"],
        "agency": data["agency"],
        "level": data["level"],
        "is_safeguarding_lead": data["is_safeguarding_lead"],
        "line_manager": data["line_manager"],
    }


@administrator_required
def person_add(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    data = posted(request)
    form = PersonForm(data, agencies=access.managed_agencies(actor))

    def add(values: dict[str, Any]) -> str:
        added = actions.create_person(actor=actor, now=timezone.now(), **_form_values(form))  # type: ignore[arg-type]
        return gettext("%(name)s has been added") % {"name": added.full_name}

    return form_page(
        request,
        form,
        add,
        section=SECTION,
        template="web/manage/person_form.html",
        title=gettext("Add a person"),
    )


def _managed(request: HttpRequest, person_id: int) -> Person:
    person = Person.objects.select_related("agency", "line_manager").filter(pk=person_id).first()
    if person is None or not access.may_manage_person(person_of(request), person):
        raise PermissionDenied("You do not administer this person")
    return person


@administrator_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = person_of(request)
    person = _managed(request, person_id)
    data = posted(request)
    initial = {
        "full_name": person.full_name,
        "email": person.email,
        "job_title": person.job_title,
        "agency": person.agency_id,
        "level": person.level,
        "is_safeguarding_lead": person.is_safeguarding_lead,
        "line_manager": person.line_manager.email if person.line_manager else "",
    }
    form = PersonForm(
        data,
        initial=initial,
        agencies=access.managed_agencies(actor),
        staff_only=person.agency_id is None,
    )

    def change(values: dict[str, Any]) -> str:
        actions.update_person(
            actor=actor,
            person=person,
            now=timezone.now(),
            **_form_values(form),  # type: ignore[arg-type]
        )
        return gettext("%(name)s has been changed") % {"name": values["full_name"]}

    return form_page(
        request,
        form,
        change,
        section=SECTION,
        template="web/manage/person_form.html",
        person=person,
        title=gettext("Change a person’s details"),
    )


@administrator_required
def person_active(request: HttpRequest, person_id: int, active: bool) -> HttpResponse:
    """GET: ask to confirm; POST: deactivate (or reactivate) the person."""
    actor = person_of(request)
    person = _managed(request, person_id)
    error = ""
    if request.method == "POST":
        try:
            actions.set_person_active(actor=actor, person=person, active=active, now=timezone.now())
        except actions.AdminActionRejected as refused:
            error = refused.message
        else:
            done = (
                gettext("%(name)s has been reactivated")
                if active
                else gettext("%(name)s has been deactivated")
            )
            messages.success(request, done % {"name": person.full_name})
            return redirect("web:manage-person", person_id=person.pk)
    return render(
        request,
        "web/manage/person_active.html",
        {
            "person": person,
            "active": active,
            "error": error,
            "sections": sections(request, SECTION),
        },
    )


@login_required
def person_access_log(request: HttpRequest, person_id: int) -> HttpResponse:
    """Which cases a person opened, and when: for a partnership's oversight staff. Only the
    entries of cases the reader may see themselves are listed."""
    viewer = person_of(request)
    person = Person.objects.select_related("agency").filter(pk=person_id).first()
    if person is None or not access.may_read_access_log_of(viewer, person):
        raise PermissionDenied(
            "Only a partnership's business manager, chair or administrator can read this"
        )
    entries = (
        AccessLog.objects.filter(person=person, case__in=access.cases_visible_to(viewer))
        .select_related("case")
        .only("at", "action", "ip_address", "case__reference")
        .order_by("-at", "-pk")
    )
    return render(
        request,
        "web/manage/person_access_log.html",
        {
            "person": person,
            "page": page_of(request, entries),
            "sections": sections(request, SECTION) if access.is_administrator(viewer) else None,
        },
    )
