"""Confirm it is you: ask for the authenticator code again before something that matters.

Signing off an outcome, every export and every PDF of a case must use this (issue 5; the PDFs:
decision 19). A person who gave a code
(signing in, or confirming) in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds goes straight
through; anyone else is sent to "Confirm it's you" and then back, with a POST replayed as it
was sent. See docs/howto/reauthentication.md.

    from accord.web.reauth import reauthentication_required

    @login_required
    @reauthentication_required
    def export_cases(request): ...

    @login_required
    @reauthentication_required(allow_get=True)   # show the form; ask when it is sent
    def sign_off(request, reference): ...

    class ExportView(ReauthenticationRequiredMixin, View): ...

    confirm_it_is_them(request)   # in a view, once it has made its own checks
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest, HttpResponse

from accord.signin.two_factor import confirmed_within

View = Callable[..., HttpResponse]


def confirm_it_is_them(request: HttpRequest) -> None:
    """Ask for the code now unless one was given recently: for a view that must answer its own
    questions first (a case the person cannot see is a 404 before anything is asked)."""
    if not confirmed_within(request):
        # allauth's AccountMiddleware keeps the request (a POST's data too), sends the
        # person to confirm with their authenticator code, then replays it.
        raise ReauthenticationRequired()


def _require(view: View, allow_get: bool) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (allow_get and request.method in {"GET", "HEAD"}):
            confirm_it_is_them(request)
        return view(request, *args, **kwargs)

    return wrapped


@overload
def reauthentication_required(view: View, /) -> View: ...
@overload
def reauthentication_required(*, allow_get: bool = False) -> Callable[[View], View]: ...
def reauthentication_required(
    view: View | None = None, /, *, allow_get: bool = False
) -> View | Callable[[View], View]:
    """Require a recent authenticator code. With `allow_get=True`, only POSTs (and other
    writes) ask: the form shows first. Put it under `login_required`."""
    if view is not None:
        return _require(view, allow_get)
    return lambda inner: _require(inner, allow_get)


class ReauthenticationRequiredMixin:
    """The class-based form: `reauthentication_allow_get = True` to ask on POST only."""

    reauthentication_allow_get = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent = super().dispatch  # type: ignore[misc]
        guarded = reauthentication_required(allow_get=self.reauthentication_allow_get)(parent)
        return guarded(request, *args, **kwargs)
