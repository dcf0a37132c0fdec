"""The forms Accord provides itself (`notification`, `resolution-record`), and finding a form's
definition in a policy: a policy's own `[[forms]]` entry of the same id takes their place."""

from __future__ import annotations

from typing import Any

from accord.engine.policy.form_model import STANDARD_FORMS, Form, FormField
from accord.engine.policy.model import Policy
from accord.engine.policy.texts import TRANSLATED, Text, policy_text

# Neither asks for the child's details: a standard record travels by reference only.
_STANDARD = {
    "notification": Form(
        id="notification",
        title="Notification that a stage was reached",
        fields=(
            FormField("raised_on", "Date the disagreement was raised", "date", "case.raised_on"),
            FormField("raised_by", "Raised by", "text", "case.raised_by.name"),
            FormField("agencies", "Agencies involved", "list", "case.agencies"),
            FormField("nature", "Nature of the disagreement", "longtext", "case.summary"),
            FormField(
                "history",
                "Dates and outcome of each stage so far",
                "longtext",
                "case.stage_history",
            ),
            FormField("workers", "Workers involved", "list", "case.workers"),
            FormField("notes", "Anything the partnership should know", "longtext"),
        ),
    ),
    "resolution-record": Form(
        id="resolution-record",
        title="Record of the agreed outcome",
        fields=(
            FormField("raised_on", "Date the disagreement was raised", "date", "case.raised_on"),
            FormField("agencies", "Agencies involved", "list", "case.agencies"),
            FormField("nature", "Nature of the disagreement", "longtext", "case.summary"),
            FormField(
                "history", "Dates and outcome of each stage", "longtext", "case.stage_history"
            ),
            FormField("outcome", "Agreed outcome", "longtext", "case.outcome"),
            FormField(
                "outstanding",
                "Outstanding issues and how they will be pursued",
                "longtext",
                "case.outstanding_issues",
            ),
            FormField("tasks", "Tasks agreed, their owners and dates", "longtext", "case.tasks"),
            FormField("learning", "Learning for the partnership", "longtext"),
        ),
    ),
}


def translations_json(label: str, choices: tuple[str, ...]) -> dict[str, Any]:
    """A field's label and choices in each other language the policy gives them
    (`label_cy`, `choices_cy`), stored beside the English so a record shows them later."""
    found: dict[str, Any] = {}
    for code in TRANSLATED:
        if isinstance(label, Text) and code in label.translations:
            found[f"label_{code}"] = label.translations[code]
        if choices and all(isinstance(c, Text) and code in c.translations for c in choices):
            found[f"choices_{code}"] = [policy_text(c, code) for c in choices]
    return found


def standard_forms() -> dict[str, Form]:
    """Accord's own forms by id (one for each of the engine's STANDARD_FORMS)."""
    return {form_id: _STANDARD[form_id] for form_id in STANDARD_FORMS}


def form_definition(policy: Policy, form_id: str) -> Form | None:
    """The form `form_id` as the policy declares it, else Accord's standard form of that id."""
    return policy.form(form_id) or _STANDARD.get(form_id)


def definition_json(form: Form) -> list[dict[str, Any]]:
    """A form's fields as stored with each record (plain JSON)."""
    return [
        {
            "id": f.id,
            "label": f.label,
            "type": f.type,
            "from": f.source or "",
            "choices": list(f.choices),
            "required": f.required,
            **translations_json(f.label, f.choices),
        }
        for f in form.fields
    ]
