"""`accord policy explain`: the procedure's forms, each field and where it is filled from, and
the forms Accord provides itself."""

from __future__ import annotations

from accord.engine import wording as w
from accord.engine.page import Page
from accord.engine.policy.model import Policy
from accord.engine.speech import gettext as _


def form_title(policy: Policy, form_id: str) -> str:
    form = policy.form(form_id)
    if form:
        return form.title
    return _(w.STANDARD_FORM_TITLES[form_id]) if form_id in w.STANDARD_FORM_TITLES else form_id


def forms(page: Page, policy: Policy) -> None:
    page.heading(_("Forms"))
    named = {rule.form for stage in policy.stages for rule in stage.notify if rule.form}
    standard = [f for f in w.STANDARD_FORM_TITLES if f in named and policy.form(f) is None]
    if not policy.forms and not standard:
        page.say(_("The procedure has no forms."))
    fields = [field for form in policy.forms for field in form.fields]
    for form in policy.forms:
        page.say(_('"%(title)s" (form %(id)s):') % {"title": form.title, "id": form.id})
        for field in form.fields:
            kind = _(w.FIELD_TYPES[field.type])
            if field.choices:
                kind += f" ({w.joined(list(field.choices), 'or')})"
            source = (
                _("pre-filled with %(source)s") % {"source": _(w.SOURCES[field.source])}
                if field.source
                else _("filled in by hand")
            )
            page.item(
                _("%(label)s: %(kind)s, %(source)s.")
                % {"label": field.label, "kind": kind, "source": source},
                2,
            )
    for form_id in standard:
        page.say(
            _('"%(title)s" (form %(id)s): provided by Accord.')
            % {"title": _(w.STANDARD_FORM_TITLES[form_id]), "id": form_id}
        )
    about_child = any(f.source and f.source.startswith("case.child.") for f in fields)
    if "theme" in policy.subjects and about_child:
        page.say(_("Fields about the child stay empty when a case is about a theme."))
