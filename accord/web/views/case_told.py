"""Acting for people who are told about a case without holding it: the next level taking a side
over when it did not respond (after the non-response alert), and an adviser recording advice."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.cases import actions
from accord.cases.models import Side
from accord.web import case_forms

from .case_acting import Acting
from .case_action_page import Action, action_view, form_of, one_of

# --- Take a side over -------------------------------------------------------------------


def _taking_over(side: Side, acting: Acting) -> dict[str, Any]:
    case = acting.case
    agency = case.raising_agency if side == Side.RAISING else case.receiving_agency
    replacing = [h.person for h in acting.page.holders(side)]
    return {
        "side": side.value,
        "agency": agency,
        "replacing": replacing,
        "replacing_names": ", ".join(person.full_name for person in replacing),
    }


def _take_over(side: Side, acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.take_over, data, "reason", side=side.value)
    told = acting.told()
    if side == Side.RAISING:
        held = gettext("You hold case %(reference)s for the raising side now.")
    else:
        held = gettext("You hold case %(reference)s for the receiving side now.")
    return f"{held % {'reference': acting.case.reference}}{told}"


TAKE_OVER = {
    side.value: Action(
        offer=f"take_over_{side.value}",
        title=_("Take the case over"),
        template="web/case/take_over.html",
        make_form=form_of(case_forms.TakeOverForm),
        perform=partial(_take_over, side),
        context=partial(_taking_over, side),
        field="reason",
    )
    for side in Side
}
take_over = action_view(
    *TAKE_OVER.values(), choose=lambda acting: one_of(TAKE_OVER, acting.args["side"])
)


# --- Record advice ----------------------------------------------------------------------


def _record_advice(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.record_advice, data, "advice")
    told = acting.told()
    recorded = gettext("Your advice is recorded on case %(reference)s.")
    return f"{recorded % {'reference': acting.case.reference}}{told}"


RECORD_ADVICE = Action(
    offer="record_advice",
    title=_("Record advice"),
    template="web/case/record_advice.html",
    make_form=form_of(case_forms.AdviceForm),
    perform=_record_advice,
    field="advice",
    section="web:case-timeline",
)
record_advice = action_view(RECORD_ADVICE)
