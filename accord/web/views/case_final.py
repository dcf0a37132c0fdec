"""The top of the ladder: a case unresolved at the top stage referred to the partnership's
final process, and the resolution panel convened for it (its decision: `case_ending.resolve`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Agency, Person
from accord.cases import actions
from accord.cases.models import Case
from accord.web.ending_forms import PanelForm, ReferForm

from .case_acting import acting_on, posted, refusal_for
from .case_action_page import apply
from .case_ending import ending_page, overview_url


@login_required
def refer(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer a case unresolved at the top stage to the partnership's final process."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    form = ReferForm(posted(request), initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.refer_case(
            case=case, actor=acting.person, reason=data["reason"], now=acting.now, seen=data["seen"]
        )
        return "Case referred to the partnership"

    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal_for(acting, "refer"),
        act=act,
        done_url=overview_url(case),
    )
    if applied.response:
        return applied.response
    return ending_page(
        request, acting, "refer.html", form, title="Refer the case", changed=applied.changed
    )


def panel_candidates(case: Case) -> Any:
    """Active people of the agencies working in the case's partnership (and both parties)."""
    agencies = Agency.objects.filter(
        Q(home_partnership_id=case.partnership_id)
        | Q(serves=case.partnership_id)
        | Q(pk__in=[case.raising_agency_id, case.receiving_agency_id])
    ).values("pk")
    return (
        Person.objects.filter(is_active=True, agency_id__in=agencies)
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )


@login_required
def panel(request: HttpRequest, reference: str) -> HttpResponse:
    """Convene the resolution panel of a case referred to it."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    parties = {case.raising_agency_id, case.receiving_agency_id}
    form = PanelForm(
        posted(request),
        people=list(panel_candidates(case)),
        parties=parties,
        initial={"seen": acting.seen},
    )

    def act(data: dict[str, Any]) -> str:
        seated = actions.convene_panel(
            case=case,
            actor=acting.person,
            members=list(data["members"]),
            now=acting.now,
            seen=data["seen"],
        )
        return f"Resolution panel convened: {len(seated)} members"

    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal_for(acting, "convene_panel"),
        act=act,
        done_url=reverse("web:case-work", args=[case.reference]),
    )
    if applied.response:
        return applied.response
    rule = acting.policy.resolution.panel
    return ending_page(
        request,
        acting,
        "panel.html",
        form,
        title="Convene the resolution panel",
        changed=applied.changed,
        needed=rule.agencies if rule else 3,
        include_parties=rule.include_parties if rule else True,
    )
