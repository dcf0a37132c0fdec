"""Setting a partnership up: a site administrator creates it with its first administrator; its
administrators follow the checklist of what is still missing and make it live."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accord.accounts import actions
from accord.cases import access
from accord.cases.actions import change_alert_time
from accord.partnerships.models import Closure, Partnership, RoleAssignment
from accord.partnerships.readiness import gaps
from accord.signin.invitations import create_partnership_inviting

from .common import applied, form_page, person_of, posted, sections
from .setup_forms import AlertTimeForm, DefaultLanguageForm, PartnershipForm, StopNewCasesForm

SECTION = "web:manage-setup-index"
# Where on the set-up pages each kind of gap is put right.
FIX = {
    "agencies": ("web:manage-agency-add", _("Add an agency")),
    "people": ("web:manage-import", _("Import people")),
    "staff": ("web:manage-staff-add", _("Give someone a role")),
    "policy": ("web:manage-policy-upload", _("Upload the policy file")),
}

type View = Callable[..., HttpResponse]


def setup_allowed(view: View) -> View:
    """Signed in, and a partnership administrator or a site administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = person_of(request)
        if not (access.is_administrator(person) or actions.is_site_administrator(person)):
            raise PermissionDenied("Only administrators can set a partnership up")
        return view(request, *args, **kwargs)

    return wrapper


def set_up_partnerships(request: HttpRequest) -> QuerySet[Partnership]:
    """The partnerships the person may set up: all for a site administrator, else those they
    administer."""
    person = person_of(request)
    if actions.is_site_administrator(person):
        return Partnership.objects.order_by("name")
    return Partnership.objects.filter(pk__in=access.administered(person)).order_by("name")


def partnership_to_set_up(request: HttpRequest, partnership_id: int) -> Partnership:
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404("No such partnership")
    if not set_up_partnerships(request).filter(pk=partnership.pk).exists():
        raise PermissionDenied("You do not administer this partnership")
    return partnership


def set_up_row[M: (Closure, RoleAssignment)](
    request: HttpRequest, rows: QuerySet[M], pk: int, what: str
) -> M:
    """One row of a partnership's set-up (a closure day, a role): 404 when there is none, 403
    when the person does not set its partnership up."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404(f"No such {what}")
    partnership_to_set_up(request, row.partnership_id)
    return row


def _setting_page(
    request: HttpRequest,
    form: Form,
    act: Callable[[dict[str, Any]], str],
    partnership: Partnership,
    template: str,
) -> HttpResponse:
    """One of the partnership's settings as a form page, back to its set-up checklist."""
    return form_page(
        request,
        form,
        act,
        section=SECTION,
        template=f"web/manage/{template}.html",
        back_to=reverse("web:manage-setup", args=[partnership.pk]),
        partnership=partnership,
    )


@setup_allowed
def stop_new_cases(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """GET: what stopping new cases means; POST: take the partnership out of live, saying why."""
    partnership = partnership_to_set_up(request, partnership_id)
    form = StopNewCasesForm(posted(request))

    def stop(values: dict[str, Any]) -> str:
        actions.stop_new_cases(
            actor=person_of(request),
            partnership=partnership,
            reason=values["reason"],
            now=timezone.now(),
        )
        return gettext(
            "%(partnership)s is not live: nobody can raise a new case until it goes live"
        ) % {"partnership": partnership.name}

    return _setting_page(request, form, stop, partnership, "setup_stop_new_cases")


@setup_allowed
def alert_time(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """The time of day the partnership's deadline alerts are given; changing it moves the alerts
    still to fall on its open cases, each on its case's record."""
    partnership = partnership_to_set_up(request, partnership_id)
    form = AlertTimeForm(posted(request), initial={"at": f"{partnership.alert_time:%H:%M}"})

    def change(values: dict[str, Any]) -> str:
        moved = change_alert_time(
            actor=person_of(request), partnership=partnership, at=values["at"], now=timezone.now()
        )
        return ngettext(
            "Alerts are given at %(time)s: the alerts of %(count)d open case moved",
            "Alerts are given at %(time)s: the alerts of %(count)d open cases moved",
            moved,
        ) % {"time": f"{values['at']:%H:%M}", "count": moved}

    return _setting_page(request, form, change, partnership, "setup_alert_time")


@setup_allowed
def default_language(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """The language of pages, e-mails and documents for the partnership's people who have not
    chosen one (English or Cymraeg); the change is in the administration log."""
    partnership = partnership_to_set_up(request, partnership_id)
    form = DefaultLanguageForm(posted(request), initial={"language": partnership.default_language})

    def change(values: dict[str, Any]) -> str:
        changed = actions.set_default_language(
            actor=person_of(request),
            partnership=partnership,
            language=values["language"],
            now=timezone.now(),
        )
        return gettext("The default language of %(name)s is %(language)s") % {
            "name": changed.name,
            "language": changed.get_default_language_display(),
        }

    return _setting_page(request, form, change, partnership, "setup_default_language")


def setup_links(partnership: Partnership) -> dict[str, str]:
    """The set-up pages of one partnership (the checklist's links)."""
    return {
        "checklist": reverse("web:manage-setup", args=[partnership.pk]),
        "roles": reverse("web:manage-policy-roles", args=[partnership.pk]),
        "closures": reverse("web:manage-closures", args=[partnership.pk]),
    }


@setup_allowed
def setup_index(request: HttpRequest) -> HttpResponse:
    """The partnerships to set up (straight to the checklist when there is only one)."""
    person = person_of(request)
    partnerships = list(set_up_partnerships(request))
    site_admin = actions.is_site_administrator(person)
    if len(partnerships) == 1 and not site_admin:
        return redirect("web:manage-setup", partnerships[0].pk)
    return render(
        request,
        "web/manage/setup_index.html",
        {
            "sections": sections(request, SECTION),
            "partnerships": partnerships,
            "site_admin": site_admin,
        },
    )


@setup_allowed
def checklist(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_to_set_up(request, partnership_id)
    links = setup_links(partnership)
    missing = gaps(partnership, on=timezone.localdate())
    rows = []
    for gap in missing:
        if gap.topic in FIX:
            name, label = FIX[gap.topic]
            href, text = reverse(name), str(label)
        else:
            href, text = links["roles"], gettext("Assign the policy's roles")
        rows.append({"message": gap.message, "href": href, "text": text})
    return render(
        request,
        "web/manage/setup_checklist.html",
        {
            "sections": sections(request, SECTION),
            "partnership": partnership,
            "gaps": rows,
            "links": links,
        },
    )


@setup_allowed
def go_live(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """GET: what going live means; POST: go live, or say why not."""
    partnership = partnership_to_set_up(request, partnership_id)
    error = ""
    if request.method == "POST":
        try:
            actions.go_live(actor=person_of(request), partnership=partnership, now=timezone.now())
        except actions.AdminActionRejected as refused:
            error = refused.message
        else:
            messages.success(
                request,
                gettext("%(partnership)s is live: cases can now be raised")
                % {"partnership": partnership.name},
            )
            return redirect("web:manage-setup", partnership.pk)
    return render(
        request,
        "web/manage/setup_go_live.html",
        {
            "sections": sections(request, SECTION),
            "partnership": partnership,
            "missing": len(gaps(partnership, on=timezone.localdate())),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def partnership_add(request: HttpRequest) -> HttpResponse:
    """A site administrator creates a partnership and its first administrator, who is e-mailed
    a link to choose a password when they are new to Accord."""
    actor = person_of(request)
    if not actions.is_site_administrator(actor):
        raise PermissionDenied("Only a site administrator can create a partnership")
    form = PartnershipForm(posted(request))
    created: list[actions.Created] = []

    def create(values: dict[str, Any]) -> str:
        details = {key: values[key] for key in PartnershipForm.base_fields}
        result = create_partnership_inviting(actor=actor, now=timezone.now(), **details)
        created.append(result)
        if not result.changed:
            return gettext("%(partnership)s already exists with these details: nothing changed") % {
                "partnership": result.partnership.name
            }
        return gettext("%(partnership)s has been created with %(name)s as its administrator") % {
            "partnership": result.partnership.name,
            "name": result.administrator.full_name,
        }

    if applied(request, form, create):
        return redirect("web:manage-setup", created[0].partnership.pk)
    return render(
        request,
        "web/manage/partnership_form.html",
        {"form": form, "sections": sections(request, SECTION)},
    )
