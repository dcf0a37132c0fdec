"""Retention (decision 29): a partnership administrator sees how long its closed cases'
personal details are kept and sets its own rule, places and lifts legal holds, and reads the
purge log of what the daily run removed. Cases are named by reference only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts import actions as admin_actions
from accord.cases import access
from accord.cases.actions import CaseActionRejected, lift_legal_hold, place_legal_hold
from accord.cases.models import Case, LegalHold, RetentionPurge, RetentionRun
from accord.cases.retention import cases_due
from accord.engine.london import london_date
from accord.engine.policy.model import Retention
from accord.engine.retention import rule_words
from accord.partnerships.models import Partnership
from accord.partnerships.retention import overriding

from .common import administrator_required, form_page, partnerships_of, person_of, posted, sections
from .retention_forms import LegalHoldForm, LiftLegalHoldForm, RetentionRuleForm

SECTION = "web:manage-retention"
COMING_UP_DAYS = 30
# The purge log's kinds of record (`RetentionPurge.removed`), in words.
REMOVED = {
    "subject": _("the child's or adult's details"),
    "case_text": _("what the case is about"),
    "tasks": _("task titles"),
    "meetings": _("meeting notes"),
    "outcomes": _("outcome records"),
    "debriefs": _("debrief notes"),
    "forms": _("form answers"),
    "deadline_reasons": _("reasons for dates"),
    "events": _("events' words"),
}


def removed_words(removed: dict[str, int]) -> str:
    """`{"tasks": 2, "events": 3}` as "task titles (2), events' words (3)"."""
    parts = [
        gettext("%(what)s (%(count)s)") % {"what": REMOVED.get(kind, kind), "count": count}
        for kind, count in removed.items()
    ]
    return ", ".join(parts) or gettext("nothing was held")


def _rule(partnership: Partnership) -> str:
    """The partnership's own rule in words, or that each case keeps its policy's."""
    years, age = partnership.retention_years_after_closure, partnership.retention_until_age
    if years is None and age is None:
        return gettext("As each case's policy says")
    return gettext("Its own: closed cases are kept %(rule)s") % {
        "rule": rule_words(overriding(partnership, Retention()))
    }


@administrator_required
def retention(request: HttpRequest) -> HttpResponse:
    """The rules, the holds in place, the cases coming up for removal and the purge log."""
    person = person_of(request)
    partnerships = partnerships_of(person)
    ids = set(partnerships.values_list("pk", flat=True))
    today = london_date(timezone.now())
    coming_up = list(cases_due(today + timedelta(days=COMING_UP_DAYS), partnerships=ids))
    return render(
        request,
        "web/manage/retention.html",
        {
            "rules": [(p, _rule(p)) for p in partnerships],
            "holds": LegalHold.objects.filter(
                case__partnership_id__in=ids, lifted_at__isnull=True
            ).select_related("case", "placed_by"),
            "coming_up": coming_up[:100],
            "coming_up_days": COMING_UP_DAYS,
            "purges": [
                (purge, removed_words(purge.removed))
                for purge in RetentionPurge.objects.filter(case__partnership_id__in=ids)[:50]
            ],
            "runs": RetentionRun.objects.all()[:7],
            "sections": sections(request, SECTION),
        },
    )


@administrator_required
def retention_rule(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Set the partnership's own rule (empty fields keep its policy's)."""
    partnership = partnerships_of(person_of(request)).filter(pk=partnership_id).first()
    if partnership is None:
        if Partnership.objects.filter(pk=partnership_id).exists():
            raise PermissionDenied("You do not administer this partnership")
        raise Http404("No such partnership")
    form = RetentionRuleForm(
        posted(request),
        initial={
            "years_after_closure": partnership.retention_years_after_closure,
            "until_age": partnership.retention_until_age,
        },
    )

    def change(values: dict[str, Any]) -> str:
        changed = admin_actions.set_retention(
            actor=person_of(request),
            partnership=partnership,
            years_after_closure=values["years_after_closure"],
            until_age=values["until_age"],
            now=timezone.now(),
        )
        return f"{changed.name}: {_rule(changed)}"

    return form_page(
        request,
        form,
        change,
        section=SECTION,
        template="web/manage/retention_rule.html",
        partnership=partnership,
    )


def _case_action_page(
    request: HttpRequest, form: Any, act: Any, *, template: str, **context: Any
) -> HttpResponse:
    """A legal hold form: once the action goes through, back to the retention page with what
    was done; a refusal becomes the form's error."""
    if form.is_bound and form.is_valid():
        try:
            done = act(form.cleaned_data)
        except CaseActionRejected as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect(SECTION)
    return render(
        request, template, {"form": form, "sections": sections(request, SECTION), **context}
    )


@administrator_required
def legal_hold_add(request: HttpRequest) -> HttpResponse:
    """Place a legal hold on one of the partnership's cases, by its reference."""
    person = person_of(request)
    form = LegalHoldForm(posted(request))

    def place(values: dict[str, Any]) -> str:
        reference = values["reference"].strip().upper()
        case = Case.objects.filter(
            reference=reference, partnership_id__in=access.administered(person)
        ).first()
        if case is None:
            raise CaseActionRejected(
                gettext("None of your partnerships has a case %(reference)s")
                % {"reference": reference}
            )
        place_legal_hold(actor=person, case=case, reason=values["reason"], now=timezone.now())
        return gettext(
            "%(reference)s is under a legal hold: retention will not remove its details"
        ) % {"reference": case.reference}

    return _case_action_page(request, form, place, template="web/manage/retention_hold.html")


@administrator_required
def legal_hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    """Lift a hold in place, saying why."""
    person = person_of(request)
    hold = LegalHold.objects.select_related("case", "placed_by").filter(pk=hold_id).first()
    if hold is None:
        raise Http404("No such legal hold")
    if hold.case.partnership_id not in access.administered(person):
        raise PermissionDenied("Only the partnership's administrators can lift its holds")
    form = LiftLegalHoldForm(posted(request))

    def lift(values: dict[str, Any]) -> str:
        lift_legal_hold(actor=person, hold=hold, reason=values["reason"], now=timezone.now())
        return gettext("The legal hold on %(reference)s is lifted") % {
            "reference": hold.case.reference
        }

    return _case_action_page(
        request,
        form,
        lift,
        template="web/manage/retention_lift.html",
        hold=hold,
        back=reverse(SECTION),
    )
