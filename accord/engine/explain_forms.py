"""`accord policy explain`: the procedure's forms, each field and where it is filled from, and
the forms Accord provides itself."""

from __future__ import annotations

from accord.engine import wording as w
from accord.engine.page import Page
from accord.engine.policy.model import Policy


def form_title(policy: Policy, form_id: str) -> str:
    form = policy.form(form_id)
    return form.title if form else w.STANDARD_FORM_TITLES.get(form_id, form_id)


def forms(page: Page, policy: Policy) -> None:
    page.heading("Forms")
    named = {rule.form for stage in policy.stages for rule in stage.notify if rule.form}
    standard = [f for f in w.STANDARD_FORM_TITLES if f in named and policy.form(f) is None]
    if not policy.forms and not standard:
        page.say("The procedure has no forms.")
    fields = [field for form in policy.forms for field in form.fields]
    for form in policy.forms:
        page.say(f'"{form.title}" (form {form.id}):')
        for field in form.fields:
            kind = w.FIELD_TYPES[field.type]
            if field.choices:
                kind += f" ({w.joined(list(field.choices), 'or')})"
            source = (
                f"pre-filled with {w.SOURCES[field.source]}"
                if field.source
                else "filled in by hand"
            )
            page.item(f"{field.label}: {kind}, {source}.", 2)
    for form_id in standard:
        page.say(f'"{w.STANDARD_FORM_TITLES[form_id]}" (form {form_id}): provided by Accord.')
    about_child = any(f.source and f.source.startswith("case.child.") for f in fields)
    if "theme" in policy.subjects and about_child:
        page.say("Fields about the child stay empty when a case is about a theme.")
