"""The forms Accord provides itself (`notification`, `resolution-record`), and finding a form's
definition in a policy: a policy's own `[[forms]]` entry of the same id takes their place.

A record stores its form's title and labels in English, as they were when it was made; a
standard form's are Accord's own words, so they are shown in the reader's language
(`shown_title`, `shown_label`) when they are still the standard form's English: at display time,
so a record made in English reads in Welsh too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop

from accord.engine.policy.form_model import STANDARD_FORMS, Form, FormField
from accord.engine.policy.model import Policy
from accord.engine.policy.texts import TRANSLATED, Text, policy_text
from accord.partnerships.policy_texts import stored_text

# Neither asks for the child's details: a standard record travels by reference only.
_STANDARD = {
    "notification": Form(
        id="notification",
        title=gettext_noop("Notification that a stage was reached"),
        fields=(
            FormField(
                "raised_on",
                gettext_noop("Date the disagreement was raised"),
                "date",
                "case.raised_on",
            ),
            FormField("raised_by", gettext_noop("Raised by"), "text", "case.raised_by.name"),
            FormField("agencies", gettext_noop("Agencies involved"), "list", "case.agencies"),
            FormField(
                "nature", gettext_noop("Nature of the disagreement"), "longtext", "case.summary"
            ),
            FormField(
                "history",
                gettext_noop("Dates and outcome of each stage so far"),
                "longtext",
                "case.stage_history",
            ),
            FormField("workers", gettext_noop("Workers involved"), "list", "case.workers"),
            FormField("notes", gettext_noop("Anything the partnership should know"), "longtext"),
        ),
    ),
    "resolution-record": Form(
        id="resolution-record",
        title=gettext_noop("Record of the agreed outcome"),
        fields=(
            FormField(
                "raised_on",
                gettext_noop("Date the disagreement was raised"),
                "date",
                "case.raised_on",
            ),
            FormField("agencies", gettext_noop("Agencies involved"), "list", "case.agencies"),
            FormField(
                "nature", gettext_noop("Nature of the disagreement"), "longtext", "case.summary"
            ),
            FormField(
                "history",
                gettext_noop("Dates and outcome of each stage"),
                "longtext",
                "case.stage_history",
            ),
            FormField("outcome", gettext_noop("Agreed outcome"), "longtext", "case.outcome"),
            FormField(
                "outstanding",
                gettext_noop("Outstanding issues and how they will be pursued"),
                "longtext",
                "case.outstanding_issues",
            ),
            FormField(
                "tasks",
                gettext_noop("Tasks agreed, their owners and dates"),
                "longtext",
                "case.tasks",
            ),
            FormField("learning", gettext_noop("Learning for the partnership"), "longtext"),
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


def shown_title(form_id: str, title: str) -> str:
    """A record's stored `title` in the active language: a standard form's own title translated,
    any other (a policy's form) as stored."""
    standard = _STANDARD.get(form_id)
    return gettext(title) if standard is not None and title == standard.title else title


def shown_label(form_id: str, spec: Mapping[str, Any]) -> Any:
    """A stored field's label in the active language: the translation stored beside it (a
    policy's), a standard form's own label translated, or the English as stored."""
    stored = stored_text(spec, "label")
    standard = _STANDARD.get(form_id)
    if standard is None or stored != spec.get("label"):
        return stored
    own = {field.id: field.label for field in standard.fields}
    return gettext(stored) if own.get(spec.get("id", "")) == stored else stored
