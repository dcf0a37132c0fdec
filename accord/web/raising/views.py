"""The raise journey's pages: the start page, each question page and the "another route" page.

Every page reads the journey from the session by the id in its query string; without one (or
with one from another session) it goes back to the start. A page whose earlier pages are not yet
answered sends the person to the first unanswered one.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.engine.policy.model import RouteException
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import NoPolicyInForce, policy_version_in_force

from .journey import find_journey, raised_reference, start_journey
from .questions import SPECS, refused
from .setting import Setting, not_yet_live, raisable
from .steps import (
    ROUTE,
    Place,
    back_url,
    check_url,
    exception_key,
    first_unanswered,
    journey_url,
    places,
    where_next,
)

CAPTION = _("Raise a disagreement")


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


def load(request: HttpRequest, now: datetime) -> Setting | HttpResponse:
    """The journey named by `?journey=`, or where to go instead."""
    person = person_of(request)
    if person.agency_id is None:
        return redirect("web:raise-start")
    journey_id = request.GET.get("journey", "")[:40]
    journey = find_journey(request.session, journey_id)
    if journey is None:
        if raised_reference(request.session, journey_id):
            return redirect(journey_url("done", journey_id))
        return redirect("web:raise-start")
    return Setting(person, journey, timezone.localdate(now))


def go_on(setting: Setting) -> HttpResponse:
    """To the first unanswered page, or to check the answers."""
    missing = first_unanswered(setting)
    return redirect(missing.url(setting.journey.id) if missing else check_url(setting))


@login_required
def start(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if person.agency is None:
        return render(
            request,
            "web/raise/no_agency.html",
            {"title": gettext("You cannot raise a disagreement")},
        )
    now = timezone.now()
    choices = raisable(person.agency, timezone.localdate(now))
    if request.method == "POST" and choices:
        one = choices[0] if len(choices) == 1 else None
        journey = start_journey(
            request.session,
            partnership_id=one[0].pk if one else None,
            version_id=one[1].pk if one else None,
        )
        return go_on(Setting(person, journey, timezone.localdate(now)))
    return render(
        request,
        "web/raise/start.html",
        {
            "title": gettext("Raise a disagreement"),
            "choices": choices,
            "agency": person.agency,
            "not_live": not_yet_live(person.agency),
        },
    )


@login_required
def question(request: HttpRequest, step: str) -> HttpResponse:
    now = timezone.now()
    setting = load(request, now)
    if isinstance(setting, HttpResponse):
        return setting
    here = Place(step, request.GET.get("exception", "")[:100] if step == "exception" else "")
    pages = places(setting)
    if here not in pages:
        return go_on(setting)
    missing = first_unanswered(setting, pages[: pages.index(here)])
    if missing is not None:
        return redirect(missing.url(setting.journey.id))
    spec = SPECS[step]
    change = request.GET.get("change") == "1"
    form = spec.form(setting, here.param, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and not refused(setting, step, form):
        if step == "partnership":
            chosen = {str(p.pk): (p, v) for p, v in setting.partnership_choices}
            partnership, version = chosen[form.cleaned_data["partnership"]]
            if partnership.pk != setting.journey.partnership_id:
                setting.journey.choose_policy(partnership.pk, version.pk)
        else:
            setting.journey.update(form.answers(), clears=spec.clears)
        fresh = Setting(setting.person, setting.journey, setting.today)
        return redirect(where_next(fresh, here, change=change))
    return render(
        request,
        "web/raise/question.html",
        {
            "title": spec.title(setting, here.param),
            "heading": spec.heading,
            "form": form,
            "caption": CAPTION,
            "back_url": back_url(setting, here, change=change),
            "step": step,
            **spec.context(setting, here.param),
        },
    )


def other_version(setting: Setting, exception: RouteException) -> PolicyVersion | None:
    """The version in force of the policy an exception names (4.8), if the partnership has it."""
    if not exception.policy or setting.partnership is None:
        return None
    try:
        version = policy_version_in_force(
            setting.partnership, on=setting.today, policy_id=exception.policy
        )
    except NoPolicyInForce:
        return None
    return None if version.pk == setting.journey.version_id else version


@login_required
def route(request: HttpRequest) -> HttpResponse:
    """An exception answered "yes": the route to use instead, and, when the exception names
    another policy of the partnership, the offer to raise it under that one."""
    now = timezone.now()
    setting = load(request, now)
    if isinstance(setting, HttpResponse):
        return setting
    exception_id = request.GET.get("exception", "")[:100]
    exceptions = setting.policy.exceptions if setting.version is not None else ()
    exception = next((e for e in exceptions if e.id == exception_id), None)
    if exception is None or setting.answers.get(exception_key(exception.id)) is not True:
        return go_on(setting)
    other = other_version(setting, exception)
    if request.method == "POST" and other is not None and setting.partnership is not None:
        setting.journey.choose_policy(setting.partnership.pk, other.pk, via=exception.question)
        return go_on(Setting(setting.person, setting.journey, setting.today))
    question_url = Place("exception", exception.id).url(setting.journey.id)
    return render(
        request,
        "web/raise/route.html",
        {
            "title": gettext("Use a different route"),
            "caption": CAPTION,
            "exception": exception,
            "other": other,
            "back_url": question_url,
            "question_url": question_url,
            "cases_url": reverse("web:case-list"),
            "step": ROUTE,
        },
    )
