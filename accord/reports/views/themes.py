"""The partnership's themes, managed by its administrators (the policy's list to start)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accord.engine.policy.model import Policy
from accord.input_limits import record_id
from accord.partnerships.models import Partnership, Theme
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force

from .. import access, actions
from ..forms import ChooseForm, ThemeForm
from ._common import person_of, sections, with_partnership

MOVES = {"up": -1, "down": 1}


def _policy(partnership: Partnership) -> Policy | None:
    try:
        return policy_of(policy_version_in_force(partnership, on=timezone.localdate()))
    except NoPolicyInForce:
        return None


class Refusal(forms.Form):
    """No fields: carries a refusal to the error summary when a theme's button was pressed."""


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    chooser = ChooseForm(request.GET or None, partnerships=access.theme_partnerships(person))
    partnership = chooser.chosen()
    if partnership is None:
        raise PermissionDenied("Only a partnership's administrators can manage its themes")
    if chooser.is_bound and not chooser.is_valid():
        raise PermissionDenied("Choose a partnership you administer")
    policy = _policy(partnership)
    form: forms.Form = ThemeForm()
    if request.method == "POST":
        form, done = _change(request, partnership, policy)
        if done:
            return redirect(with_partnership("web:partnership-themes", partnership))
    rows = list(Theme.objects.filter(partnership=partnership).order_by("position", "name"))
    return render(
        request,
        "reports/themes.html",
        {
            "form": form,
            "add_form": form if isinstance(form, ThemeForm) else ThemeForm(),
            "chooser": chooser,
            "partnership": partnership,
            "sections": sections(person, "web:partnership-themes", partnership),
            "themes": rows,
            "policy_themes": list(policy.themes) if policy else [],
        },
    )


def _change(
    request: HttpRequest, partnership: Partnership, policy: Policy | None
) -> tuple[forms.Form, bool]:
    """Apply the button pressed: adopt the policy's list, add, retire, bring back, move."""
    person = person_of(request)
    now = timezone.now()
    what = request.POST.get("change", "add")
    form: forms.Form = ThemeForm(request.POST) if what == "add" else Refusal({})
    form.is_valid()
    try:
        if what == "adopt":
            added = actions.adopt_policy_themes(
                actor=person, partnership=partnership, policy=policy, now=now
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s theme copied from the policy",
                    "%(count)s themes copied from the policy",
                    added,
                )
                % {"count": added},
            )
            return form, True
        if what == "add":
            if not form.is_valid():
                return form, False
            theme = actions.add_theme(
                actor=person, partnership=partnership, name=form.cleaned_data["name"],
                policy=policy, now=now,
            )  # fmt: skip
            messages.success(
                request, gettext("The theme %(name)s has been added") % {"name": theme.name}
            )
            return form, True
        chosen = Theme.objects.filter(
            partnership=partnership, pk=_int(request.POST.get("theme"))
        ).first()
        if chosen is None or what not in {"retire", "restore", *MOVES}:
            form.add_error(None, "Choose a theme and what to do with it")
            return form, False
        if what in MOVES:
            actions.move_theme(actor=person, theme=chosen, by=MOVES[what], now=now)
        else:
            actions.set_theme_active(actor=person, theme=chosen, active=what == "restore", now=now)
        messages.success(
            request, gettext("The theme %(name)s has been changed") % {"name": chosen.name}
        )
        return form, True
    except actions.LearningActionRejected as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return form, False


def _int(value: str | None) -> int:
    return record_id(value) or 0
