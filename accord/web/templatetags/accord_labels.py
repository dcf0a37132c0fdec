"""Status tags for the pages, in the words and colours of `accord.web.labels`; and people's text
isolated (`isolate`, accord.documents.bidi).

{% load accord_labels %}
{% case_status_tag case %}
{% deadline_status_tag deadline now %}
{% flag_tag "urgent" %}
{{ task.title|isolate }}          people's text, isolated (accord.documents.bidi)
{{ names|isolate_each|join:", " }}
{{ stage.name|policy_text }}     a policy's text in the active language (partnerships.policy_texts;
                                 its English marked lang="en-GB" when it has none in it)
{{ version|procedure_title }}    a stored policy version's title, the same way
{{ case.decision_summary|decision_shown }}   the decision disagreed with, and who made it
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from accord.cases.models import Deadline
from accord.cases.plausible import DECISION_BY_PREFIX
from accord.documents.bidi import each_isolated, isolated
from accord.engine.policy.texts import ENGLISH, Text
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import policy_of
from accord.partnerships.policy_texts import shown
from accord.web import labels

register = template.Library()
register.filter("isolate", isolated)
register.filter("isolate_each", each_isolated)
# The policy's English, when the page is in another language the policy is not written in.
ENGLISH_TAG = "en-GB"


@register.filter("policy_text")
def policy_text(text: object) -> object:
    """A policy's text in the active language; where the policy has none in it (a policy
    written only in English, on a page in Welsh), its English marked `lang="en-GB"`, so that it
    is read as English. Anything else as it is."""
    if not isinstance(text, str) or not text:
        return text
    code = (get_language() or ENGLISH).lower().split("-")[0]
    # A policy declaring no other language has plain strings for texts, not `Text`s.
    translations = text.translations if isinstance(text, Text) else {}
    if code != ENGLISH and not translations.get(code):
        return format_html('<span lang="{}">{}</span>', ENGLISH_TAG, text)
    return shown(text)


@register.filter
def procedure_title(version: PolicyVersion) -> object:
    """The version's policy title in the active language, as `policy_text` shows it (the
    stored `title` is its English)."""
    return policy_text(policy_of(version).title)


@register.filter
def decision_shown(text: str) -> object:
    """A case's stored decision: what was decided, then who made it after the English words
    raising stores between them (`DECISION_BY_PREFIX`), those words in the page's language."""
    decision, found, by = (text or "").partition(DECISION_BY_PREFIX)
    if not found:
        return linebreaksbr(isolated(text))
    return format_html(
        "{}<br><br>{}: {}",
        linebreaksbr(isolated(decision)),
        gettext("Decision made by"),
        isolated(by),
    )


TAG_TEMPLATE = "govuk/components/tag.html"


def _context(tag: labels.Tag) -> dict[str, str]:
    return {"text": str(tag.text), "colour": tag.colour}


@register.inclusion_tag(TAG_TEMPLATE)
def case_status_tag(case: Any) -> dict[str, str]:
    """The case's status in the words of its policy (sign-off only where it is asked)."""
    return _context(labels.case_status_of(case))


@register.inclusion_tag(TAG_TEMPLATE)
def deadline_status_tag(deadline: Deadline, now: datetime) -> dict[str, str]:
    """The deadline's status as of `now` (the engine's rule, on its stored window)."""
    return _context(labels.deadline_status(deadline.running(now)))


@register.inclusion_tag(TAG_TEMPLATE)
def flag_tag(code: str) -> dict[str, str]:
    return _context(labels.flag(code))


@register.simple_tag
def no_date(unit: str = "") -> str:
    """What a page says where there is no due date ("Without delay" for unit `none`)."""
    return str(labels.no_due_text(unit))
