"""What the administration pages share: who may open them, the sub-navigation, paging, and
applying a posted form through an administration action."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.accounts import actions
from accord.accounts.models import Person
from accord.cases import access
from accord.partnerships.models import Partnership

PAGE_SIZE = 50
SECTIONS = [
    (_("Set-up"), "web:manage-setup-index"),
    (_("Agencies"), "web:manage-agencies"),
    (_("People"), "web:manage-people"),
    (_("Import people"), "web:manage-import"),
    (_("Partnership staff"), "web:manage-staff"),
    (_("Policies"), "web:manage-policies"),
    (_("Changes"), "web:manage-changes"),
    (_("Alerts sweep"), "web:manage-sweep"),
    (_("Subject access"), "web:manage-subject-access"),
    (_("Retention"), "web:manage-retention"),
    (_("Webhooks"), "web:manage-webhooks"),
    (_("API clients"), "api-clients"),  # accord.api.client_pages
]

type View = Callable[..., HttpResponse]


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


def administrator_required(view: View) -> View:
    """Signed in (else the sign-in page) and administering a partnership (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_administrator(person_of(request)):
            raise PermissionDenied("Only partnership administrators can open this page")
        return view(request, *args, **kwargs)

    return wrapper


def partnerships_of(person: Person) -> QuerySet[Partnership]:
    return Partnership.objects.filter(pk__in=access.administered(person)).order_by("name")


def chosen_partnership(values: dict[str, Any], partnerships: QuerySet[Partnership]) -> Partnership:
    """The partnership a form chose, or the only one its administrator administers (the form
    asks only when there are several)."""
    return values.get("partnership") or partnerships.get()


def sections(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    return [
        {"text": text, "href": reverse(name), "current": name == current} for text, name in SECTIONS
    ]


def page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The list's other filters, to keep in the paging links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def applied(
    request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], str]
) -> bool:
    """Whether a posted form was valid and its administration action went through. `action` takes
    the cleaned data, makes the change and returns what to tell the administrator; a change the
    rules refuse becomes an error on the form (on the field it names, when the form has one)."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        done = action(form.cleaned_data)
    except actions.AdminActionRejected as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return False
    messages.success(request, done)
    return True


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted data to bind a form to; None when the page is only being shown."""
    return request.POST if request.method == "POST" else None


def confirm_removal(
    request: HttpRequest,
    remove: Callable[[], str],
    *,
    back_to: str,
    template: str,
    section: str,
    **context: Any,
) -> HttpResponse:
    """A removal page: GET asks to confirm; POST removes (`remove` returns what to tell the
    administrator) and goes `back_to` the list; a refusal is shown on the confirmation page."""
    error = ""
    if request.method == "POST":
        try:
            done = remove()
        except actions.AdminActionRejected as refused:
            error = refused.message
        else:
            messages.success(request, done)
            return redirect(back_to)
    return render(
        request, template, {"error": error, "sections": sections(request, section), **context}
    )


def form_page(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], str],
    *,
    section: str,
    template: str,
    back_to: str | None = None,
    **context: Any,
) -> HttpResponse:
    """An administration form page: once `applied`, `back_to` (by default `section`'s list);
    otherwise the form (with its errors) in `template`, under the sub-navigation."""
    if applied(request, form, action):
        return redirect(back_to or section)
    return render(
        request, template, {"form": form, "sections": sections(request, section), **context}
    )
