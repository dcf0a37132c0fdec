"""Who holds the roles a partnership's policy names: the list (with the roles nobody holds yet),
assigning one, taking one away."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accord.accounts import actions
from accord.accounts.models import Agency
from accord.partnerships.models import RoleAssignment
from accord.partnerships.readiness import held_roles

from .common import applied, confirm_removal, person_of, posted, sections
from .setup import SECTION, partnership_to_set_up, set_up_row, setup_allowed
from .setup_forms import PolicyRoleForm


@setup_allowed
def role_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_to_set_up(request, partnership_id)
    roles = actions.roles_to_assign(partnership, now=timezone.now())
    held = held_roles(partnership)
    assignments = (
        RoleAssignment.objects.filter(partnership=partnership)
        .select_related("person", "agency")
        .order_by("role_key", "agency__name", "person__full_name")
    )
    return render(
        request,
        "web/manage/policy_role_list.html",
        {
            "sections": sections(request, SECTION),
            "partnership": partnership,
            "roles": roles,
            "unheld": [(key, title) for key, title in roles.items() if key not in held],
            "unheld_titles": ", ".join(title for key, title in roles.items() if key not in held),
            "assignments": [(a, roles.get(a.role_key, a.role_key)) for a in assignments],
        },
    )


@setup_allowed
def role_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_to_set_up(request, partnership_id)
    roles = actions.roles_to_assign(partnership, now=timezone.now())
    agencies = Agency.objects.filter(
        Q(home_partnership=partnership) | Q(serves=partnership)
    ).distinct()
    form = PolicyRoleForm(posted(request), roles=roles, agencies=agencies)

    def add(values: dict[str, Any]) -> str:
        assignment = actions.assign_policy_role(
            actor=person_of(request),
            partnership=partnership,
            role_key=values["role_key"],
            email=values["email"],
            agency=values["agency"],
            now=timezone.now(),
        )
        return gettext("%(name)s holds the role %(role)s") % {
            "name": assignment.person.full_name,
            "role": roles[assignment.role_key],
        }

    if applied(request, form, add):
        return redirect("web:manage-policy-roles", partnership.pk)
    return render(
        request,
        "web/manage/policy_role_form.html",
        {
            "form": form,
            "partnership": partnership,
            "roles": roles,
            "sections": sections(request, SECTION),
        },
    )


@setup_allowed
def role_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """GET: ask to confirm; POST: take the role away."""
    rows = RoleAssignment.objects.select_related("person", "agency", "partnership")
    assignment = set_up_row(request, rows, assignment_id, "role")

    def remove() -> str:
        actions.remove_policy_role(
            actor=person_of(request), assignment=assignment, now=timezone.now()
        )
        return gettext("%(name)s no longer holds %(role)s") % {
            "name": assignment.person.full_name,
            "role": assignment.role_key,
        }

    return confirm_removal(
        request,
        remove,
        back_to=reverse("web:manage-policy-roles", args=[assignment.partnership_id]),
        template="web/manage/policy_role_remove.html",
        section=SECTION,
        assignment=assignment,
    )
