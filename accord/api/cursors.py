"""The cursors of the API's lists: the last row's raised time and id, signed, so a cursor
cannot be made up or changed (a bad one is refused, never a 500)."""

from __future__ import annotations

from datetime import datetime

from django.core import signing

SALT = "accord.api.cursor"


def make(raised_at: datetime, pk: int) -> str:
    return signing.dumps([raised_at.isoformat(), pk], salt=SALT, compress=False)


def read(text: str) -> tuple[datetime, int] | None:
    """(raised at, id) from a cursor; None when it is not one of ours."""
    if len(text) > 200:
        return None
    try:
        raised_at, pk = signing.loads(text, salt=SALT)
        moment = datetime.fromisoformat(raised_at)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or moment.tzinfo is None:
        return None
    return moment, pk
