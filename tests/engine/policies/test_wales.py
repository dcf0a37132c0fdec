"""The Wales Safeguarding Procedures' route for disagreeing with social services' decision on a
report (Children, Section 2), the shipped bilingual policy: replayed across the Easter bank
holidays of Wales in 2027 (Good Friday 26 March, Easter Monday 29 March).

The policy: stage 1 within the practitioner's own agency (their line manager and the designated
safeguarding person told when the case is raised), stage 2 the senior manager in social services;
no published timescale, so each stage reminds its holders every 2 working days, three times; the
senior manager's decision ends the route, signed off by the raising party.

Every expected date below was worked out by hand from the bank holidays of Wales in 2027.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import HOLDERS, deadlines, load, notices, ordered, run, state
from .shipping import checked, explained

POLICY = "wales"
TOLD_AT_RAISING = ("stage:1/entered", ("raising_managers", "safeguarding_lead"), None)


def test_the_file_checks_clean_and_explains_both_stages() -> None:
    assert checked(POLICY) == (0, "ok  wales 2019-11  (2 stages)\n")
    text = explained(POLICY)
    for words in (
        "Version: 2019-11, in effect from 11 November 2019",
        "Stage 1: Within the practitioner’s own agency",
        "Stage 2: Senior manager in social services",
        "Working days are Monday to Friday, except bank holidays in Wales.",
        "the holders of stage 2 make the final decision",
    ):
        assert words in text, words


def test_up_both_stages_across_easter_to_the_senior_managers_decision() -> None:
    events = [
        {"at": "2027-03-22", "type": "raised"},
        {"at": "2027-03-23", "type": "escalated", "to_stage": 2, "reason": "still concerned"},
        {"at": "2027-04-06", "type": "resolved"},
        {"at": "2027-04-06", "type": "signed_off", "party": "raising"},
        {"at": "2027-04-07", "type": "closed"},
    ]
    result = run(POLICY, events)
    assert state(result) == ("closed", 2)
    assert deadlines(result) == {
        "stage:1": ("2027-03-22", None, "2027-03-23", "met"),
        "stage:2": ("2027-03-23", None, "2027-04-06", "met"),
    }
    assert notices(result) == ordered(
        [
            ("2027-03-22", *TOLD_AT_RAISING),
            # stage 2 from Tue 23 Mar: 24, 25 -> Thu 25; (26 GF, weekend, 29 EM) 30, 31 -> Wed 31;
            # 1, 2 -> Fri 2 Apr. A fourth would fall on Tue 6 Apr: the line managers are told
            # instead (not listed here), and the case is resolved that day.
            ("2027-03-25", "stage:2/nudge", HOLDERS, None),
            ("2027-03-31", "stage:2/nudge", HOLDERS, None),
            ("2027-04-02", "stage:2/nudge", HOLDERS, None),
        ]
    )


def test_the_raising_party_alone_signs_off() -> None:
    events = [
        {"at": "2027-03-22", "type": "raised"},
        {"at": "2027-03-24", "type": "resolved"},
        {"at": "2027-03-24", "type": "signed_off", "party": "raising"},
        {"at": "2027-03-25", "type": "closed"},
    ]
    assert state(run(POLICY, events)) == ("closed", 1)
    with pytest.raises(EventRejected, match="only the raising party signs off"):
        run(POLICY, [*events[:2], {"at": "2027-03-24", "type": "signed_off", "party": "receiving"}])


def test_an_urgent_case_still_starts_at_stage_1() -> None:
    with pytest.raises(EventRejected, match="may_start_at"):
        run(POLICY, [{"at": "2027-03-22", "type": "raised", "stage": 2, "urgent": True}])


def test_every_text_has_its_welsh_and_the_calendar_is_wales() -> None:
    policy = load(POLICY)
    assert policy.languages == ("en", "cy")
    assert str(policy.jurisdiction) == "WLS"
    assert [e.id for e in policy.exceptions] == ["position-of-trust"]
    assert (policy.resolution.final, policy.resolution.sign_off) == (
        "senior_decision",
        "raising_party",
    )
