"""A partnership's closure days: the list, adding one, removing one. Each change recounts the
open cases' deadlines with the new calendar, on each case's record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accord.cases.actions import add_closure_day, remove_closure_day
from accord.moments import day_words
from accord.partnerships.models import Closure

from .common import confirm_removal, form_page, person_of, posted, sections
from .setup import SECTION, partnership_to_set_up, set_up_row, setup_allowed
from .setup_forms import ClosureForm


def _added(day: date, moved: int) -> str:
    words = {"day": day_words(day), "count": moved}
    if not moved:
        return gettext("%(day)s is a closure day: no open case's deadline moved") % words
    return (
        ngettext(
            "%(day)s is a closure day: %(count)d open deadline moved",
            "%(day)s is a closure day: %(count)d open deadlines moved",
            moved,
        )
        % words
    )


def _removed(day: date, moved: int) -> str:
    words = {"day": day_words(day), "count": moved}
    if not moved:
        return gettext("%(day)s is no longer a closure day: no open case's deadline moved") % words
    return (
        ngettext(
            "%(day)s is no longer a closure day: %(count)d open deadline moved",
            "%(day)s is no longer a closure day: %(count)d open deadlines moved",
            moved,
        )
        % words
    )


@setup_allowed
def closure_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_to_set_up(request, partnership_id)
    return render(
        request,
        "web/manage/closure_list.html",
        {
            "sections": sections(request, SECTION),
            "partnership": partnership,
            "closures": Closure.objects.filter(
                partnership=partnership, date__gte=timezone.localdate()
            ).order_by("date"),
        },
    )


@setup_allowed
def closure_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_to_set_up(request, partnership_id)
    form = ClosureForm(posted(request))

    def add(values: dict[str, Any]) -> str:
        closure, moved = add_closure_day(
            actor=person_of(request),
            partnership=partnership,
            day=values["day"],
            reason=values["reason"],
            now=timezone.now(),
        )
        return _added(closure.date, moved)

    return form_page(
        request,
        form,
        add,
        section=SECTION,
        template="web/manage/closure_form.html",
        back_to=reverse("web:manage-closures", args=[partnership.pk]),
        partnership=partnership,
    )


@setup_allowed
def closure_remove(request: HttpRequest, closure_id: int) -> HttpResponse:
    """GET: ask to confirm; POST: remove the closure day."""
    closure = set_up_row(
        request, Closure.objects.select_related("partnership"), closure_id, "closure"
    )

    def remove() -> str:
        day = closure.date
        moved = remove_closure_day(actor=person_of(request), closure=closure, now=timezone.now())
        return _removed(day, moved)

    return confirm_removal(
        request,
        remove,
        back_to=reverse("web:manage-closures", args=[closure.partnership_id]),
        template="web/manage/closure_remove.html",
        section=SECTION,
        closure=closure,
    )
