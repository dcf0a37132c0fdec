"""The administration log's side of a subject access request (the request itself is the cases
layer's: `accord.cases.actions.request_subject_access`)."""

from __future__ import annotations

from datetime import datetime

from ..models import AdminEvent, Person
from ._common import _record, _require_admin


def log_subject_access(
    *, actor: Person, partnership_id: int, reference: str, found: int, now: datetime
) -> AdminEvent:
    """Refuse unless `actor` administers the partnership; else record that they asked for
    everything held about a subject (by the request's reference and how many cases it found:
    never the name)."""
    _require_admin(actor, partnership_id)
    cases = f"{found} case{'s' if found != 1 else ''}"
    return _record(
        actor, partnership_id, "subject_access", f"Subject access request {reference}: {cases}", now
    )
