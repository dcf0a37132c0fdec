"""The chair's decision on a referred case: convene the partnership's resolution panel (yes,
with its members) or not (no: the chair decides). Recorded once, either way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext, ngettext

from accord.accounts.models import Person
from accord.engine.notices import Recorded

from ..case_reading import PANEL_DECLINED
from ..models import Case, PanelMember
from ..notices import CASE_TOPIC
from ..notifying import notify_record
from ._allowed import lock_allowed
from ._core import CaseActionRejected, record_only


@transaction.atomic
def convene_panel(
    *,
    case: Case,
    actor: Person,
    members: Sequence[Person],
    now: datetime,
    seen: int | None = None,
    convene: bool = True,
    reason: str = "",
) -> list[PanelMember]:
    """The chair's yes or no. Yes: name the panel's members, as the policy's
    `[resolution.panel]` says: people from at least `agencies` different agencies, including
    both parties' agencies when `include_parties`. No (`convene` False): no panel, the chair
    decides, with the `reason` kept. Decided once per case. A panel convened: its members,
    the parties' holders and the raiser are told at once."""
    locked = lock_allowed(case, actor, "convene_panel", now=now, seen=seen)
    if not convene:
        record_only(
            locked,
            kind=PANEL_DECLINED,
            actor=actor,
            summary="The chair decided not to convene a resolution panel",
            details={"convene": False, "reason": reason.strip()},
            now=now,
        )
        return []
    policy = locked.policy
    panel = policy.resolution.panel
    needed = panel.agencies if panel else 3
    people = list({p.pk: p for p in members}.values())
    if any(not p.is_active for p in people):
        raise CaseActionRejected(gettext("Every panel member must have an active account"))
    agencies = {p.agency_id for p in people if p.agency_id is not None}
    if len(agencies) < needed:
        raise CaseActionRejected(
            ngettext(
                "The panel needs members from at least %(needed)d different agency; these "
                "come from %(count)d",
                "The panel needs members from at least %(needed)d different agencies; these "
                "come from %(count)d",
                needed,
            )
            % {"needed": needed, "count": len(agencies)}
        )
    parties = {locked.case.raising_agency_id, locked.case.receiving_agency_id}
    if (panel is None or panel.include_parties) and not parties <= agencies:
        raise CaseActionRejected(
            gettext(
                "The panel must include a member from each of the two agencies in the disagreement"
            )
        )
    seated = PanelMember.objects.bulk_create(
        [
            PanelMember(
                case=locked.case, person=p, agency_id=p.agency_id, added_by=actor, added_at=now
            )
            for p in people
        ]
    )
    record_only(
        locked,
        kind="panel_convened",
        actor=actor,
        summary=f"Resolution panel convened: {len(people)} members from {len(agencies)} agencies",
        details={"convene": True, "members": [p.pk for p in people]},
        now=now,
    )
    notify_record(
        locked.case,
        Recorded.PANEL_CONVENED,
        topic=CASE_TOPIC,
        label=f"Stage {locked.case.stage}",
        now=now,
        actor=actor,
    )
    return seated
