"""The forms of a policy (`[[forms]]`, policy format section 2): their fields, and the forms Accord
itself provides."""

from __future__ import annotations

from dataclasses import dataclass

# Forms Accord itself provides, which a `notify` may name without a `[[forms]]` entry (the example
# of policy-format.md section 1 names both): the notice that a stage was reached and the record of
# the agreed outcome. A policy's own `[[forms]]` entry with the same id takes their place, and
# `Policy.form` returns None for a standard form the policy does not declare.
STANDARD_FORMS = ("notification", "resolution-record")


@dataclass(frozen=True, slots=True)
class FormField:
    id: str
    label: str
    type: str  # text | longtext | date | list | yesno | choice
    source: str | None = None  # the `from` key: a case path such as `case.raised_on`
    choices: tuple[str, ...] = ()
    line: int = 0
    required: bool = False  # Accord's addition: the record cannot be submitted without it


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    title: str
    fields: tuple[FormField, ...]
    line: int = 0
