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
    case = walker.raise_case(london("2026-12-21"))  # stage 1 entered: both safeguarding leads
    assert InAppNotification.objects.filter(awaiting_digest=True).count() == 2
    assert not OutboxMessage.objects.exists()  # nobody wants them one by one

    assert tick(now=london("2026-12-22").replace(hour=6))["digests"] == 0  # before 07:00
    assert tick(now=london("2026-12-22", TICK))["digests"] == 2
    assert tick(now=london("2026-12-22").replace(hour=15))["digests"] == 0  # once a day
    digests = OutboxMessage.objects.filter(key__startswith="digest/")
    assert digests.count() == 2
    body = digests.first().body  # type: ignore[union-attr]
    assert f"- Case {case.reference}: The case has reached a new stage" in body
    assert "A case needs your attention: sign in to see it." in body
    assert not InAppNotification.objects.filter(awaiting_digest=True).exists()

    # Wed 23 09:00: the first reminder, to both holders (the raiser is the raising holder): at
    # 09:30 it is in their first digest of the day.
    assert tick(now=london("2026-12-23", TICK))["digests"] == 2
    # Resolved at 10:00: the raiser hears of it, but has had today's digest: it waits a day.
    resolved = london("2026-12-23")
    actions.resolve_case(case=case, actor=holder(case), agreed_outcome="Agreed.", now=resolved)
    assert InAppNotification.objects.filter(awaiting_digest=True).count() == 1
    assert tick(now=london("2026-12-23").replace(hour=16))["digests"] == 0
    assert tick(now=london("2026-12-24", TICK))["digests"] == 1
    raiser_digests = OutboxMessage.objects.filter(person=case.raised_by)
    assert sorted(m.key.rsplit("/", 1)[1] for m in raiser_digests) == ["2026-12-23", "2026-12-24"]


def test_immediate_people_get_each_notification_at_once() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    walker.raise_case(london("2026-12-21"))
    assert OutboxMessage.objects.count() == 2
    assert tick(now=london("2026-12-22", TICK))["digests"] == 0
