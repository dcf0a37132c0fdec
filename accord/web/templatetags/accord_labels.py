"""Status tags for the pages, in the words and colours of `accord.web.labels`; and people's text
isolated (`isolate`, accord.documents.bidi).

{% load accord_labels %}
{% case_status_tag case %}
{% deadline_status_tag deadline now %}
{% flag_tag "urgent" %}
{{ task.title|isolate }}          people's text, isolated (accord.documents.bidi)
{{ names|isolate_each|join:", " }}
{{ stage.name|policy_text }}     a policy's text in the active language (partnerships.policy_texts)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

from accord.cases.models import Deadline
from accord.documents.bidi import each_isolated, isolated
from accord.partnerships.policy_texts import shown
from accord.web import labels

register = template.Library()
register.filter("isolate", isolated)
register.filter("isolate_each", each_isolated)
register.filter("policy_text", shown)  # a policy's text in the active language

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
