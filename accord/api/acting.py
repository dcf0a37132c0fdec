"""Acting on a case through the API: the web's own declared actions (`case_action_page.Action`:
the offer, its form, its one action), asked in the pages' order of refusals (404 unseen; a stale
`seen` 409; `refusal_of`: 409 ended, 403 not this person, 409 not now), the body checked by the
page's form, then the action run (a signature, `reauthenticate`, with the signer's code:
`signing`). Nothing is decided here that the pages do not decide."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response

from accord.cases import actions
from accord.web.views.case_acting import Acting, changed_message, offered, refusal_of
from accord.web.views.case_action_page import Action

from .problems import Problem
from .signing import confirm_it_is_them
from .views_cases import person_of, read_and_log, read_page
from .writes import note_write

NOT_ON_THE_CASE = (
    "The case has no such task, planned meeting or side: use the `id`s the case lists (a "
    "meeting held or cancelled is no longer planned)"
)


def form_data(given: Mapping[str, Any]) -> QueryDict:
    """The checked JSON body as the page's form would have been sent: a yes/no as `yes`/`no`,
    `facts` as the form's `fact_<key>` fields, a date as its day, month and year fields, a list
    (of people's ids) as the form's checkboxes."""
    data = QueryDict(mutable=True)
    for name, value in given.items():
        if isinstance(value, list):
            data.setlist(name, [str(each) for each in value])
        elif isinstance(value, date):
            for part in ("day", "month", "year"):
                data[f"{name}_{part}"] = str(getattr(value, part))
        elif isinstance(value, dict):
            for key, fact in value.items():
                data[f"{name.removesuffix('s')}_{key}"] = "yes" if fact else "no"
        elif isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif value is not None:
            data[name] = str(value)
    return data


def act(
    request: Request,
    reference: str,
    *,
    choose: Callable[[Acting], Action],
    body: type[drf.Serializer[Any]],
    args: Mapping[str, Any] | None = None,
) -> Response:
    """Take the action `choose` picks for the case (the web's), with the JSON body checked by
    `body` (its types) and then by the action's own form; the case as it is after. `args` are
    the path's other values (a task's or a planned meeting's id, a side), named as the page's
    URL names them: the action's `context` finds its task or meeting by them (404 if none)."""
    now = timezone.now()
    page = read_page(request, reference, now)
    person = person_of(request)
    acting = Acting(
        request=request._request, person=person, page=page, now=now, args=dict(args or {})
    )
    try:  # the task, planned meeting or side the path names (the page's 404 for any other)
        action = choose(acting)
        if action.context is not None:
            acting.context.update(action.context(acting))
    except Http404:
        raise Problem(404, "not-found", NOT_ON_THE_CASE) from None
    asked = action.asks(acting) if action.asks is not None else offered(acting, action.offer)
    seen = request.data.get("seen") if isinstance(request.data, dict) else None
    if isinstance(seen, int) and not isinstance(seen, bool) and seen != acting.seen:
        raise Problem(409, "stale", changed_message(page, seen))
    if (found := refusal_of(acting, asked)) is not None:  # before the body, as the pages
        status, because = found
        slug = "forbidden" if status == 403 else "not-allowed-now"
        raise Problem(status, slug, f"You cannot {asked.permission.doing}: {because}")
    given = body(data=request.data)
    given.is_valid(raise_exception=True)
    data = form_data(given.validated_data)
    form = action.make_form(acting, data)
    for name, field in form.fields.items():  # an unticked box is not sent, as by a browser
        if isinstance(field, forms.BooleanField) and given.validated_data.get(name) is False:
            data.pop(name, None)
    if not form.is_valid():
        raise Problem(
            422,
            "invalid-input",
            "See `errors`",
            errors=[
                {"field": _field(name), "detail": str(message)}
                for name, messages in form.errors.items()
                for message in messages
            ],
        )
    try:
        with transaction.atomic():  # the action's event and which token made it, together
            if action.reauthenticate:  # a signature: the person's code (decision 33)
                confirm_it_is_them(request)
            action.perform(acting, form.cleaned_data)
            note_write(request, page.case, operation=action.offer, now=now)
    except actions.CaseChanged as changed:
        raise Problem(409, "stale", changed.message) from None
    except actions.CaseActionRejected as refusal:
        raise Problem(422, "invalid-input", refusal.message) from None
    return Response(read_and_log(request, reference, now))


def _field(name: str) -> str:
    if name.startswith("fact_"):
        return f"facts.{name.removeprefix('fact_')}"
    return name
