"""Checks that a name used in one place of a policy file is declared in another.

Roles come from `[roles]`, facts from `[facts]`, forms from `[[forms]]` (or are standard), stage
numbers from `[[stages]]`. Each check reports on the line of the reference, naming what is missing
and the closest declared name.
"""

from __future__ import annotations

from accord.engine.policy.form_model import STANDARD_FORMS
from accord.engine.policy.model import SIDE_RECIPIENTS
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.problem_words import listing, suggest
from accord.engine.policy.reading import Table, show
from accord.engine.speech import gettext, ngettext


def check_role(table: Table, at: KeyPath, role: str) -> None:
    """`role` must be a key of `[roles]`."""
    roles = table.reader.declared.roles
    if role not in roles:
        message = gettext('role "%(role)s" is not declared in [roles]') % {"role": role}
        table.report(at, message + suggest(role, roles))


def check_recipient(table: Table, at: KeyPath, recipient: str) -> None:
    """A notify recipient: a role of `[roles]` or one of the side recipients."""
    roles = table.reader.declared.roles
    if recipient in roles or recipient in SIDE_RECIPIENTS:
        return
    hint = suggest(recipient, roles | set(SIDE_RECIPIENTS))
    message = gettext(
        'recipient "%(recipient)s" is neither a role declared in [roles] nor one of %(options)s'
    )
    table.report(at, message % {"recipient": recipient, "options": listing(SIDE_RECIPIENTS)} + hint)


def check_fact(table: Table, at: KeyPath, fact: str) -> None:
    """`fact` (named by an `if`) must be a key of `[facts]`."""
    facts = table.reader.declared.facts
    if fact not in facts:
        message = gettext('fact "%(fact)s" is not declared in [facts]') % {"fact": fact}
        table.report(at, message + suggest(fact, facts))


def check_form(table: Table, at: KeyPath, form: str) -> None:
    """`form` must be an id of `[[forms]]` or a standard form."""
    forms = table.reader.declared.forms
    if form not in forms:
        message = gettext(
            'form "%(form)s" is not declared in [[forms]] and is not a standard form (%(standard)s)'
        )
        shown = {"form": form, "standard": listing(STANDARD_FORMS)}
        table.report(at, message % shown + suggest(form, forms))


def check_stage(table: Table, at: KeyPath, number: int, named_by: str) -> bool:
    """`number` must be the number of a stage; `named_by` says who names it, for the message."""
    count = table.reader.declared.stage_count
    if 1 <= number <= count:
        return True
    message = ngettext(
        "%(named_by)s names stage %(number)s, but the policy has %(count)s stage",
        "%(named_by)s names stage %(number)s, but the policy has %(count)s stages",
        count,
    )
    table.report(at, message % {"named_by": named_by, "number": number, "count": count})
    return False


def role_list(table: Table, key: str) -> tuple[str, ...]:
    """A list of role keys, each declared in `[roles]`."""
    items = table.string_items(key)
    for role, at in items:
        check_role(table, at, role)
    return tuple(role for role, _ in items)


def check_unique(table: Table, key: str, value: str, seen: dict[str, KeyPath]) -> None:
    """`value` (an id under `key`) must not be in `seen`, the ids met so far with their paths."""
    if not value:
        return
    if value in seen:
        message = gettext('%(key)s "%(value)s" is already used by %(other)s')
        table.report(key, message % {"key": key, "value": value, "other": show(seen[value])})
    else:
        seen[value] = table.path
