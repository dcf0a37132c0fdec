"""A policy's texts in the reader's language.

The engine keeps every text of a policy in each language the policy is written in
(`accord.engine.policy.texts`) and chooses none. What shows a policy's text to a person (a stage's
name, guidance and checklist, a step, a role, an exception's route, a form's title, the policy's
own title) shows `shown(text)`: the text in the active language
(`django.utils.translation.get_language()`: the person's choice, or the language an e-mail or a
document is written in), or its English when the policy has none in that language. Templates use
the same as the filter `policy_text` (`accord.web.templatetags.accord_labels`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import get_language

from accord.engine.policy.model import Policy
from accord.engine.policy.texts import ENGLISH, policy_text
from accord.engine.speech import in_english, speaking

if TYPE_CHECKING:
    from accord.engine.compare import Change
    from accord.engine.page import Page


def shown(text: object) -> object:
    """`text` in the active language, if it is a policy's text; anything else as it is."""
    return policy_text(text, get_language()) if isinstance(text, str) else text


def shown_text(text: str) -> str:
    """The same, for a string."""
    return policy_text(text, get_language())


def stored_text(spec: Mapping[str, Any], key: str) -> Any:
    """A stored form field's `key` (`label`, `choices`) in the active language: the translation
    stored beside it (`label_cy`, `accord.documents.standard_forms.translations_json`), or the
    English."""
    return spec.get(f"{key}_{_active()}") or spec.get(key)


def explained(policy: Policy) -> Page:
    """`explain`'s reading of `policy` in the active language when the policy is written in it
    (its texts and explain's words, through Django's translations), otherwise in English."""
    # Imported here, as `compare` is: the e-mails and `accord tick` ask this module for texts only.
    from accord.engine.explain import explain_page

    code = _active()
    if code == ENGLISH or code not in policy.languages:
        with in_english():  # explain's words in the same language as the policy's texts
            return explain_page(policy)
    with speaking(translation):
        return explain_page(policy, code)


def compared(old: Policy, new: Policy) -> list[tuple[str, list[Change]]]:
    """`compare`'s changes from `old` to `new`, by topic, in the active language when either
    policy is written in it (as `explained`: its texts and compare's words, and a line for any
    change made only to the English texts), otherwise in English (with a line for any change
    made only to a Welsh text)."""
    # imported here: the case models read this module's other functions, and a one-shot
    # `accord tick` has no use for the comparison's words (issue 17)
    from accord.engine.compare import compare

    code = _active()
    if code == ENGLISH or (code not in old.languages and code not in new.languages):
        with in_english():
            return compare(old, new).by_topic()
    with speaking(translation):
        return compare(old, new, code).by_topic()


def explained_language(policy: Policy) -> str:
    """The language `explained(policy)` is in when it is not the page's (`en-GB`, for a policy
    not written in the active language), else "": a page marks that part with its `lang`."""
    code = _active()
    return "" if code == ENGLISH or code in policy.languages else "en-GB"


def _active() -> str:
    return (get_language() or ENGLISH).lower().replace("_", "-").split("-")[0]
