"""The sweep's batch reads and writes (decision 24): `any_of` finds exactly what `__in` finds,
however long the list (beyond SQLite's limit on parameters); new rows need not be model
instances; everyone's gathered e-mail costs the same number of queries however many people."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import EmailFrequency, Person
from accord.engine.london import LONDON
from accord.notifications.gathered import send_gathered
from accord.notifications.inserts import insert_ignoring, insert_returning, new_row
from accord.notifications.models import AwaitingEmail, InAppNotification, OutboxMessage
from tests.factories import PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 4, 9, 30, tzinfo=LONDON)


def test_any_of_finds_what_in_finds_for_a_list_longer_than_sqlites_limit() -> None:
    people = PersonFactory.create_batch(5)
    wanted = [people[1].pk, people[3].pk]
    ids = [*range(10**9, 10**9 + 40_000), *wanted]  # SQLite allows at most 32,766 parameters
    found = set(Person.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == set(wanted)
    emails = [p.email for p in people[:2]]
    assert set(Person.objects.filter(email__any_of=emails)) == set(people[:2])
    assert not Person.objects.filter(pk__any_of=[]).exists()


def _awaiting(person: Person, partnership_id: int, n: int) -> None:
    rows = [
        new_row(
            InAppNotification,
            key=f"ACC-2026-{n:05d}/stage:1/passed/0/{person.pk}",
            partnership_id=partnership_id,
            person_id=person.pk,
            roles=["receiving_holder"],
            reference=f"ACC-2026-{n:05d}",
            kind="passed",
            what="Deadline passed (Stage 1)",
            link=f"/cases/ACC-2026-{n:05d}/",
            due_at=NOW,
            created_at=NOW,
        )
    ]
    stored = insert_returning(InAppNotification, rows, ("id",))
    insert_ignoring(AwaitingEmail, [AwaitingEmail(notification_id=pk) for (pk,) in stored])


def _gathered_queries(people: int) -> tuple[int, int]:
    partnership = PartnershipFactory()
    for number, person in enumerate(
        PersonFactory.create_batch(people, email_frequency=EmailFrequency.IMMEDIATE)
    ):
        for case in range(3):
            _awaiting(person, partnership.pk, 1000 * people + 10 * number + case)
    with CaptureQueriesContext(connection) as queries:
        sent = send_gathered(now=NOW)
    return sent, len(queries)


def test_everyones_gathered_email_costs_the_same_queries_for_three_people_or_thirty() -> None:
    few_sent, few = _gathered_queries(3)
    many_sent, many = _gathered_queries(30)
    assert (few_sent, many_sent) == (3, 30)
    assert few == many
    assert OutboxMessage.objects.count() == 33
    assert not AwaitingEmail.objects.exists()
    assert send_gathered(now=NOW) == 0  # nothing left awaiting: a second sweep sends nothing
