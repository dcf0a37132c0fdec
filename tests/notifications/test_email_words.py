"""The words of the e-mails, line by line, as the templates that once wrote them laid them out
(byte for byte: the opening, the case, what is needed, by when, the form, the sign-in link and
the footer), now that `accord.notifications.messages` writes them without a template engine."""

from __future__ import annotations

from datetime import date

from accord.notifications.messages import (
    ByWhen,
    Line,
    digest_email,
    gathered_email,
    notification_email,
    sign_in_url,
)

OPENING = "A case needs your attention: sign in to see it.\n\n"
FOOTER = (
    "This message was sent by Accord. It contains no details of the case: sign in to see them. "
    "You can choose a daily digest instead on your notifications page.\n"
)
DUE = Line(
    "ACC-2026-00001", "Respond to the disagreement", "/cases/ACC-2026-00001/", "Outcome",
    ByWhen(date(2027, 1, 12), 5),
)  # fmt: skip


def test_one_notification_says_each_thing_on_its_own_line() -> None:
    subject, body = notification_email(DUE, language="en")
    assert subject == "Accord: case ACC-2026-00001 needs your attention"
    assert body == (
        OPENING + "Case: ACC-2026-00001\n"
        "What is needed: Respond to the disagreement\n"
        "Needed by Tuesday 12 January 2027, in 5 working days.\n"
        "Form: Outcome\n\n"
        f"Sign in: {sign_in_url('/cases/ACC-2026-00001/')}\n\n" + FOOTER
    )


def test_a_notification_without_a_case_date_or_form_leaves_their_lines_out() -> None:
    subject, body = notification_email(Line("", "Check the e-mail settings", "/"), language="en")
    assert subject == "Accord: e-mail delivery needs your attention"
    assert body == (
        "Accord needs your attention: sign in to see it.\n"
        "What is needed: Check the e-mail settings\n\n"
        f"Sign in: {sign_in_url('/')}\n\n" + FOOTER
    )


def test_the_gathered_e_mail_and_the_digest_list_one_line_a_notification() -> None:
    other = Line("ACC-2026-00002", "Sign off", "/cases/ACC-2026-00002/")
    listing = (
        "- Case ACC-2026-00001: Respond to the disagreement. Form: Outcome.\n"
        "- Case ACC-2026-00002: Sign off.\n"
    )
    subject, body = gathered_email([DUE, other, DUE], language="en")
    assert subject == "Accord: 2 cases need your attention"
    assert body == (
        OPENING + "What needs you now (3):\n\n" + listing + listing.splitlines(keepends=True)[0]
        + f"\nSign in: {sign_in_url('/')}\n\n" + FOOTER + "\n"
    )  # fmt: skip
    subject, body = digest_email([other], day="12 January 2027", language="en")
    assert subject == "Accord: 1 case notification (12 January 2027)"
    assert body == (
        OPENING + "Your notifications since the last digest (1):\n\n"
        "- Case ACC-2026-00002: Sign off.\n"
        f"\nSign in: {sign_in_url('/')}\n\n" + FOOTER
    )
