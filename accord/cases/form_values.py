"""Form records' values pre-filled from the case (`case_reading` reads every `from` path the
policy format allows), and the records a policy's notify rules set off, made once each in the
caller's transaction.

A record is pre-filled when it is made; until someone first saves it, its pre-filled answers
follow the case (a record made as a case is resolved is made before the outcome is written, in
the same action), and from then on they are what people saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy

from accord.documents.standard_forms import definition_json, form_definition
from accord.notifications.inserts import insert_ignoring

from .case_paths import case_values
from .case_reading import CaseReading, day_words, read_case
from .models import Case, CaseNotification, FormRecord
from .notices import Notice

if TYPE_CHECKING:
    from accord.documents.data import Value  # a type alone: the documents' data is not loaded

TRIGGER_WORDS = {
    "entered": gettext_lazy("When the case entered stage %(number)s"),
    "resolved": gettext_lazy("When the case was resolved at stage %(number)s"),
    "escalating": gettext_lazy("When the case was escalated from stage %(number)s"),
    "due_soon": gettext_lazy("When stage %(number)s's deadline was due soon"),
    "breached": gettext_lazy("When stage %(number)s's deadline had passed"),
}


# --- Pre-filling ---------------------------------------------------------------------------


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def fitted(kind: str, value: Value, choices: Sequence[str] = ()) -> Value:
    """A case value in the shape a field of `kind` stores."""
    if kind == "list":
        return list(value) if isinstance(value, list) else [v for v in value.splitlines() if v]
    if isinstance(value, list):
        return ("\n" if kind == "longtext" else ", ").join(value)
    if kind == "date":
        return value if _iso_day(value) else ""
    if kind in {"yesno", "choice"}:
        allowed = {"yes", "no"} if kind == "yesno" else set(choices)
        return value if value in allowed else ""
    day = _iso_day(value) if len(value) == 10 else None
    return day_words(day) if day else value


def sources(definition: Sequence[Mapping[str, Any]]) -> list[str]:
    """The case paths a form's fields are pre-filled from."""
    return [source for field in definition if (source := field.get("from"))]


def prefill(
    definition: Sequence[Mapping[str, Any]], values: Mapping[str, Value]
) -> dict[str, Value]:
    """Each field's value: from the case for a field with `from`, empty for the others."""
    filled: dict[str, Value] = {}
    for field in definition:
        source, kind = field.get("from") or "", field["type"]
        empty: Value = [] if kind == "list" else ""
        value = values.get(source, empty) if source else empty
        filled[field["id"]] = fitted(kind, value, field.get("choices") or ())
    return filled


def current_values(record: FormRecord, reading: CaseReading | None = None) -> dict[str, Value]:
    """What the record says now: as saved, or (a draft nobody has saved yet) pre-filled afresh
    from the case."""
    if record.is_submitted or record.revision > 0:
        return dict(record.values)
    values = case_values(reading or read_case(record.case), sources(record.definition))
    fresh = prefill(record.definition, values)
    return {**record.values, **{k: v for k, v in fresh.items() if _has(v)}}


def _has(value: Value) -> bool:
    return bool(value) if isinstance(value, list) else bool(value.strip())


# --- The records a notification sets off ----------------------------------------------------


def stage_of(trigger: str) -> int | None:
    head = trigger.split("/")[0]
    number = head.removeprefix("stage:")
    return int(number) if head.startswith("stage:") and number.isdigit() else None


def trigger_words(trigger: str) -> str:
    """ "When the case entered stage 3", from `stage:3/entered`."""
    stage, on = stage_of(trigger), trigger.rpartition("/")[2]
    if stage is not None and on in TRIGGER_WORDS:
        return str(TRIGGER_WORDS[on]) % {"number": stage}
    return trigger or gettext("By hand")


def create_triggered_records(
    notifications: Sequence[CaseNotification | Notice],
    *,
    cases: Mapping[int, Case],
    now: datetime,
    readings: Mapping[int, CaseReading] | None = None,
) -> int:
    """Make, pre-filled, the form record each notification naming a form sets off: once per
    case, form and trigger (inserts ignore conflicts, like the notifications themselves).
    `readings` has the cases an action has just written, read as they are, not again. Returns
    how many were asked for."""
    readings = dict(readings or {})
    new: list[FormRecord] = []
    for notification in notifications:
        if not notification.form:
            continue
        case = cases[notification.case_id]
        reading = readings.get(case.pk) or readings.setdefault(case.pk, read_case(case))
        form = form_definition(reading.policy, notification.form)
        if form is None:  # a validated policy never names a form it does not have
            continue
        definition = definition_json(form)
        new.append(
            FormRecord(
                case=case,
                form_id=form.id,
                title=form.title[:300],
                trigger=notification.trigger,
                stage=stage_of(notification.trigger),
                definition=definition,
                values=prefill(definition, case_values(reading, sources(definition))),
                recipients=list(notification.roles),
                created_at=now,
            )
        )
    insert_ignoring(FormRecord, new)
    return len(new)
