"""The top of the ladder: a case unresolved at the top stage referred to the partnership's
final process, and the resolution panel convened for it (its decision: `case_ending.resolve`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, Person
from accord.cases import actions
from accord.cases.models import Case
from accord.web.ending_forms import PanelForm, ReferForm

from .case_acting import Acting
from .case_action_page import Action, action_view, form_of
from .case_ending import TEMPLATES, ending_page


def _refer(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.refer_case, data, "reason")
    return gettext("Case referred to the partnership")


REFER = Action(
    offer="refer",
    title=_("Refer the case"),
    template=f"{TEMPLATES}/refer.html",
    make_form=form_of(ReferForm),
    perform=_refer,
    context=ending_page(),
)
refer = action_view(REFER)


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


def _panel_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    case = acting.case
    parties = {case.raising_agency_id, case.receiving_agency_id}
    return PanelForm(data, people=list(panel_candidates(case)), parties=parties)


def _panel_rule(acting: Acting) -> dict[str, Any]:
    rule = acting.policy.resolution.panel
    return {
        "needed": rule.agencies if rule else 3,
        "include_parties": rule.include_parties if rule else True,
    }


def _convene(acting: Acting, data: dict[str, Any]) -> str:
    convene = data["convene"] == "yes"
    seated = acting.run(
        actions.convene_panel,
        data,
        members=list(data["members"]),
        convene=convene,
        reason=data.get("reason", "") if not convene else "",
    )
    if not convene:
        return gettext("Recorded: the chair decided not to convene a resolution panel")
    told = acting.told()
    convened = ngettext(
        "Resolution panel convened: %(count)d member.",
        "Resolution panel convened: %(count)d members.",
        len(seated),
    ) % {"count": len(seated)}
    return f"{convened}{told}"


PANEL = Action(
    offer="convene_panel",
    title=_("The chair’s decision on a resolution panel"),
    template=f"{TEMPLATES}/panel.html",
    make_form=_panel_form,
    perform=_convene,
    context=ending_page(_panel_rule),
    section="web:case-work",
)
panel = action_view(PANEL)
