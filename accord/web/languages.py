"""Which language a request is read in (decision 35), and the language link that changes it.

The language is the signed-in person's saved choice, else the language link's choice for a
visitor (its cookie), else the person's partnership's default, else English
(`accord.accounts.languages` keeps the rule for a person; the cookie is the pages' own step).
The link ("Cymraeg" / "English" at the top of every page, GOV.UK's pattern for Welsh services)
is a plain link for a visitor, which sets the cookie; for a signed-in person a button that POSTs
(with the CSRF token) and saves the choice on their account too. Either way they come back to
the page they were on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from accord.accounts.languages import choose_language, known, language_of
from accord.accounts.models import Person


def chosen_for(request: HttpRequest) -> str:
    """The language of `request`: the person's saved one, the cookie's, their partnership's
    default, or English."""
    user = getattr(request, "user", None)
    person = user if isinstance(user, Person) and user.is_authenticated else None
    if person is not None and known(person.language):
        return person.language
    cookie = known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if cookie:
        return cookie
    return language_of(person) if person is not None else settings.LANGUAGE_CODE


def language_chosen(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Middleware (after authentication): the request's language is active while its page is
    made, and the response says which it is (`Content-Language`)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        code = chosen_for(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            response = get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)  # nothing carries over to the next
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


def _back_to(request: HttpRequest, given: str) -> str:
    """`given` when it is a path on this site, else the home page."""
    if given and url_has_allowed_host_and_scheme(
        given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return given
    return "/"


def change_language(request: HttpRequest) -> HttpResponse:
    """GET `?to=cy&next=PATH` (a visitor's link) or POST `language`, `next` (a signed-in
    person's button, saved on their account): the language from now on, then back to PATH.
    A language Accord does not speak is a 400 page."""
    source = request.POST if request.method == "POST" else request.GET
    code = known(source.get("language") or source.get("to"))
    if code is None:
        return render(request, "web/language_unknown.html", status=400)
    user = request.user
    if request.method == "POST" and isinstance(user, Person) and user.is_authenticated:
        choose_language(person=user, code=code)
    translation.activate(code)
    response = HttpResponseRedirect(_back_to(request, source.get("next", "")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response
