"""Administration → API clients (`/manage/api-clients/`): a partnership administrator registers
an agency's case-management system (after their authenticator code; its secret is shown once)
and revokes one (decision 30)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, Person
from accord.accounts.scope import administered
from accord.web.reauth import reauthentication_required
from accord.web.views.manage.common import administrator_required, sections

from .clients import register_client, revoke_client
from .models import ApiClient, Scope
from .tokens import NAME_LENGTH, TokenRefused

SECTION = "api-clients"


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # administrator_required has run
    return user


class ClientForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label=_("Agency"),
        empty_label=None,
        error_messages={
            "required": _("Choose the agency whose system it is"),
            "invalid_choice": _("Choose the agency whose system it is"),
        },
    )
    name = forms.CharField(
        label=_("The system's name"),
        max_length=NAME_LENGTH,
        help_text=_("For example, the children's social care case system"),
        error_messages={
            "required": _("Enter the system's name"),
            "max_length": format_lazy(
                _("The name must be {count} characters or fewer"), count=NAME_LENGTH
            ),
        },
    )
    scope = forms.ChoiceField(
        label=_("What may it do?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the system may do"),
            "invalid_choice": _("Choose what the system may do"),
        },
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(home_partnership_id__in=administered(person))
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]


def _list(request: HttpRequest, form: ClientForm, *, status: int = 200) -> HttpResponse:
    clients = ApiClient.objects.filter(
        agency__home_partnership_id__in=administered(_person(request))
    ).select_related("agency", "created_by")
    return render(
        request,
        "api/clients.html",
        {"form": form, "clients": clients, "sections": sections(request, SECTION)},
        status=status,
    )


@administrator_required
def client_list(request: HttpRequest) -> HttpResponse:
    """The partnership's registered systems and the form to register one."""
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _list(request, ClientForm(person=_person(request)))


@administrator_required
@reauthentication_required
def client_add(request: HttpRequest) -> HttpResponse:
    """Register a system (a POST, after the authenticator code): its secret is on this response
    only, never again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ClientForm(request.POST, person=_person(request))
    if form.is_valid():
        try:
            made = register_client(
                actor=_person(request),
                agency=form.cleaned_data["agency"],
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                now=timezone.now(),
            )
        except TokenRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            context = {"made": made, "sections": sections(request, SECTION)}
            return render(request, "api/client_made.html", context)
    return _list(request, form, status=400)


@administrator_required
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    found = ApiClient.objects.select_related("agency").filter(pk=client_id).first()
    if found is None:
        raise Http404("No such API client")
    if found.agency.home_partnership_id not in administered(_person(request)):
        raise PermissionDenied("Only its partnership's administrators can revoke a system")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        client = revoke_client(actor=_person(request), client_id=client_id, now=timezone.now())
    except TokenRefused:
        raise Http404("No such API client of your partnerships") from None
    messages.success(
        request,
        gettext("%(name)s is revoked: its tokens no longer work") % {"name": client.name},
    )
    return redirect(SECTION)
