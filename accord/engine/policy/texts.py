"""A policy's texts in the languages it is written in (`[policy] languages`, Accord's addition).

Every text a person reads (a title, a stage's name and guidance, a checklist entry, a role's or a
question's words, a form's title and labels, an exception's route, a theme) is written in English
under its key, and, once the policy declares `languages = ["en", "cy"]`, in Welsh under the same
key with `_cy` added (`name_cy`, `checklist_cy`, `practitioner_cy` in `[roles]`).

The engine keeps both and chooses neither: a text is a `Text`, a `str` whose value is the English
(so everything that reads a policy reads English, as before) carrying its translations. Whatever
shows a text to a person asks `policy_text(text, language)` for the words in that person's
language; a text with no translation in that language is its English.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from accord.engine.speech import gettext_noop

ENGLISH = "en"
WELSH = "cy"
# The languages a policy may declare, in the order messages list them, with their names.
LANGUAGES = {ENGLISH: gettext_noop("English"), WELSH: gettext_noop("Welsh (Cymraeg)")}
DEFAULT_LANGUAGES: tuple[str, ...] = (ENGLISH,)
TRANSLATED = tuple(code for code in LANGUAGES if code != ENGLISH)


def suffixed(key: str, language: str) -> str:
    """The key of `key`'s text in `language`: `name_cy`."""
    return f"{key}_{language}"


class Text(str):
    """A text of a policy: the English (the string itself) and its translations by language."""

    translations: dict[str, str]

    def __new__(cls, english: str, translations: dict[str, str] | None = None) -> Text:
        text = super().__new__(cls, english)
        text.translations = dict(translations or {})
        return text

    def __reduce__(self) -> tuple[type[Text], tuple[str, dict[str, str]]]:
        return (Text, (str(self), self.translations))

    def __repr__(self) -> str:
        return f"Text({str.__repr__(self)}, {self.translations!r})"


def policy_text(text: str, language: str | None) -> str:
    """`text` in `language` (a code such as `cy`, or Django's `cy-gb`): its translation when the
    policy gives one, otherwise its English."""
    if language and isinstance(text, Text):
        code = language.lower().replace("_", "-").split("-")[0]
        return text.translations.get(code) or str(text)
    return str(text)


def translated[T](value: T, language: str | None) -> T:
    """`value` (a `Policy`, or any part of one) with every text in `language`: what reads a
    whole policy for one reader (`explain`) reads this instead of asking text by text."""
    if isinstance(value, str):
        return policy_text(value, language) if isinstance(value, Text) else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(translated(item, language) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: translated(item, language) for key, item in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: translated(getattr(value, f.name), language) for f in fields(value)}
        return replace(value, **changes)
    return value
