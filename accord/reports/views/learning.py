"""Learning: debriefs after resolution, learning points and good practice recognised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from accord.cases.actions import log_case_view
from accord.cases.models import Case
from accord.partnerships.models import Partnership
from accord.signin.addresses import client_ip

from .. import access, actions
from ..forms import (
    ChooseForm,
    LearningPointChangeForm,
    LearningPointForm,
    QuarterForm,
    RecognitionForm,
)
from ..learning import debriefs_for, learning_points_of, recognitions_of
from ..models import LearningPoint
from ._common import person_of, sections, staff_required, with_partnership

DEBRIEFS_PER_PAGE = 25
LATEST = 50


@staff_required
def learning(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    now = timezone.now()
    today = timezone.localdate()
    form = QuarterForm(
        request.GET or None, partnerships=access.board_partnerships(person), today=today
    )
    partnership = form.chosen()
    assert partnership is not None
    period = form.period()
    debriefs = debriefs_for(partnership.pk, period)
    page = Paginator(debriefs.rows, DEBRIEFS_PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:  # the notes are the case's: each case shown is logged
        log_case_view(
            person=person,
            case=Case(pk=row.case_id),
            now=now,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            action="viewed its debrief in the learning records",
        )
    points = learning_points_of(partnership.pk)
    recognitions = recognitions_of(partnership.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/learning.html",
        {
            "form": form,
            "partnership": partnership,
            "sections": sections(person, "web:partnership-learning", partnership),
            "period": period,
            "debriefs": debriefs,
            "page": page,
            "query": query.urlencode(),
            "points": points[:LATEST],
            "points_count": points.count(),
            "recognitions": recognitions[:LATEST],
            "recognitions_count": recognitions.count(),
            "add_point": with_partnership("web:partnership-learning-point-add", partnership),
            "add_recognition": with_partnership("web:partnership-recognition-add", partnership),
        },
    )


def _partnership_for_writing(request: HttpRequest) -> tuple[ChooseForm, Partnership]:
    """The partnership a record is for: from the query string (kept by the form's action)."""
    chooser = ChooseForm(
        request.GET or None, partnerships=access.board_partnerships(person_of(request))
    )
    if chooser.is_bound and not chooser.is_valid():
        raise PermissionDenied("Choose one of your partnerships")
    partnership = chooser.chosen()
    assert partnership is not None
    return chooser, partnership


def _apply(form: forms.Form, act: Any) -> bool:
    """Run the action on a valid form; its refusal becomes an error on the field it names."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except actions.LearningActionRejected as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return False
    return True


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], None],
    partnership: Partnership,
    template: str,
    **context: Any,
) -> HttpResponse:
    """A learning record's form page: once `_apply`d, back to the partnership's learning page;
    otherwise the form (with its errors) in `template`."""
    back = with_partnership("web:partnership-learning", partnership)
    if _apply(form, act):
        return redirect(back)
    person = person_of(request)
    return render(
        request,
        template,
        {
            "form": form,
            "partnership": partnership,
            "sections": sections(person, "web:partnership-learning", partnership),
            "back": back,
            **context,
        },
    )


@staff_required
def learning_point_add(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    _, partnership = _partnership_for_writing(request)
    form = LearningPointForm(_posted(request))

    def record(values: dict[str, Any]) -> None:
        point = actions.record_learning_point(
            actor=person,
            partnership=partnership,
            group=values["group"],
            summary=values["summary"],
            action=values["action"],
            case_reference=values["case_reference"],
            now=timezone.now(),
        )
        messages.success(
            request, gettext("Learning point %(number)s has been recorded") % {"number": point.pk}
        )

    return _form_page(request, form, record, partnership, "reports/learning_point_form.html")


@staff_required
def learning_point_change(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    point_id = request.GET.get("point", "")
    if not point_id:
        return redirect("web:partnership-learning")
    point = (
        LearningPoint.objects.select_related("partnership", "case")
        .filter(pk=int(point_id) if point_id.isdigit() else 0)
        .first()
    )
    if point is None:
        raise Http404("No such learning point")
    if not access.may_record_learning(person, point.partnership):
        raise PermissionDenied("This learning point is another partnership's")
    data = _posted(request)
    form = LearningPointChangeForm(data, initial={"status": point.status, "action": point.action})

    def change(values: dict[str, Any]) -> None:
        actions.change_learning_point(
            actor=person, point=point, status=values["status"], action=values["action"],
            now=timezone.now(),
        )  # fmt: skip
        messages.success(
            request, gettext("Learning point %(number)s has been changed") % {"number": point.pk}
        )

    return _form_page(
        request,
        form,
        change,
        point.partnership,
        "reports/learning_point_change.html",
        point=point,
        action_url=f"?{urlencode({'point': point.pk})}",
    )


@staff_required
def recognition_add(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    _, partnership = _partnership_for_writing(request)
    data = _posted(request)
    form = RecognitionForm(data, partnership=partnership)

    def record(values: dict[str, Any]) -> None:
        actions.record_recognition(
            actor=person,
            partnership=partnership,
            summary=values["summary"],
            agency=values["agency"],
            case_reference=values["case_reference"],
            now=timezone.now(),
        )
        messages.success(request, gettext("The good practice has been recorded"))

    return _form_page(request, form, record, partnership, "reports/recognition_form.html")
