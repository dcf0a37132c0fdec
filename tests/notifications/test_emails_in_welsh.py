"""The notification e-mails in Welsh: one notification, the sweep's gathered e-mail and the daily
digest, rendered under `translation.override("cy")` (as the outbox renders them for a Welsh
reader), say their own words in Welsh and carry only the case references, never a name."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from accord.notifications.messages import (
    ByWhen,
    Line,
    digest_email,
    gathered_email,
    notification_email,
)

LINES = [
    Line("ACC-2026-00001", "Respond to the disagreement", "/cases/ACC-2026-00001/"),
    Line("ACC-2026-00002", "Sign off the outcome", "/cases/ACC-2026-00002/", form="Outcome"),
]


def test_one_notification_in_welsh() -> None:
    line = Line(
        "ACC-2026-00001", "Respond to the disagreement", "/cases/ACC-2026-00001/",
        by=ByWhen(date(2027, 1, 12), 5),
    )  # fmt: skip
    with translation.override("cy"):
        subject, body = notification_email(line, language="cy")
    assert subject == "Accord: mae angen eich sylw ar achos ACC-2026-00001"
    assert "Achos: ACC-2026-00001" in body
    assert "mewngofnodi" in body.lower()
    assert "Ionawr 2027" in body, "the date in Welsh"
    assert "Sign in" not in body
    english, _ = notification_email(line, language="en")
    assert english == "Accord: case ACC-2026-00001 needs your attention"


def test_the_gathered_e_mail_and_the_digest_in_welsh() -> None:
    with translation.override("cy"):
        subject, body = gathered_email(LINES, language="cy")
        digest_subject, digest = digest_email(LINES, day="12 Ionawr 2027", language="cy")
    assert "ACC-2026-00001" in body
    assert "ACC-2026-00002" in body
    assert "What needs you now" not in body
    assert "Accord:" in subject
    assert "cases need your attention" not in subject
    assert "notifications since the last digest" not in digest
    assert "case notifications" not in digest_subject
