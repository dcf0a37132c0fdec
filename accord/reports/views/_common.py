"""What the partnership pages share: who may open them, the partnership chosen, the section's
navigation, links to the filtered case list, and "confirm it's you" before an export."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.partnerships.models import Partnership
from accord.signin.two_factor import confirmed_within

from .. import access

type View = Callable[..., HttpResponse]

CASE_LIST_PATH = "/cases/partnership/"  # `web:partnership-cases`, if it is not configured yet
SECTIONS = [
    (_("Board"), "web:partnership-board"),
    (_("Trends"), "web:partnership-trends"),
    (_("Learning"), "web:partnership-learning"),
    (_("Quarterly report"), "web:partnership-report"),
]


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


def staff_required(view: View) -> View:
    """Signed in (else the sign-in page) and on a partnership's staff (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_partnership_staff(person_of(request)):
            raise PermissionDenied("Only a partnership's staff can open this page")
        return view(request, *args, **kwargs)

    return wrapper


def reauthentication_required(view: View) -> View:
    """A recent authenticator code before an export (as `accord.web.reauth` asks it: allauth
    sends the person to "Confirm it's you", then back here)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not confirmed_within(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper


def sections(person: Person, current: str, partnership: Partnership | None) -> list[dict[str, Any]]:
    """The section's sub-navigation, keeping the partnership chosen."""
    query = f"?{urlencode({'partnership': partnership.pk})}" if partnership else ""
    items = [
        {"text": text, "href": reverse(name) + query, "current": name == current}
        for text, name in SECTIONS
    ]
    if access.theme_partnerships(person).exists():
        items.append(
            {
                "text": "Themes",
                "href": reverse("web:partnership-themes") + query,
                "current": current == "web:partnership-themes",
            }
        )
    return items


def cases_link(query: dict[str, str]) -> str:
    """The partnership's case list filtered by `query` (the names of `CaseFilters`)."""
    try:
        path = reverse("web:partnership-cases")
    except NoReverseMatch:
        path = CASE_LIST_PATH
    return f"{path}?{urlencode(query)}"


def with_partnership(name: str, partnership: Partnership | None, **more: str) -> str:
    query = {"partnership": str(partnership.pk)} if partnership else {}
    query.update(more)
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)
