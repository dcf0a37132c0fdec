"""The partnership's own team: who is business manager, chair, panel member, administrator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from accord.accounts import actions
from accord.accounts.models import PartnershipRole
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
from .forms import StaffRoleForm

SECTION = "web:manage-staff"


@administrator_required
def staff_list(request: HttpRequest) -> HttpResponse:
    roles = (
        PartnershipRole.objects.filter(partnership_id__in=access.administered(person_of(request)))
        .select_related("person", "person__agency", "partnership")
        .order_by("partnership__name", "role", "person__full_name")
    )
    return render(
        request,
        "web/manage/staff_list.html",
        {"sections": sections(request, SECTION), "page": page_of(request, roles)},
    )


@administrator_required
def staff_add(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    partnerships = partnerships_of(actor)
    data = posted(request)
    form = StaffRoleForm(data, partnerships=partnerships)

    def add(values: dict[str, Any]) -> str:
        role = actions.add_staff_role(
            actor=actor,
            partnership=chosen_partnership(values, partnerships),
            email=values["email"],
            role=values["role"],
            full_name=values["full_name"],
            job_title=values["job_title"],
            now=timezone.now(),
        )
        return gettext("%(name)s is now %(role)s") % {
            "name": role.person.full_name,
            "role": role.get_role_display().lower(),
        }

    return form_page(request, form, add, section=SECTION, template="web/manage/staff_form.html")


@administrator_required
def staff_remove(request: HttpRequest, role_id: int) -> HttpResponse:
    """GET: ask to confirm; POST: take the role away."""
    actor = person_of(request)
    role = (
        PartnershipRole.objects.select_related("person", "partnership").filter(pk=role_id).first()
    )
    if role is None or role.partnership_id not in access.administered(actor):
        raise PermissionDenied("You do not administer this partnership")
    error = ""
    if request.method == "POST":
        try:
            actions.remove_staff_role(actor=actor, role=role, now=timezone.now())
        except actions.AdminActionRejected as refused:
            error = refused.message
        else:
            messages.success(
                request,
                gettext("%(name)s is no longer %(role)s")
                % {"name": role.person.full_name, "role": role.get_role_display().lower()},
            )
            return redirect(SECTION)
    return render(
        request,
        "web/manage/staff_remove.html",
        {"role": role, "error": error, "sections": sections(request, SECTION)},
    )
