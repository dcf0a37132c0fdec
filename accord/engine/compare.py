"""What changes between two versions of a procedure: stages, roles, timescales, forms and who is
told, each as a line with its wording before and after (`accord policy compare`, and the policy
upload page's side-by-side comparison).

Each side is worded as `accord policy explain` words it (`wording`), so the comparison reads the
same as the explanation an administrator has just checked. A thing only one version has shows
as added or removed (an empty side). The words are the reader's (`accord.engine.speech`) and the
policy's own texts are in the reader's language; a change made only to the texts in another
language the policies are written in (a Welsh stage name, say) is a line of its own, "..., in
Welsh", so that no edit goes unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from accord.engine import wording as w
from accord.engine.page import Page
from accord.engine.policy.form_model import Form
from accord.engine.policy.model import NotifyRule, Policy, Stage
from accord.engine.policy.texts import ENGLISH, LANGUAGES, translated
from accord.engine.speech import gettext, gettext_noop

TOPICS = (
    gettext_noop("Stages"),
    gettext_noop("Roles"),
    gettext_noop("Timescales"),
    gettext_noop("Forms"),
    gettext_noop("Who is told"),
)
_IN_LANGUAGE = {
    ENGLISH: gettext_noop("%(what)s, in English"),
    "cy": gettext_noop("%(what)s, in Welsh"),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that reads differently in the new version; `before` is empty when the new
    version adds it, `after` when it takes it away."""

    topic: str  # one of TOPICS, in English (`Comparison.by_topic` gives it in the reader's words)
    what: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str  # `id version` of each side
    new: str
    changes: tuple[Change, ...]

    def by_topic(self) -> list[tuple[str, list[Change]]]:
        """The changes under each topic (its name in the reader's words), in the order of
        TOPICS (a topic with none is left out)."""
        grouped = [(topic, [c for c in self.changes if c.topic == topic]) for topic in TOPICS]
        return [(gettext(topic), changes) for topic, changes in grouped if changes]


def compare(old: Policy, new: Policy, language: str | None = None) -> Comparison:
    """Every difference a reader of the two procedures would notice, topic by topic, with the
    policies' texts in `language` (English when None), then any change made only to their texts
    in another language either version is written in."""
    changes = _changes(translated(old, language), translated(new, language))
    seen = {(change.topic, change.what) for change in changes}
    reading = language.split("-")[0] if language else ENGLISH
    for other in LANGUAGES:
        if other == reading or (other not in old.languages and other not in new.languages):
            continue
        for change in _changes(translated(old, other), translated(new, other)):
            if (change.topic, change.what) not in seen:
                what = gettext(_IN_LANGUAGE[other]) % {"what": change.what}
                changes.append(replace(change, what=what))
    return Comparison(f"{old.id} {old.version}", f"{new.id} {new.version}", tuple(changes))


def _changes(old: Policy, new: Policy) -> list[Change]:
    changes: list[Change] = []
    for topic, worded in zip(TOPICS, (_stages, _roles, _timescales, _forms, _told), strict=True):
        before, after = worded(old), worded(new)
        for what in _keys(before, after):
            was, now = before.get(what, ""), after.get(what, "")
            if was != now:
                changes.append(Change(topic, what, was, now))
    return changes


def comparison_text(comparison: Comparison) -> str:
    """The comparison as plain text, a section per topic, for the command line."""
    page = Page()
    page.title(gettext("From %(old)s to %(new)s") % {"old": comparison.old, "new": comparison.new})
    if not comparison.changes:
        page.say(gettext("Nothing a reader would notice changes: the procedures read the same."))
    absent = gettext("(not in this version)")
    for topic, changes in comparison.by_topic():
        page.heading(topic)
        for change in changes:
            page.item(change.what)
            page.say(gettext("Before: %(text)s") % {"text": change.before or absent}, indent=4)
            page.say(gettext("After: %(text)s") % {"text": change.after or absent}, indent=4)
    return page.text()


def _keys(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Both sides' keys: the old version's order, then what only the new one has."""
    return [*before, *(key for key in after if key not in before)]


def _stage(number: int) -> str:
    return gettext("Stage %(number)s") % {"number": number}


def _stages(policy: Policy) -> dict[str, str]:
    return {
        gettext(label) % {"number": stage.number, "step": step}: text
        for stage in policy.stages
        for label, step, text in _stage_lines(policy, stage)
    }


def _stage_lines(policy: Policy, stage: Stage) -> Iterable[tuple[str, str, str]]:
    """Each line of a stage: its label (marked, with the stage's number and a step's id to fill
    in), the step's id (or nothing), and its wording."""
    roles = policy.roles
    yield gettext_noop("Stage %(number)s"), "", stage.name
    raising = gettext_noop("Stage %(number)s: raising side")
    yield raising, "", w.counterparts(stage.raising, roles)
    receiving = gettext_noop("Stage %(number)s: receiving side")
    yield receiving, "", w.counterparts(stage.receiving, roles)
    if stage.chair:
        chair = w.chosen(stage.chair, dict(roles), policy.facts)
        yield gettext_noop("Stage %(number)s: chair"), "", chair
    meeting = gettext("a meeting is held") if stage.meeting else gettext("no meeting")
    yield gettext_noop("Stage %(number)s: meeting"), "", meeting
    if stage.advisers:
        advisers = w.recipients(stage.advisers, roles)
        yield gettext_noop("Stage %(number)s: advisers"), "", advisers
    for step in stage.steps:
        yield gettext_noop("Stage %(number)s: step %(step)s"), step.id, step.name


def _roles(policy: Policy) -> dict[str, str]:
    return {gettext("Role %(key)s") % {"key": key}: name for key, name in policy.roles.items()}


def _timescales(policy: Policy) -> dict[str, str]:
    facts = policy.facts
    lines: dict[str, str] = {}
    if policy.raising_due:
        lines[gettext("Raising a case")] = w.due(policy.raising_due, facts)
    for stage in policy.stages:
        lines[_stage(stage.number)] = w.due(stage.due, facts)
        for step in stage.steps:
            label = gettext("Stage %(number)s: step %(step)s")
            lines[label % {"number": stage.number, "step": step.id}] = w.due(step.due, facts)
    for budget in policy.budgets:
        limit = gettext("%(name)s: %(stages)s within %(amount)s") % {
            "name": budget.name,
            "stages": w.stages(budget.stages),
            "amount": w.amount(budget.within, budget.unit),
        }
        lines[gettext("Limit %(id)s") % {"id": budget.id}] = limit
    if policy.immediate_risk.urgent_due is not None:
        lines[gettext("Immediate risk")] = w.duration(policy.immediate_risk.urgent_due)
    if policy.non_response is not None:
        lines[gettext("No response")] = w.duration(policy.non_response.grace)
    return lines


def _forms(policy: Policy) -> dict[str, str]:
    return {gettext("Form %(id)s") % {"id": form.id}: _form(form) for form in policy.forms}


def _form(form: Form) -> str:
    fields = [
        (
            gettext("%(label)s (%(type)s, required)")
            if field.required
            else gettext("%(label)s (%(type)s)")
        )
        % {"label": field.label, "type": field.type}
        for field in form.fields
    ]
    listed = w.joined(fields) or gettext("no fields")
    return gettext("%(title)s: %(fields)s") % {"title": form.title, "fields": listed}


def _told(policy: Policy) -> dict[str, str]:
    return {
        _stage(stage.number): "; ".join(_rule(policy, rule) for rule in stage.notify)
        or gettext("nobody is named")
        for stage in policy.stages
    }


_RULES = {
    (False, False): gettext_noop("on %(trigger)s: %(recipients)s"),
    (True, False): gettext_noop("on %(trigger)s: %(recipients)s (form %(form)s)"),
    (False, True): gettext_noop("on %(trigger)s: %(recipients)s if %(condition)s"),
    (True, True): gettext_noop("on %(trigger)s: %(recipients)s (form %(form)s) if %(condition)s"),
}


def _rule(policy: Policy, rule: NotifyRule) -> str:
    """A notify rule: when (the policy's trigger word), to whom, with which form, if what."""
    message = _RULES[bool(rule.form), bool(rule.if_fact)]
    return gettext(message) % {
        "trigger": rule.on.replace("_", " "),
        "recipients": w.recipients(rule.to, policy.roles),
        "form": rule.form,
        "condition": w.condition(rule.if_fact, policy.facts) if rule.if_fact else "",
    }
