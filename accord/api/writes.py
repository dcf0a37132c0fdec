"""Which token made each write through the API: an `ApiWrite` beside the case's event, in the
action's transaction (the event's actor is the person; this says which token or system)."""

from __future__ import annotations

from datetime import datetime

from rest_framework.request import Request

from accord.cases.models import Case, CaseEvent

from .models import ApiToken, ApiWrite, ClientToken


def note_write(request: Request, case: Case, *, operation: str, now: datetime) -> None:
    """Record which token made the case's latest event (in the action's transaction)."""
    token = request.auth
    assert isinstance(token, ApiToken | ClientToken)  # TokenScope let a write through
    sequence = (
        CaseEvent.objects.filter(case=case).order_by("-sequence").values_list("sequence", flat=True)
    ).first()
    ApiWrite.objects.create(
        token=token if isinstance(token, ApiToken) else None,
        client=token.client if isinstance(token, ClientToken) else None,
        case=case,
        sequence=sequence or 0,
        operation=operation,
        at=now,
    )
