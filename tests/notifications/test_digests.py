"""People who choose a daily digest get one e-mail a day listing their notifications, instead of
one e-mail each; everyone else gets each at once."""

from __future__ import annotations

import pytest

from accord.accounts.models import EmailFrequency, Person
from accord.cases import actions
from accord.notifications.models import InAppNotification, OutboxMessage
from tests.factories import holder

from .walking import TICK, Walker, london, partnership_for, tick

pytestmark = pytest.mark.django_db


def test_a_daily_digest_goes_once_a_day_from_seven() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    Person.objects.update(email_frequency=EmailFrequency.DAILY)
    for people in walker.demo.agencies.values():  # as a page would read them, after the change
        for person in people.by_level.values():
            person.refresh_from_db()
    # stage 1 entered: both safeguarding leads; raised: the receiving holder (not the raiser)
    case = walker.raise_case(london("2026-12-21"))
    assert InAppNotification.objects.filter(awaiting_digest=True).count() == 3
    assert not OutboxMessage.objects.exists()  # nobody wants them one by one

    assert tick(now=london("2026-12-22").replace(hour=6))["digests"] == 0  # before 07:00
    assert tick(now=london("2026-12-22", TICK))["digests"] == 3
    assert tick(now=london("2026-12-22").replace(hour=15))["digests"] == 0  # once a day
    digests = OutboxMessage.objects.filter(key__startswith="digest/")
    assert digests.count() == 3
    bodies = " ".join(d.body for d in digests)
    assert f"- Case {case.reference}: The case has reached a new stage" in bodies
    assert f"- Case {case.reference}: A case you hold has been raised" in bodies
    assert "A case needs your attention: sign in to see it." in bodies
    assert not InAppNotification.objects.filter(awaiting_digest=True).exists()

    # Wed 23 09:00: the first reminder, to both holders (the raiser is the raising holder): at
    # 09:30 it is in their first digest of the day.
    assert tick(now=london("2026-12-23", TICK))["digests"] == 2
    # Resolved at 10:00 by the receiving holder: the raiser (the raising holder) hears of the
    # resolution and the outcome, but has had today's digest: they wait a day.
    resolved = london("2026-12-23")
    actions.resolve_case(case=case, actor=holder(case), agreed_outcome="Agreed.", now=resolved)
    waiting = InAppNotification.objects.filter(awaiting_digest=True)
    assert {(i.person, i.kind) for i in waiting} == {
        (case.raised_by, "resolution"),
        (case.raised_by, "outcome"),
    }
    assert tick(now=london("2026-12-23").replace(hour=16))["digests"] == 0
    assert tick(now=london("2026-12-24", TICK))["digests"] == 1
    raiser_digests = OutboxMessage.objects.filter(person=case.raised_by)
    assert sorted(m.key.rsplit("/", 1)[1] for m in raiser_digests) == ["2026-12-23", "2026-12-24"]


def test_immediate_people_get_each_notification_at_once() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    walker.raise_case(london("2026-12-21"))
    assert OutboxMessage.objects.count() == 3  # the safeguarding leads, the receiving holder
    assert tick(now=london("2026-12-22", TICK))["digests"] == 0
