"""The administration log's side of an agency system's API client: registered or revoked (the
client itself is the API layer's: `accord.api.clients`)."""

from __future__ import annotations

from datetime import datetime

from ..models import AdminEvent, Agency, Person
from ._common import _record, _require_admin


def log_api_client(
    *, actor: Person, agency: Agency, kind: str, summary: str, now: datetime
) -> AdminEvent:
    """Refuse unless `actor` administers the agency's partnership; else record the change
    (`kind`: `api_client_registered` or `api_client_revoked`)."""
    _require_admin(actor, agency.home_partnership_id)
    return _record(actor, agency.home_partnership_id, kind, summary, now, agency=agency)
