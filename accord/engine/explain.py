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
from accord.engine.policy.texts import translated
from accord.engine.retention import rule_words
from accord.engine.speech import gettext as _
from accord.engine.speech import ngettext


def explain(policy: Policy, language: str | None = None) -> str:
    """The whole procedure of `policy` in plain English (or in `language`, with the policy's
    texts in it and the engine's words in the translator the caller lends, `speech.speaking`),
    as headed sections of plain text."""
    return explain_page(policy, language).text()


def explain_page(policy: Policy, language: str | None = None) -> Page:
    """The same as a `Page`, whose `blocks` a web page lays out (the policy upload page)."""
    policy = translated(policy, language)
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
    page.label(_("Partnership"), policy.partnership)
    version = (
        _("%(version)s, in effect from %(day)s")
        % {"version": policy.version, "day": w.day(policy.effective_from)}
        if policy.effective_from
        else _("%(version)s (the file does not say when it takes effect)")
        % {"version": policy.version}
    )
    page.label(_("Version"), version)
    if policy.source:
        page.label(_("Source"), policy.source)
    page.label(_("Policy id"), policy.id)


def _coverage(page: Page, policy: Policy) -> None:
    page.heading(_("Who this procedure covers"))
    page.say(_(w.WORKING_WITH[policy.population]))
    page.say(_(w.SCOPES[policy.scope]))
    subjects = w.joined([_(w.SUBJECTS[s]) for s in policy.subjects], "or")
    page.say(_("A disagreement may be about %(subjects)s.") % {"subjects": subjects})


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
    fact = _("%(question)s (fact: %(key)s)")
    questions = [fact % {"question": q, "key": key} for key, q in policy.raising_facts.items()]
    if _listing(
        page,
        _("Questions asked when a case is raised"),
        questions,
        none=_("The procedure asks no questions when a case is raised.")
        if policy.facts
        else _("The procedure asks no questions: no timescale, chair or message depends on one."),
        intro=_("The person raising a case answers these. A question not answered counts as no."),
    ):
        page.say(
            _("An answer may change later. A deadline that has already started keeps its date.")
        )
    if policy.resolution_facts:
        page.heading(_("Questions asked when the outcome is recorded"))
        page.say(
            _(
                "Whoever records the outcome (at a stage, or the final process's decision)"
                " answers these, before the records the outcome sets off are made:"
            )
        )
        for key, question in policy.resolution_facts.items():
            page.item(fact % {"question": question, "key": key})


def _exceptions(page: Page, policy: Policy) -> None:
    _listing(
        page,
        _("Disagreements that go elsewhere"),
        [_exception(exception) for exception in policy.exceptions],
        none=_("The procedure names no disagreements that go elsewhere."),
        intro=_("Before raising a case, check these questions. If yes, do not use this procedure:"),
    )


def _exception(exception: RouteException) -> str:
    words = _("%(question)s If yes: %(route)s") % {
        "question": exception.question,
        "route": exception.route,
    }
    if exception.policy:
        words += " " + _('Accord raises the case under the partnership\'s policy "%(policy)s".') % {
            "policy": exception.policy
        }
    return words


def _immediate_risk(page: Page, policy: Policy) -> None:
    risk = policy.immediate_risk
    page.heading(_(w.AT_RISK[policy.population]))
    if risk.guidance:
        page.say(risk.guidance)
    if risk.may_start_at:
        start = w.stages(risk.may_start_at, "or")
        page.say(
            _("An urgent case may start at, or jump to, %(stages)s. The reason is recorded.")
            % {"stages": start}
        )
    else:
        page.say(_("An urgent case starts at stage 1 and moves up like any other."))
    if informed := who_is_told(policy, AlertKind.RAISED_URGENT, stage=1):
        whom = told.told(informed, policy.roles, stage=1)
        said = _("When a case is raised as urgent, tell at once: %(whom)s.") % {"whom": whom}
        if risk.guidance:
            said += " " + _("The guidance above is shown on the case.")
        page.say(said)
    if risk.urgent_due:
        page.say(
            _(
                "Every stage of an urgent case is due %(due)s, stages without a deadline"
                " included. Steps and limits across stages keep their own."
            )
            % {"due": w.duration(risk.urgent_due)}
        )
    else:
        page.say(_("An urgent case keeps the usual stage deadlines."))
    page.say(_("Either side may bring any open deadline forward (never back), giving a reason."))


def _raising(page: Page, policy: Policy) -> None:
    page.heading(_("Raising a case"))
    if policy.raising_due:
        page.say(_("Raise the case %(due)s.") % {"due": w.due(policy.raising_due, policy.facts)})
    else:
        page.say(
            _("The procedure sets no deadline for raising a case once the concern is identified.")
        )
    years = policy.concern_look_back_years
    page.say(
        ngettext(
            "A concern identified more than a year before the case is raised is refused: speak"
            " to your safeguarding lead about an older concern.",
            "A concern identified more than %(years)s years before the case is raised is"
            " refused: speak to your safeguarding lead about an older concern.",
            years,
        )
        % {"years": years}
    )


def _stage(page: Page, policy: Policy, stage: Stage) -> None:
    roles = policy.roles
    page.heading(_("Stage %(number)s: %(name)s") % {"number": stage.number, "name": stage.name})
    if len(stage.raising) == len(stage.receiving) == 1 and _same_role(stage):
        page.label(
            _("Who holds it"),
            _("%(role)s, in each agency") % {"role": roles[stage.raising[0].role]},
        )
    else:
        page.label(_("Who holds it on the raising side"), w.counterparts(stage.raising, roles))
        page.label(_("Who holds it on the receiving side"), w.counterparts(stage.receiving, roles))
    if stage.advisers:
        advisers = w.recipients(stage.advisers, roles)
        page.label(
            _("Who they take advice from"),
            _(
                "%(advisers)s. They are told when a case enters this stage, and may record their"
                " advice on it (both holders are told)."
            )
            % {"advisers": advisers},
        )
    if stage.guidance:
        page.label(_("Guidance"), stage.guidance)
    if stage.checklist:
        page.say(_("Checklist:"))
        for entry in stage.checklist:
            page.item(entry, 2)
    page.label(_("Timescale"), f"{w.due(stage.due, policy.facts)}.")
    if stage.steps:
        page.say(_("Steps:"))
        for step in stage.steps:
            words = {"name": step.name, "id": step.id, "due": w.due(step.due, policy.facts)}
            page.item(_("%(name)s (step %(id)s): %(due)s.") % words, 2)
    if stage.chair:
        page.label(_("Chair"), f"{w.chosen(stage.chair, roles, policy.facts)}.")
        if stage.chair_independent:
            page.label(
                _("Independence"),
                _(
                    "the chair is not a party: not the raiser, not a holder of the case at any"
                    " stage, and not a manager above any of them."
                ),
            )
    if stage.meeting:
        met = _("the holders meet with the chair.") if stage.chair else _("the holders meet.")
        page.label(_("Meeting"), met)
    _told(page, policy, stage)
    if stage.number < policy.top_stage:
        skip = policy.may_skip and stage.number + 1 < policy.top_stage
        moves = (
            _("the case moves up to stage %(next)s, or higher when a level can be skipped.")
            if skip
            else _("the case moves up to stage %(next)s.")
        )
        page.label(_("If they do not agree"), moves % {"next": stage.number + 1})
    else:
        page.label(_("If they do not agree"), _('see "The top of the ladder" below.'))


def _same_role(stage: Stage) -> bool:
    return stage.raising[0].role == stage.receiving[0].role


def _told(page: Page, policy: Policy, stage: Stage) -> None:
    if not stage.notify:
        nobody = (
            _("the procedure names nobody else to tell at this stage.")
            if stage.advisers
            else _("the procedure names nobody to tell at this stage.")
        )
        page.label(_("Who is told"), nobody)
        return
    page.say(_("Who is told:"))
    for rule in stage.notify:
        when = _(w.TRIGGERS[rule.on])
        if rule.if_fact:
            when = _("%(when)s, if %(condition)s") % {
                "when": when,
                "condition": w.condition(rule.if_fact, policy.facts),
            }
        whom = w.recipients(rule.to, policy.roles)
        if rule.form:
            words = {"when": when, "whom": whom, "form": form_title(policy, rule.form)}
            page.item(_('%(when)s: %(whom)s (form "%(form)s").') % words, 2)
        else:
            page.item(_("%(when)s: %(whom)s.") % {"when": when, "whom": whom}, 2)


def _moving_up(page: Page, policy: Policy) -> None:
    page.heading(_("Moving up the ladder"))
    if policy.may_skip:
        page.say(
            _(
                "A case may move up more than one stage at a time, for example where the same"
                " manager holds more than one level. The reason is recorded."
            )
        )
    else:
        page.say(_("A case moves up one stage at a time."))


def _budgets(page: Page, policy: Policy) -> None:
    page.heading(_("Time limits across stages"))
    if not policy.budgets:
        page.say(_("The procedure sets no time limit across stages."))
    for budget in policy.budgets:
        span = w.stages(budget.stages)
        span = span[:1].upper() + span[1:]
        together = (
            _('%(stages)s together: within %(amount)s of entering stage %(first)s ("%(name)s").')
            if len(budget.stages) > 1
            else _(
                '%(stages)s on its own: within %(amount)s of entering stage %(first)s ("%(name)s").'
            )
        )
        page.item(
            together
            % {
                "stages": span,
                "amount": w.amount(budget.within, budget.unit),
                "first": budget.stages[0],
                "name": budget.name,
            }
        )


def _top(page: Page, policy: Policy) -> None:
    end = policy.resolution
    top = policy.top_stage
    page.heading(_("The top of the ladder"))
    page.say(
        _("If stage %(top)s ends without agreement, %(final)s.")
        % {"top": top, "final": _(w.FINALS[end.final]) % {"top": top}}
    )
    if end.panel:
        panel = end.panel
        page.say(
            (
                _(
                    "The panel has representatives of %(agencies)s agencies, including the"
                    " agencies in the disagreement."
                )
                if panel.include_parties
                else _(
                    "The panel has representatives of %(agencies)s agencies, not including the"
                    " agencies in the disagreement."
                )
            )
            % {"agencies": panel.agencies}
        )
        if panel.convened_by:
            page.say(_("Who convenes it: %(role)s.") % {"role": policy.roles[panel.convened_by]})
    if reported := who_is_told(policy, AlertKind.REFERRED, stage=top):
        whom = told.told(reported, policy.roles, stage=top)
        page.say(
            _("When stage %(top)s ends without agreement, tell: %(whom)s.")
            % {"top": top, "whom": whom}
        )
    else:
        page.say(
            _("The procedure names nobody to tell when stage %(top)s ends without agreement.")
            % {"top": top}
        )
    recorded = w.joined([_(w.RECORD[item]) for item in end.record])
    page.say(
        _("What is recorded: %(recorded)s.") % {"recorded": recorded}
        if recorded
        else _("The procedure asks for no record.")
    )
    page.say(_(w.SIGN_OFF[end.sign_off]))
    page.say(_(w.DEBRIEF[end.debrief]))


def _themes(page: Page, policy: Policy) -> None:
    _listing(
        page,
        _("Themes"),
        list(policy.themes),
        none=_("The procedure names no themes."),
        intro=_("The partnership counts and learns from disagreements under these themes:"),
    )


def _calendar(page: Page, policy: Policy) -> None:
    page.heading(_("Calendar"))
    page.say(_(w.WORKING_DAYS_IN[policy.jurisdiction]))
    closures = [
        w.day(first)
        if first == last
        else _("%(first)s to %(last)s") % {"first": w.day(first), "last": w.day(last)}
        for first, last in policy.closures
    ]
    if closures:
        page.say(_("The partnership is also closed on: %(days)s.") % {"days": w.joined(closures)})
    else:
        page.say(_("The partnership names no other closure days."))


def _keeping_records(page: Page, policy: Policy) -> None:
    page.heading(_("Keeping records"))
    page.say(
        _(
            "A closed case's personal details are kept %(rule)s, unless the partnership sets"
            " its own period or a legal hold is placed on the case. Then they are removed, and"
            " the case's figures kept."
        )
        % {"rule": rule_words(policy.retention)}
    )
