"""The "API tokens" page under a person's account (`/account/api-tokens/`): their tokens, making
one (after their authenticator code: "confirm it's you", `accord.web.reauth`; the token is shown
once) and revoking one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.web.reauth import reauthentication_required

from .models import ApiToken, Scope
from .tokens import EXPIRY_DAYS, NAME_LENGTH, TokenRefused, make_token, revoke_token


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


def _days(days: int) -> str:
    return ngettext("In %(count)d day", "In %(count)d days", days) % {"count": days}


_in_days = lazy(_days, str)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LENGTH,
        help_text=_(
            "What the token is for, so you know it later: for example, our case system. "
            "Do not include a child's name."
        ),
        error_messages={
            "required": _("Enter a name for the token"),
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
            "required": _("Choose what the token may do"),
            "invalid_choice": _("Choose what the token may do"),
        },
    )
    days = forms.TypedChoiceField(
        label=_("When does it expire?"),
        coerce=int,
        choices=[(str(d), _in_days(d)) for d in EXPIRY_DAYS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose when the token expires"),
            "invalid_choice": _("Choose when the token expires"),
        },
    )


def _list(request: HttpRequest, form: TokenForm, *, status: int = 200) -> HttpResponse:
    now = timezone.now()
    tokens = list(ApiToken.objects.filter(person_id=_person(request).pk))
    rows = [
        {
            "token": t,
            "state": "Revoked" if t.revoked_at else "Expired" if t.expires_at <= now else "Active",
        }
        for t in tokens
    ]
    return render(request, "api/tokens.html", {"form": form, "rows": rows}, status=status)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens and the form to make one."""
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _list(request, TokenForm())


@login_required
@reauthentication_required
def token_add(request: HttpRequest) -> HttpResponse:
    """Make a token (a POST, after the authenticator code); its text is shown on this response
    only, never again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            made = make_token(
                person=_person(request),
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
                now=timezone.now(),
            )
        except TokenRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return render(request, "api/token_made.html", {"made": made})
    return _list(request, form, status=400)


@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        token = revoke_token(person=_person(request), token_id=token_id, now=timezone.now())
    except TokenRefused:
        raise Http404("No such token of yours") from None
    messages.success(
        request,
        gettext("Token %(prefix)s is revoked: it no longer works") % {"prefix": token.prefix},
    )
    return redirect("api-tokens")
