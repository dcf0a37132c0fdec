"""What the administrators' actions share: the refusal, the scope check, the log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext

from .. import scope
from ..models import AdminEvent, Agency, Person
from ..people_import import ImportPlan
from ..rejections import AdminActionRejected as AdminActionRejected  # re-exported


class ImportRejected(AdminActionRejected):
    """The file has problems (all of them in `plan.problems`); nobody was imported."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        count = len(plan.problems)
        super().__init__(
            ngettext("The file has %(count)s problem", "The file has %(count)s problems", count)
            % {"count": count}
        )


def in_english(text: object) -> str:
    """`text` (a marked label) in English: the administration log's summaries are records,
    written in English whatever the administrator reads (decision 35)."""
    with translation.override(None):
        return str(text)


def _require_admin(actor: Person | None, partnership_id: int) -> None:
    """The actor administers the partnership; `None` is the `accord` command on the server,
    whose operator may do anything."""
    if actor is not None and partnership_id not in scope.administered(actor):
        raise AdminActionRejected(gettext("You do not administer that partnership"))


def is_site_administrator(person: Person) -> bool:
    """Runs the whole service (creates partnerships), not one partnership."""
    return person.is_active and person.is_superuser


def _require_setup(actor: Person | None, partnership_id: int) -> None:
    """The actor may change the partnership's set-up: one of its administrators, a site
    administrator, or the `accord` command (`None`)."""
    if actor is not None and not is_site_administrator(actor):
        _require_admin(actor, partnership_id)


SUMMARY_LENGTH = AdminEvent._meta.get_field("summary").max_length or 300  # the log's line


def _record(
    actor: Person | None,
    partnership_id: int,
    kind: str,
    summary: str,
    now: datetime,
    *,
    person: Person | None = None,
    agency: Agency | None = None,
    details: dict[str, Any] | None = None,
) -> AdminEvent:
    return AdminEvent.objects.create(
        actor=actor,
        partnership_id=partnership_id,
        at=now,
        kind=kind,
        target_person=person,
        target_agency=agency,
        summary=summary[: SUMMARY_LENGTH - 1] + "…" if len(summary) > SUMMARY_LENGTH else summary,
        details=details or {},
    )


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before[key], after[key]] for key in after if before.get(key) != after[key]}
