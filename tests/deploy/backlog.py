"""`python -m tests.deploy.backlog EMAILS DEADLINES`: a backlog for several workers and sweeps
(issue 19 item 2), written by one process under the settings of its environment.

EMAILS e-mails pending in the outbox, enqueued as the outbox enqueues them (50 to a delivery
task), and DEADLINES open cases of a Blackburn with Darwen partnership whose stage deadline
passed half an hour ago, built as benchmarks/sweep.py builds its national-scale cases (with
signed event logs, so the sweep's log checks find them sound). Prints the partnership's id.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta


def main(emails: int, deadlines: int) -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from accord.accounts.models import Person
    from accord.notifications.messages import message_id_for
    from accord.notifications.models import OutboxMessage
    from accord.notifications.outbox import enqueue
    from benchmarks import sweep as national

    now = timezone.now()
    national.NOW, national.CASES = now, deadlines
    national._progress = lambda text: None  # quiet
    with transaction.atomic():
        ids = national._people_and_policy()
        national._fill(ids)
        national._make_due(deadlines)
        people = list(Person.objects.order_by("pk").values_list("pk", "email")[:50])
        messages = []
        for n in range(emails):
            person_id, email = people[n % len(people)]
            key = f"backlog/{n}"
            messages.append(
                OutboxMessage(
                    key=key,
                    partnership_id=ids["partnership"],
                    person_id=person_id,
                    to_address=email,
                    subject=f"Backlog message {n}",
                    body="A case needs your attention: sign in to see it.",
                    message_id=message_id_for(key),
                    next_attempt_at=now - timedelta(seconds=1),
                    created_at=now,
                )
            )
        OutboxMessage.objects.bulk_create(messages, batch_size=2000)
        queued = OutboxMessage.objects.filter(key__startswith="backlog/").order_by("pk")
        transaction.on_commit(lambda: enqueue(list(queued.values_list("pk", flat=True))))
    found = {"partnership": ids["partnership"], "due_before": now.isoformat()}
    sys.stdout.write(json.dumps(found) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
