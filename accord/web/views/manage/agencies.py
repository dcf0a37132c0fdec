"""Agencies: the list, adding one, changing one; and the administration's start page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts import actions
from accord.accounts.models import AdminEvent, Agency
from accord.cases import access

from .common import (
    administrator_required,
    chosen_partnership,
    form_page,
    page_of,
    partnerships_of,
    person_of,
    posted,
    sections,
)
from .forms import AgencyForm


@administrator_required
def index(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    return render(
        request,
        "web/manage/index.html",
        {
            "sections": sections(request, ""),
            "partnership_names": get_text_list(
                [p.name for p in partnerships_of(person)], gettext("and")
            ),
            "agencies": access.managed_agencies(person).count(),
            "people": access.managed_people(person).filter(is_active=True).count(),
        },
    )


@administrator_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = (
        access.managed_agencies(person_of(request))
        .select_related("home_partnership")
        .annotate(people_count=Count("people", distinct=True))
        .prefetch_related("serves")
        .order_by("name")
    )
    return render(
        request,
        "web/manage/agency_list.html",
        {"sections": sections(request, "web:manage-agencies"), "page": page_of(request, agencies)},
    )


@administrator_required
def agency_add(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    partnerships = partnerships_of(person)
    data = posted(request)
    form = AgencyForm(data, partnerships=partnerships)

    def add(values: dict[str, Any]) -> str:
        agency = actions.create_agency(
            actor=person,
            partnership=chosen_partnership(values, partnerships),
            name=values["name"],
            kind=values["kind"],
            serves=values["serves"],
            now=timezone.now(),
        )
        return gettext("%(name)s has been added") % {"name": agency.name}

    return form_page(
        request,
        form,
        add,
        section="web:manage-agencies",
        template="web/manage/agency_form.html",
        title=gettext("Add an agency"),
    )


def _agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = Agency.objects.select_related("home_partnership").filter(pk=agency_id).first()
    if agency is None:
        raise Http404("No such agency")
    if not access.may_manage_agency(person_of(request), agency):
        raise PermissionDenied("You do not administer this agency")
    return agency


@administrator_required
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    person = person_of(request)
    agency = _agency(request, agency_id)
    home = agency.home_partnership
    data = posted(request)
    initial = {
        "name": agency.name,
        "kind": agency.kind,
        "serves": [p for p in agency.serves.all() if p.pk != home.pk],
    }
    form = AgencyForm(data, initial=initial, partnerships=partnerships_of(person), home=home)

    def change(values: dict[str, Any]) -> str:
        actions.update_agency(
            actor=person,
            agency=agency,
            name=values["name"],
            kind=values["kind"],
            serves=values["serves"],
            now=timezone.now(),
        )
        return gettext("%(name)s has been changed") % {"name": values["name"]}

    return form_page(
        request,
        form,
        change,
        section="web:manage-agencies",
        template="web/manage/agency_form.html",
        agency=agency,
        title=gettext("Change an agency"),
    )


@administrator_required
def changes(request: HttpRequest) -> HttpResponse:
    """The administration log of the partnerships the person administers."""
    events = (
        AdminEvent.objects.filter(partnership_id__in=access.administered(person_of(request)))
        .select_related("actor", "partnership")
        .order_by("-at", "-pk")
    )
    page = page_of(request, events)
    for event in page.object_list:
        event.change_lines = _change_lines(event)
    return render(
        request,
        "web/manage/changes.html",
        {"sections": sections(request, "web:manage-changes"), "page": page},
    )


FIELD_NAMES = {
    "email": _("E-mail address"),
    "full_name": _("Full name"),
    "job_title": _("Job title"),
    "is_safeguarding_lead": _("Safeguarding lead"),
    "line_manager": _("Line manager"),
    "is_active": _("Active"),
    "serves": _("Works in"),
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return gettext("none")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or gettext("none")
    return str(value)


def _change_lines(event: AdminEvent) -> list[str]:
    """`Field: old → new` for each field a change event recorded; a policy file's hash."""
    if event.kind.startswith("policy_"):
        sha256 = event.details.get("sha256", None)
        if sha256 is None:
            sha256 = gettext("not recorded")
        return [gettext("File SHA-256: %(sha256)s") % {"sha256": sha256}]
    if not event.kind.endswith("_changed"):
        return []
    return [
        gettext("%(field)s: %(before)s → %(after)s")
        % {
            "field": FIELD_NAMES.get(key, key.replace("_", " ").capitalize()),
            "before": _shown(change[0]),
            "after": _shown(change[1]),
        }
        for key, change in event.details.items()
        if isinstance(change, list) and len(change) == 2
    ]
