"""`[[forms]]`: the records a stage produces and sends, field by field."""

from __future__ import annotations

from accord.engine.policy import schema
from accord.engine.policy.form_model import Form, FormField
from accord.engine.policy.names import id_problem
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.references import check_unique
from accord.engine.speech import gettext


def read_forms(reader: Reader, value: object) -> tuple[Form, ...]:
    """Every form; ids unique in the file, field ids unique in their form."""
    if value is None:
        return ()
    seen: dict[str, KeyPath] = {}
    forms: list[Form] = []
    for table in reader.tables(("forms",), value, schema.FORM):
        form_id = table.identifier("id", id_problem)
        check_unique(table, "id", form_id, seen)
        fields = table.get("fields")
        if isinstance(fields, list) and not fields:
            table.report("fields", gettext("fields must list at least one field"))
        field_ids: dict[str, KeyPath] = {}
        forms.append(
            Form(
                id=form_id,
                title=table.text("title"),
                fields=tuple(
                    _field(entry, field_ids) for entry in table.tables("fields", schema.FORM_FIELD)
                ),
                line=table.line,
            )
        )
    return tuple(forms)


def _field(table: Table, seen: dict[str, KeyPath]) -> FormField:
    field_id = table.identifier("id", id_problem)
    check_unique(table, "id", field_id, seen)
    kind = table.choice("type", schema.FIELD_TYPES, "text")
    source = table.choice("from", schema.CASE_SOURCES, "") if "from" in table else None
    choices = table.texts("choices")
    if "choices" in table:
        if kind != "choice" and "type" in table and kind == table.get("type"):
            message = gettext('choices only apply to type "choice", not "%(type)s"')
            table.report("choices", message % {"type": kind})
        elif table.get("choices") == []:
            table.report("choices", gettext("choices must list at least one choice"))
    elif kind == "choice":
        table.report(table.path, gettext('a field of type "choice" needs choices = ["...", ...]'))
    return FormField(
        id=field_id,
        label=table.text("label"),
        type=kind,
        source=source or None,
        choices=choices,
        line=table.line,
        required=table.boolean("required", False),
    )
