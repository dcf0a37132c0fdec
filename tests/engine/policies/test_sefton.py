"""Sefton LSCB escalation procedure (May 2017), a policy written from the published manual with no
code of its own: replayed across the Spring bank holiday 2027.

The policy: the case raised within 2 working days of the disagreement; stage 1, the receiving
Team Manager speaks to the raising agency within 3 working days; stage 2, leads for safeguarding
and Service Managers, 2 working days of initial discussions and a meeting within a further 5
(7 in all), the LSCB Business Manager told on the Notification form when stage 2 starts; the
outcome written to the raising agency (with a copy to the Business Manager at stage 2); complaints
and IRO practice alerts go elsewhere. The copy of the manual read stops at stage 3, so the file
stops at stage 2 (see its header).

Every expected date below was worked out by hand from the English bank holidays of 2027: Spring
bank holiday Mon 31 May, Summer bank holiday Mon 30 Aug. "N wd after X" counts working days after
X (X itself never counts).
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import deadlines, notices, ordered, run, state
from .shipping import checked, explained

POLICY = "sefton"
RECORD = "resolution-record"


def test_the_file_checks_clean_and_explains_every_stage() -> None:
    assert checked(POLICY) == (0, "ok  sefton 2017-05  (2 stages)\n")
    text = explained(POLICY)
    for words in (
        "Version: 2017-05, in effect from 18 May 2017",
        "Raise the case within 2 working days of the concern being identified.",
        "Who holds it on the receiving side: Relevant practitioner's Team Manager",
        "Timescale: within 3 working days of the stage starting.",
        "Timescale: within 7 working days of the stage starting.",
        "The receiving Service Manager convenes a meeting (step meeting): within 5 working days"
        " of the initial-discussions step being done.",
        'When a case enters this stage: LSCB Business Manager (form "Notification that a stage'
        ' was reached").',
        "Use the Practice Alert Procedure of the IRO Service (Safeguarding Unit), not this"
        " procedure.",
    ):
        assert words in text, words


def test_stage_2_with_a_meeting_across_the_spring_bank_holiday() -> None:
    """Raised a day late, agreed at the Service Managers' meeting."""
    events = [
        {"at": "2027-05-25", "type": "raised", "stage": 1, "concern_on": "2027-05-20"},
        {"at": "2027-05-28", "type": "escalated", "reason": "no way forward agreed"},
        {"at": "2027-06-02", "type": "step_done", "step": "initial-discussions"},
        {"at": "2027-06-08", "type": "step_done", "step": "meeting"},
        {"at": "2027-06-08", "type": "resolved"},
        {"at": "2027-06-08", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 2)
    assert deadlines(result) == {
        # 1.1: the concern arose Thu 20 May; 2 wd: Fri 21, Mon 24 -> due Mon 24 May; raised
        # Tue 25: late
        "raise": ("2027-05-20", "2027-05-24", "2027-05-25", "late"),
        # 1.2: raised Tue 25 May; 3 wd: Wed 26, Thu 27, Fri 28 -> due Fri 28 May; escalated 28
        "stage:1": ("2027-05-25", "2027-05-28", "2027-05-28", "met"),
        # 2.3 + 2.4: entered Fri 28 May; 7 wd: (Spring bank holiday Mon 31) Tue 1, Wed 2, Thu 3,
        # Fri 4, Mon 7, Tue 8, Wed 9 Jun -> due Wed 9 Jun; resolved Tue 8: met
        "stage:2": ("2027-05-28", "2027-06-09", "2027-06-08", "met"),
        # 2.3: 2 wd from Fri 28 May: Tue 1, Wed 2 Jun -> due Wed 2 Jun; done 2 Jun
        "stage:2/step:initial-discussions": ("2027-05-28", "2027-06-02", "2027-06-02", "met"),
        # 2.4: "a further 5 working days" from Wed 2 Jun: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9
        "stage:2/step:meeting": ("2027-06-02", "2027-06-09", "2027-06-08", "met"),
    }
    assert notices(result) == ordered(
        [
            # 2.5: the Notification form to the LSCB Business Manager when stage 2 starts
            ("2027-05-28", "stage:2/entered", ("business_manager",), "notification"),
            # 2.4: the outcome to the complainant agency, a copy to the Business Manager
            ("2027-06-08", "stage:2/resolved", ("raiser", "business_manager"), RECORD),
        ]
    )


def test_resolved_by_the_team_manager_before_the_summer_bank_holiday() -> None:
    """1.2: resolved at stage 1; the outcome goes to the raising agency."""
    events = [
        {"at": "2027-08-27", "type": "raised", "stage": 1},
        {"at": "2027-09-01", "type": "resolved"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("resolved", 1)
    assert deadlines(result) == {
        # raised on the day the concern arose, Fri 27 Aug; 2 wd: (Summer bank holiday Mon 30)
        # Tue 31 Aug, Wed 1 Sep -> due Wed 1 Sep; raised 27 Aug: met
        "raise": ("2027-08-27", "2027-09-01", "2027-08-27", "met"),
        # 3 wd from Fri 27 Aug: Tue 31, Wed 1, Thu 2 Sep -> due Thu 2 Sep; resolved Wed 1: met
        "stage:1": ("2027-08-27", "2027-09-02", "2027-09-01", "met"),
    }
    assert notices(result) == [("2027-09-01", "stage:1/resolved", ("raiser",), RECORD)]


def test_the_file_has_no_stage_above_2() -> None:
    """The copy read stops at stage 3, so the file offers no escalation beyond stage 2."""
    events = [
        {"at": "2027-05-25", "type": "raised", "stage": 1},
        {"at": "2027-05-26", "type": "escalated", "reason": "x"},
        {"at": "2027-05-27", "type": "escalated", "reason": "y"},
    ]
    with pytest.raises(EventRejected):
        run(POLICY, events)
