"""`accord policy explain`: a policy file's procedure in plain English.

A partnership business manager reads this beside their published document to check the file says
what the procedure says: who it covers, what goes elsewhere, immediate risk, each stage (holders,
advisers, guidance, checklist, timescales, steps, chair, meeting, who is told), limits across
stages, non-response, the top of the ladder, forms (`explain_forms`), themes and the calendar.
Plain text, headed sections, wrapped at `wording.WIDTH` characters. Every section is printed, so a
silence in the file shows as a sentence ("The procedure names no ...") rather than a gap.
"""

from __future__ import annotations

from accord.engine import explain_told as told
from accord.engine import wording as w
from accord.engine.case_state import AlertKind
from accord.engine.explain_forms import form_title, forms
from accord.engine.notices import who_is_told
from accord.engine.page import Page
from accord.engine.policy.model import Policy, RouteException, Stage
from accord.engine.retention import rule_words


def explain(policy: Policy) -> str:
    """The whole procedure of `policy` in plain English, as headed sections of plain text."""
    return explain_page(policy).text()


def explain_page(policy: Policy) -> Page:
    """The same as a `Page`, whose `blocks` a web page lays out (the policy upload page)."""
    page = Page()
    for section in (_header, _coverage, _questions, _exceptions, _immediate_risk, _raising):
        section(page, policy)
    for stage in policy.stages:
        _stage(page, policy, stage)
    sections = (_moving_up, _budgets, told.non_response, told.alerts, _top, forms, _themes)
    for section in (*sections, _calendar, _keeping_records):
        section(page, policy)
    return page


def _header(page: Page, policy: Policy) -> None:
    page.title(policy.title)
    page.label("Partnership", policy.partnership)
    in_effect = (
        f", in effect from {w.day(policy.effective_from)}"
        if policy.effective_from
        else " (the file does not say when it takes effect)"
    )
    page.label("Version", f"{policy.version}{in_effect}")
    if policy.source:
        page.label("Source", policy.source)
    page.label("Policy id", policy.id)


def _coverage(page: Page, policy: Policy) -> None:
    page.heading("Who this procedure covers")
    population = w.POPULATIONS[policy.population][0]
    page.say(f"This procedure is for professionals working with {population}.")
    page.say(w.SCOPES[policy.scope])
    subjects = w.joined([w.SUBJECTS[s] for s in policy.subjects], "or")
    page.say(f"A disagreement may be about {subjects}.")


def _listing(page: Page, heading: str, items: list[str], *, none: str, intro: str) -> bool:
    """A section listing `items` after `intro`, or saying `none`; whether there were any."""
    page.heading(heading)
    if not items:
        page.say(none)
        return False
    page.say(intro)
    for item in items:
        page.item(item)
    return True


def _questions(page: Page, policy: Policy) -> None:
    questions = [f"{question} (fact: {key})" for key, question in policy.raising_facts.items()]
    if _listing(
        page,
        "Questions asked when a case is raised",
        questions,
        none="The procedure asks no questions when a case is raised."
        if policy.facts
        else "The procedure asks no questions: no timescale, chair or message depends on one.",
        intro="The person raising a case answers these. A question not answered counts as no.",
    ):
        page.say("An answer may change later. A deadline that has already started keeps its date.")
    if policy.resolution_facts:
        page.heading("Questions asked when the outcome is recorded")
        page.say(
            "Whoever records the outcome (at a stage, or the final process's decision) answers"
            " these, before the records the outcome sets off are made:"
        )
        for key, question in policy.resolution_facts.items():
            page.item(f"{question} (fact: {key})")


def _exceptions(page: Page, policy: Policy) -> None:
    _listing(
        page,
        "Disagreements that go elsewhere",
        [_exception(exception) for exception in policy.exceptions],
        none="The procedure names no disagreements that go elsewhere.",
        intro="Before raising a case, check these questions. If yes, do not use this procedure:",
    )


def _exception(exception: RouteException) -> str:
    other = (
        f' Accord raises the case under the partnership\'s policy "{exception.policy}".'
        if exception.policy
        else ""
    )
    return f"{exception.question} If yes: {exception.route}{other}"


def _immediate_risk(page: Page, policy: Policy) -> None:
    risk = policy.immediate_risk
    page.heading(f"When {w.POPULATIONS[policy.population][1]} is at immediate risk")
    if risk.guidance:
        page.say(risk.guidance)
    if risk.may_start_at:
        start = w.stages(risk.may_start_at, "or")
        page.say(f"An urgent case may start at, or jump to, {start}. The reason is recorded.")
    else:
        page.say("An urgent case starts at stage 1 and moves up like any other.")
    if informed := who_is_told(policy, AlertKind.RAISED_URGENT, stage=1):
        whom = told.told(informed, policy.roles, stage=1)
        shown = " The guidance above is shown on the case." if risk.guidance else ""
        page.say(f"When a case is raised as urgent, tell at once: {whom}.{shown}")
    if risk.urgent_due:
        page.say(
            f"Every stage of an urgent case is due {w.duration(risk.urgent_due)}, stages"
            " without a deadline included. Steps and limits across stages keep their own."
        )
    else:
        page.say("An urgent case keeps the usual stage deadlines.")
    page.say("Either side may bring any open deadline forward (never back), giving a reason.")


def _raising(page: Page, policy: Policy) -> None:
    page.heading("Raising a case")
    if policy.raising_due:
        page.say(f"Raise the case {w.due(policy.raising_due, policy.facts)}.")
    else:
        page.say(
            "The procedure sets no deadline for raising a case once the concern is identified."
        )
    years = policy.concern_look_back_years
    span = "a year" if years == 1 else f"{years} years"
    page.say(
        f"A concern identified more than {span} before the case is raised is refused: speak to"
        " your safeguarding lead about an older concern."
    )


def _stage(page: Page, policy: Policy, stage: Stage) -> None:
    roles = policy.roles
    page.heading(f"Stage {stage.number}: {stage.name}")
    if len(stage.raising) == len(stage.receiving) == 1 and _same_role(stage):
        page.label("Who holds it", f"{roles[stage.raising[0].role]}, in each agency")
    else:
        page.label("Who holds it on the raising side", w.counterparts(stage.raising, roles))
        page.label("Who holds it on the receiving side", w.counterparts(stage.receiving, roles))
    if stage.advisers:
        advisers = w.recipients(stage.advisers, roles)
        page.label(
            "Who they take advice from",
            f"{advisers}. They are told when a case enters this stage, and may record their"
            " advice on it (both holders are told).",
        )
    if stage.guidance:
        page.label("Guidance", stage.guidance)
    if stage.checklist:
        page.say("Checklist:")
        for entry in stage.checklist:
            page.item(entry, 2)
    page.label("Timescale", f"{w.due(stage.due, policy.facts)}.")
    if stage.steps:
        page.say("Steps:")
        for step in stage.steps:
            page.item(f"{step.name} (step {step.id}): {w.due(step.due, policy.facts)}.", 2)
    if stage.chair:
        page.label("Chair", f"{w.chosen(stage.chair, roles, policy.facts)}.")
        if stage.chair_independent:
            page.label(
                "Independence",
                "the chair is not a party: not the raiser, not a holder of the case at any"
                " stage, and not a manager above any of them.",
            )
    if stage.meeting:
        page.label("Meeting", "the holders meet" + (" with the chair." if stage.chair else "."))
    _told(page, policy, stage)
    if stage.number < policy.top_stage:
        skip = policy.may_skip and stage.number + 1 < policy.top_stage
        higher = ", or higher when a level can be skipped" if skip else ""
        page.label(
            "If they do not agree", f"the case moves up to stage {stage.number + 1}{higher}."
        )
    else:
        page.label("If they do not agree", 'see "The top of the ladder" below.')


def _same_role(stage: Stage) -> bool:
    return stage.raising[0].role == stage.receiving[0].role


def _told(page: Page, policy: Policy, stage: Stage) -> None:
    if not stage.notify:
        others = " else" if stage.advisers else ""
        page.label("Who is told", f"the procedure names nobody{others} to tell at this stage.")
        return
    page.say("Who is told:")
    for rule in stage.notify:
        when = w.TRIGGERS[rule.on]
        if rule.if_fact:
            when += f", if {w.condition(rule.if_fact, policy.facts)}"
        form = f' (form "{form_title(policy, rule.form)}")' if rule.form else ""
        page.item(f"{when}: {w.recipients(rule.to, policy.roles)}{form}.", 2)


def _moving_up(page: Page, policy: Policy) -> None:
    page.heading("Moving up the ladder")
    if policy.may_skip:
        page.say(
            "A case may move up more than one stage at a time, for example where the same"
            " manager holds more than one level. The reason is recorded."
        )
    else:
        page.say("A case moves up one stage at a time.")


def _budgets(page: Page, policy: Policy) -> None:
    page.heading("Time limits across stages")
    if not policy.budgets:
        page.say("The procedure sets no time limit across stages.")
    for budget in policy.budgets:
        span = w.stages(budget.stages).capitalize()
        span += " together" if len(budget.stages) > 1 else " on its own"
        page.item(
            f"{span}: within {w.amount(budget.within, budget.unit)} of entering stage"
            f' {budget.stages[0]} ("{budget.name}").'
        )


def _top(page: Page, policy: Policy) -> None:
    end = policy.resolution
    top = policy.top_stage
    page.heading("The top of the ladder")
    page.say(f"If stage {top} ends without agreement, {w.FINALS[end.final].format(top=top)}.")
    if end.panel:
        panel = end.panel
        with_parties = "including" if panel.include_parties else "not including"
        page.say(
            f"The panel has representatives of {panel.agencies} agencies, {with_parties} the"
            " agencies in the disagreement."
        )
        if panel.convened_by:
            page.say(f"Who convenes it: {policy.roles[panel.convened_by]}.")
    if reported := who_is_told(policy, AlertKind.REFERRED, stage=top):
        whom = told.told(reported, policy.roles, stage=top)
        page.say(f"When stage {top} ends without agreement, tell: {whom}.")
    else:
        page.say(f"The procedure names nobody to tell when stage {top} ends without agreement.")
    recorded = w.joined([w.RECORD[item] for item in end.record])
    page.say(f"What is recorded: {recorded}." if recorded else "The procedure asks for no record.")
    page.say(w.SIGN_OFF[end.sign_off])
    page.say(w.DEBRIEF[end.debrief])


def _themes(page: Page, policy: Policy) -> None:
    _listing(
        page,
        "Themes",
        list(policy.themes),
        none="The procedure names no themes.",
        intro="The partnership counts and learns from disagreements under these themes:",
    )


def _calendar(page: Page, policy: Policy) -> None:
    page.heading("Calendar")
    where = w.JURISDICTIONS[policy.jurisdiction]
    page.say(f"Working days are Monday to Friday, except bank holidays in {where}.")
    closures = [
        w.day(first) if first == last else f"{w.day(first)} to {w.day(last)}"
        for first, last in policy.closures
    ]
    if closures:
        page.say(f"The partnership is also closed on: {w.joined(closures)}.")
    else:
        page.say("The partnership names no other closure days.")


def _keeping_records(page: Page, policy: Policy) -> None:
    page.heading("Keeping records")
    page.say(
        f"A closed case's personal details are kept {rule_words(policy.retention)}, unless the "
        "partnership sets its own period or a legal hold is placed on the case. Then they are "
        "removed, and the case's figures kept."
    )
