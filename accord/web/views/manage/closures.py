"""A partnership's closure days: the list, adding one, removing one. Each change recounts the
open cases' deadlines with the new calendar, on each case's record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accord.accounts import actions
from accord.cases.actions import CaseActionRejected, recompute_open_deadlines
from accord.partnerships.models import Closure, Partnership

from .common import applied, person_of, posted, sections
from .setup import SECTION, partnership_to_set_up, set_up_partnerships, setup_allowed
from .setup_forms import ClosureForm


def _moved(count: int) -> str:
    if not count:
        return "no open case's deadline moved"
    return f"{count} open deadline{'s' if count != 1 else ''} moved"


def _recount(partnership: Partnership, request: HttpRequest, reason: str) -> int:
    try:
        return recompute_open_deadlines(
            partnership=partnership, actor=person_of(request), now=timezone.now(), reason=reason
        )
    except CaseActionRejected as refused:  # a case the engine cannot replay: said, not hidden
        raise actions.AdminActionRejected(refused.message) from None


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
        with transaction.atomic():
            closure = actions.add_closure(
                actor=person_of(request),
                partnership=partnership,
                day=values["day"],
                reason=values["reason"],
                now=timezone.now(),
            )
            moved = _recount(partnership, request, f"Closure day added: {closure.date:%-d %B %Y}")
        return f"{closure.date:%-d %B %Y} is a closure day: {_moved(moved)}"

    if applied(request, form, add):
        return redirect("web:manage-closures", partnership.pk)
    return render(
        request,
        "web/manage/closure_form.html",
        {"form": form, "partnership": partnership, "sections": sections(request, SECTION)},
    )


@setup_allowed
def closure_remove(request: HttpRequest, closure_id: int) -> HttpResponse:
    """GET: ask to confirm; POST: remove the closure day."""
    closure = Closure.objects.select_related("partnership").filter(pk=closure_id).first()
    if closure is None:
        raise Http404("No such closure")
    if not set_up_partnerships(request).filter(pk=closure.partnership_id).exists():
        raise PermissionDenied("You do not administer this partnership")
    error = ""
    if request.method == "POST":
        partnership, day = closure.partnership, closure.date
        try:
            with transaction.atomic():
                actions.remove_closure(
                    actor=person_of(request), closure=closure, now=timezone.now()
                )
                moved = _recount(partnership, request, f"Closure day removed: {day:%-d %B %Y}")
        except actions.AdminActionRejected as refused:
            error = refused.message
        else:
            messages.success(
                request, f"{day:%-d %B %Y} is no longer a closure day: {_moved(moved)}"
            )
            return redirect("web:manage-closures", partnership.pk)
    return render(
        request,
        "web/manage/closure_remove.html",
        {"closure": closure, "error": error, "sections": sections(request, SECTION)},
    )
