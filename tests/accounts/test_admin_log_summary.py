"""The administration log's summary line fits its column whatever a person wrote (the whole
reason is kept in the event's details): a long partnership name and a long reason to stop new
cases were a database error on PostgreSQL."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accord.accounts.actions import stop_new_cases
from accord.accounts.models import AdminEvent
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_a_long_reason_is_kept_whole_in_the_details_and_the_summary_fits() -> None:
    partnership = PartnershipFactory(name="N" * 200, live=True)
    reason = "R" * 500
    stop_new_cases(actor=None, partnership=partnership, reason=reason, now=timezone.now())
    event = AdminEvent.objects.get(kind="partnership_not_live")
    assert len(event.summary) == 300
    assert event.summary.endswith("…")
    assert event.details["reason"] == reason
