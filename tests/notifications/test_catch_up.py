"""A catch-up across a long weekend sends what is true now, one e-mail per person (decision 21).

Blackburn with Darwen (stages of 5 working days, one working day of grace). The sweep last runs on
Thursday 27 May 2027 at 18:00, then not again until Tuesday 1 June at 09:30,
after the spring bank holiday (Monday 31 May). Between them fall, by hand:
- A, raised Thu 20 May: due Thu 27; passed Fri 28, non-response Tue 1 June (grace Fri 28, then
  the next working day): the passed alert is overtaken, recorded but told to nobody.
- B, raised Fri 21 May: due Fri 28; passed Tue 1 June at 09:00 (Saturday 29 before issue 17).
- C, raised Mon 24 May: due Tue 1 June; due soon Fri 28, still true on Tuesday.
- D, raised urgent at stage 2 on Fri 21 May: due Fri 28; passed on Saturday 29 (urgent cases
  keep weekends); non-response not yet (Wed 2 June).
"""

from __future__ import annotations

from collections import Counter

import pytest

from accord.accounts.models import EmailFrequency, Level
from accord.cases.models import Case, CaseNotification
from accord.cases.sweep import tick
from accord.notifications.models import InAppNotification, OutboxMessage

from .walking import TICK, Walker, london, partnership_for

pytestmark = pytest.mark.django_db

CATCH_UP = london("2027-06-01", TICK)


def _local(case: Case, kind: str) -> list[str]:
    """When the case's `kind` alerts fell due, as London date and time."""
    rows = CaseNotification.objects.filter(case=case, kind=kind, topic="stage:" + str(case.stage))
    return sorted(f"{n.due_at.astimezone(CATCH_UP.tzinfo):%a %d %H:%M}" for n in rows)


def test_a_long_weekend_catch_up_sends_one_current_message_per_person() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    raising = demo.agencies[walker.raising].by_level
    receiving = demo.agencies[walker.receiving].by_level
    # The raiser (a practitioner) chose a daily digest.
    raiser = raising[Level.PRACTITIONER]
    raiser.email_frequency = EmailFrequency.DAILY
    raiser.save(update_fields=["email_frequency"])

    cases = {
        name: walker.raise_case(london(day), **options)  # type: ignore[arg-type]
        for name, day, options in [
            ("A", "2027-05-20", {}),
            ("B", "2027-05-21", {}),
            ("C", "2027-05-24", {}),
            ("D", "2027-05-21", {"stage": 2, "urgent": True}),
        ]
    }
    # Thursday evening: the last sweep before the gap tells everything that fell until then
    # (A's due soon on Wednesday, B's and D's on Thursday).
    tick(now=london("2027-05-27").replace(hour=18))
    a, b, c, d = (cases[name] for name in "ABCD")
    assert a.raised_by == raiser

    report = tick(now=CATCH_UP)

    # Everything that fell is recorded on the cases, each at the instant it fell.
    assert _local(a, "passed") == ["Fri 28 09:00"]
    assert _local(a, "non_response") == ["Tue 01 09:00"]
    assert _local(b, "passed") == ["Tue 01 09:00"]  # not Saturday
    assert _local(c, "due_soon") == ["Fri 28 09:00"]
    assert _local(d, "passed") == ["Sat 29 09:00"]  # urgent: the weekend counts
    recorded = CaseNotification.objects.filter(created_at=CATCH_UP)
    assert sorted((n.case.reference, n.kind) for n in recorded) == sorted(
        [
            (a.reference, "passed"),
            (a.reference, "non_response"),
            (b.reference, "passed"),
            (c.reference, "due_soon"),
            (d.reference, "passed"),
        ]
    )
    assert report["notifications"] == 5

    # A's passed alert is overtaken by its non-response: nobody is told of it.
    told = InAppNotification.objects.filter(created_at=CATCH_UP)
    assert not told.filter(reference=a.reference, kind="passed").exists()
    # Nothing stale: no "due soon" or "passed" told for a deadline whose later alert fell.
    assert {(i.reference, i.kind) for i in told} == {
        (a.reference, "non_response"),
        (b.reference, "passed"),
        (c.reference, "due_soon"),
        (d.reference, "passed"),
    }

    # The e-mails: one per person, listing every case that needs them; the urgent case's at
    # once, on its own; none for the raiser, whose notices wait for the daily digest.
    written = OutboxMessage.objects.filter(created_at=CATCH_UP)
    emails = written.exclude(key__startswith="digest/")
    by_person = Counter(m.person for m in emails)
    stage_1_receiving = walker.holder("receiving", 1)
    stage_2_receiving = walker.holder("receiving", 2)
    leaders = {raising[Level.SERVICE_LEADER], receiving[Level.SERVICE_LEADER]}
    expected = Counter({stage_1_receiving: 1, **dict.fromkeys(leaders, 1)})
    expected[stage_2_receiving] += 1  # D's passed alert, urgent: its own e-mail
    assert by_person == expected
    assert raiser not in by_person
    # The raiser's digest (the tick writes the day's digests after 09:00) has A's non-response.
    [digest] = written.filter(key__startswith="digest/")
    assert digest.person == raiser
    assert f"Case {a.reference}: A response is needed" in digest.body
    assert b.reference not in digest.body
    assert c.reference not in digest.body

    # The stage 1 receiving holder's one e-mail lists B (passed) and C (due soon).
    [both] = emails.filter(person=stage_1_receiving)
    assert both.subject == "Accord: 2 cases need your attention"
    assert f"Case {b.reference}: A deadline has passed" in both.body
    assert f"Case {c.reference}: A deadline is due soon" in both.body
    assert a.reference not in both.body
    assert d.reference not in both.body
    # The urgent one names D alone; each leader's names A's non-response alone.
    urgent = emails.get(reference=d.reference)
    assert urgent.person == stage_2_receiving
    assert "A deadline has passed" in urgent.body
    for leader in leaders - {stage_2_receiving}:
        [message] = emails.filter(person=leader)
        assert f"Case: {a.reference}" in message.body
        assert "A response is needed" in message.body
    # No e-mail of the catch-up says "due soon" about a deadline that has passed.
    for message in emails:
        assert "due soon" not in message.body or c.reference in message.body
    assert report["emails"] == len({stage_1_receiving, *leaders})  # gathered at the end

    # A second tick at the same instant adds nothing.
    before = OutboxMessage.objects.count()
    tick(now=CATCH_UP)
    assert OutboxMessage.objects.count() == before
