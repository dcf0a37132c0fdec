"""What changes between two versions of a procedure: stages, roles, timescales, forms and who is
told, each as a line with its wording before and after (`accord policy compare`, and the policy
upload page's side-by-side comparison).

Each side is worded as `accord policy explain` words it (`wording`), so the comparison reads the
same as the explanation an administrator has just checked. A thing only one version has shows
as added or removed (an empty side).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from accord.engine import wording as w
from accord.engine.page import Page
from accord.engine.policy.form_model import Form
from accord.engine.policy.model import NotifyRule, Policy, Stage

TOPICS = ("Stages", "Roles", "Timescales", "Forms", "Who is told")


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that reads differently in the new version; `before` is empty when the new
    version adds it, `after` when it takes it away."""

    topic: str  # one of TOPICS
    what: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str  # `id version` of each side
    new: str
    changes: tuple[Change, ...]

    def by_topic(self) -> list[tuple[str, list[Change]]]:
        """The changes under each topic, in the order of TOPICS (a topic with none is left
        out)."""
        grouped = [(topic, [c for c in self.changes if c.topic == topic]) for topic in TOPICS]
        return [(topic, changes) for topic, changes in grouped if changes]


def compare(old: Policy, new: Policy) -> Comparison:
    """Every difference a reader of the two procedures would notice, topic by topic."""
    changes: list[Change] = []
    for topic, worded in (
        ("Stages", _stages),
        ("Roles", _roles),
        ("Timescales", _timescales),
        ("Forms", _forms),
        ("Who is told", _told),
    ):
        before, after = worded(old), worded(new)
        for what in _keys(before, after):
            was, now = before.get(what, ""), after.get(what, "")
            if was != now:
                changes.append(Change(topic, what, was, now))
    return Comparison(f"{old.id} {old.version}", f"{new.id} {new.version}", tuple(changes))


def comparison_text(comparison: Comparison) -> str:
    """The comparison as plain text, a section per topic, for the command line."""
    page = Page()
    page.title(f"From {comparison.old} to {comparison.new}")
    if not comparison.changes:
        page.say("Nothing a reader would notice changes: the procedures read the same.")
    for topic, changes in comparison.by_topic():
        page.heading(topic)
        for change in changes:
            page.item(change.what)
            page.say(f"Before: {change.before or '(not in this version)'}", indent=4)
            page.say(f"After: {change.after or '(not in this version)'}", indent=4)
    return page.text()


def _keys(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Both sides' keys: the old version's order, then what only the new one has."""
    return [*before, *(key for key in after if key not in before)]


def _per_stage(
    policy: Policy, worded: Callable[[Policy, Stage], Iterable[tuple[str, str]]]
) -> dict[str, str]:
    return {
        f"Stage {stage.number}{': ' + what if what else ''}": text
        for stage in policy.stages
        for what, text in worded(policy, stage)
    }


def _stages(policy: Policy) -> dict[str, str]:
    return _per_stage(policy, _stage_lines)


def _stage_lines(policy: Policy, stage: Stage) -> Iterable[tuple[str, str]]:
    roles = policy.roles
    yield "", stage.name
    yield "raising side", w.counterparts(stage.raising, roles)
    yield "receiving side", w.counterparts(stage.receiving, roles)
    if stage.chair:
        yield "chair", w.chosen(stage.chair, dict(roles), policy.facts)
    yield "meeting", "a meeting is held" if stage.meeting else "no meeting"
    if stage.advisers:
        yield "advisers", w.recipients(stage.advisers, roles)
    for step in stage.steps:
        yield f"step {step.id}", step.name


def _roles(policy: Policy) -> dict[str, str]:
    return {f"Role {key}": name for key, name in policy.roles.items()}


def _timescales(policy: Policy) -> dict[str, str]:
    facts = policy.facts
    lines: dict[str, str] = {}
    if policy.raising_due:
        lines["Raising a case"] = w.due(policy.raising_due, facts)
    for stage in policy.stages:
        lines[f"Stage {stage.number}"] = w.due(stage.due, facts)
        for step in stage.steps:
            lines[f"Stage {stage.number}: step {step.id}"] = w.due(step.due, facts)
    for budget in policy.budgets:
        lines[f"Limit {budget.id}"] = (
            f"{budget.name}: {w.stages(budget.stages)} within "
            f"{w.amount(budget.within, budget.unit)}"
        )
    if policy.immediate_risk.urgent_due is not None:
        lines["Immediate risk"] = w.duration(policy.immediate_risk.urgent_due)
    if policy.non_response is not None:
        lines["No response"] = w.duration(policy.non_response.grace)
    return lines


def _forms(policy: Policy) -> dict[str, str]:
    return {f"Form {form.id}": _form(form) for form in policy.forms}


def _form(form: Form) -> str:
    fields = [
        f"{field.label} ({field.type}{', required' if field.required else ''})"
        for field in form.fields
    ]
    return f"{form.title}: {w.joined(fields) or 'no fields'}"


def _told(policy: Policy) -> dict[str, str]:
    return {
        f"Stage {stage.number}": "; ".join(_rule(policy, rule) for rule in stage.notify)
        or "nobody is named"
        for stage in policy.stages
    }


def _rule(policy: Policy, rule: NotifyRule) -> str:
    text = f"on {rule.on.replace('_', ' ')}: {w.recipients(rule.to, policy.roles)}"
    if rule.form:
        text += f" (form {rule.form})"
    if rule.if_fact:
        text += f" if {w.condition(rule.if_fact, policy.facts)}"
    return text
