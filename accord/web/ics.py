"""A meeting's calendar invitation (RFC 5545), holding only the case reference and a link.

Never a name or a detail of the case: calendars are synchronised to phones and shared. Its words
are in the language of the page it is downloaded from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext

LENGTH = timedelta(hours=1)
PRODUCT = "-//Accord//Case meeting invitation//EN"


def escape(text: str) -> str:
    """RFC 5545 TEXT (3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (3.1): CRLF and a space, never inside a
    character's UTF-8 bytes."""
    parts: list[str] = []
    current, size = "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines begin with the space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_invitation(
    *,
    uid: str,
    reference: str,
    starts: datetime,
    link: str,
    stamp: datetime,
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """The VCALENDAR text of one meeting: one hour from `starts`; `stamp` is now. `sequence`
    counts its changes, so a calendar replaces the copy it has (RFC 5545 3.8.7.4); a cancelled
    meeting is sent with METHOD:CANCEL and STATUS:CANCELLED, which removes it."""
    summary = (
        gettext("Cancelled: meeting about case %(reference)s")
        if cancelled
        else gettext("Meeting about case %(reference)s")
    ) % {"reference": reference}
    description = gettext("Case %(reference)s: %(link)s") % {"reference": reference, "link": link}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts)}",
        f"DTEND:{_utc(starts + LENGTH)}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{link}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{fold(line)}\r\n" for line in lines)
