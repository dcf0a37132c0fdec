"""`accord policy simulate` names the people the live service tells: for each shipped policy, the
alerts the sweep records for a case left alone (due soon, passed, non-response, reminders) are the
`alerts` simulate reports for the same events, with the same roles."""

from __future__ import annotations

from datetime import date

import pytest

from accord.cases.models import CaseEvent, CaseNotification
from accord.cases.state import engine_events
from accord.cases.sweep import tick
from accord.engine.case_state import AlertKind
from accord.engine.simulate import simulate
from accord.partnerships.policies import policy_of

from .walking import LONDON, Walker, london, partnership_for

pytestmark = pytest.mark.django_db

TIMED = {str(k) for k in (AlertKind.DUE_SOON, AlertKind.PASSED, AlertKind.NON_RESPONSE)}
TIMED.add(str(AlertKind.NUDGE))
LAST = "2027-01-15"  # three and a half weeks across Christmas

# What each policy's case must have among its alerts, so the comparison is never empty.
KINDS = {
    "bath-north-east-somerset.toml": {"nudge"},
    "blackburn-with-darwen.toml": {"due_soon", "passed", "non_response"},
    "generic-lscb.toml": {"nudge"},
    "northumberland.toml": {"due_soon", "passed", "nudge"},
    "stockport.toml": {"nudge"},
}


@pytest.mark.parametrize("policy_file", sorted(KINDS))
def test_the_sweep_tells_the_roles_simulate_reports(policy_file: str) -> None:
    walker = Walker(partnership_for(policy_file))
    case = walker.raise_case(london("2026-12-21"))
    tick(now=london(LAST).replace(hour=23, minute=59))

    recorded = sorted(
        (n.due_at.astimezone(LONDON).date().isoformat(), n.trigger, tuple(n.roles))
        for n in CaseNotification.objects.filter(case=case, kind__in=TIMED)
    )
    history = CaseEvent.objects.filter(case=case).order_by("sequence")
    events = engine_events(list(history))
    result = simulate(policy_of(case.policy_version), events, as_of=date.fromisoformat(LAST))
    reported = sorted(
        (a["at"], a["trigger"], tuple(a["to"]))
        for a in result["alerts"]
        if a["trigger"].rpartition("/")[2] in TIMED
    )
    assert recorded == reported
    assert KINDS[policy_file] <= {trigger.rpartition("/")[2] for _, trigger, _ in recorded}
