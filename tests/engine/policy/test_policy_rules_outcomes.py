"""Rules on where cases end or go: [[exceptions]], [resolution], [[forms]], [categories]."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.engine.policy.form_model import Form, FormField
from accord.engine.policy.model import Panel, Policy, Resolution, RouteException

EXCEPTION = (
    '[[exceptions]]\nid = "cp-conference"\nquestion = "About a conference?"\nroute = "Use 3.8."'
)
FORM = '[[forms]]\nid = "monitoring"\ntitle = "Monitoring"'


def resolution(*lines: str) -> tuple[str, str]:
    return ("", "\n".join(["[resolution]", *lines]))


def form_fields(*entries: str) -> tuple[str, str]:
    return ("", "\n".join([FORM, "fields = [", *entries, "]"]))


RULES = [
    # [[exceptions]]
    pytest.param(
        "",
        f'{EXCEPTION}\n[[exceptions]]\nid = "cp-conference"  # !\nquestion = "Q"\nroute = "R"',
        'id "cp-conference" is already used by exceptions[0]',
        id="exception-id-repeated",
    ),
    pytest.param(
        "",
        '[[exceptions]]  # !\nid = "own-manager"\nquestion = "Is it your manager?"',
        'missing required key "route" in [[exceptions]]',
        id="exception-without-route",
    ),
    pytest.param(
        "",
        f'{EXCEPTION}\npolicy = "Conference Dissent"  # !',
        'policy "Conference Dissent" is not a lower-kebab id',
        id="exception-policy-not-an-id",
    ),
    pytest.param(
        "",
        f'{EXCEPTION}\npolicy = "test-borough"  # !',
        'policy "test-borough" is this policy itself',
        id="exception-policy-itself",
    ),
    pytest.param(
        "",
        '[exceptions]  # !\nid = "x"',
        "exceptions: must be a list of tables, found a table",
        id="exceptions-not-an-array",
    ),
    # [resolution]
    pytest.param(
        *resolution('ask = ["cp_plann"]  # !'),
        'fact "cp_plann" is not declared in [facts]',
        id="ask-undeclared-fact",
    ),
    pytest.param(
        *resolution('ask = "cp_plan"  # !'),
        "ask must be a list of strings",
        id="ask-not-a-list",
    ),
    pytest.param(
        *resolution('final = "tribunal"  # !'),
        'final "tribunal" is not one of panel, mediation, chair_decision, senior_decision',
        id="final-unknown",
    ),
    pytest.param(
        *resolution('final = "mediation"', "panel = { agencies = 3 }  # !"),
        'panel is only used when final = "panel" (final is "mediation")',
        id="panel-without-final-panel",
    ),
    pytest.param(
        *resolution('final = "panel"', 'panel = { agencies = 3, convened_by = "chair" }  # !'),
        'role "chair" is not declared in [roles]',
        id="panel-convener-undeclared",
    ),
    pytest.param(
        *resolution('final = "panel"', "panel = { agencies = 0 }  # !"),
        "agencies must be at least 1, found 0",
        id="panel-without-agencies",
    ),
    pytest.param(
        *resolution('final = "panel"', "panel = { agency = 3 }  # !"),
        'unknown key "agency" in panel (did you mean "agencies"?)',
        id="panel-unknown-key",
    ),
    pytest.param(
        *resolution('report_to = ["business_manager",', '  "lscb_chair"]  # !'),
        'role "lscb_chair" is not declared in [roles]',
        id="report-to-undeclared",
    ),
    pytest.param(
        *resolution('record = ["agreed_outcome", "minutes"]  # !'),
        'record: "minutes" is not one of agreed_outcome, outstanding_issues, tasks, learning',
        id="record-unknown",
    ),
    pytest.param(
        *resolution("record = []  # !"), "record must list at least one of", id="record-empty"
    ),
    pytest.param(
        *resolution('sign_off = "both_partys"  # !'),
        'sign_off "both_partys" is not one of both_parties,'
        ' raising_party, none (did you mean "both_parties"?)',
        id="sign-off-unknown",
    ),
    pytest.param(
        *resolution("debrief = true  # !"),
        "debrief must be a string, found true",
        id="debrief-not-a-string",
    ),
    # [[forms]]
    pytest.param(
        *form_fields(
            '  { id = "a", label = "A", type = "text" },',
            "]",
            "[[forms]]",
            'id = "monitoring"  # !',
            'title = "Again"',
            "fields = [",
            '  { id = "a", label = "A", type = "text" },',
        ),
        'id "monitoring" is already used by forms[0]',
        id="form-id-repeated",
    ),
    pytest.param(
        "",
        f"{FORM}\nfields = []  # !",
        "fields must list at least one field",
        id="form-without-fields",
    ),
    pytest.param(
        "",
        '[[forms]]  # !\nid = "monitoring"\nfields = [{ id = "a", label = "A", type = "text" }]',
        'missing required key "title" in [[forms]]',
        id="form-without-title",
    ),
    pytest.param(
        "",
        "[[forms]]\n"
        'id = "Stage 3"  # !\n'
        'title = "T"\n'
        'fields = [{ id = "a", label = "A", type = "text" }]',
        'id "Stage 3" is not a valid id',
        id="form-id-invalid",
    ),
    pytest.param(
        *form_fields(
            '  { id = "a", label = "A", type = "text" },',
            '  { id = "b", label = "B", type = "number" },  # !',
        ),
        'fields[1]: type "number" is not one of text, longtext, date, list, yesno, choice',
        id="field-type-unknown",
    ),
    pytest.param(
        *form_fields('  { id = "a", label = "A", type = "choice" },  # !'),
        'a field of type "choice" needs choices = ["...", ...]',
        id="field-choice-without-choices",
    ),
    pytest.param(
        *form_fields('  { id = "a", label = "A", type = "choice", choices = [] },  # !'),
        "choices must list at least one choice",
        id="field-choices-empty",
    ),
    pytest.param(
        *form_fields('  { id = "a", label = "A", type = "text", choices = ["x"] },  # !'),
        'choices only apply to type "choice", not "text"',
        id="field-choices-on-text",
    ),
    pytest.param(
        *form_fields('  { id = "a", label = "A", type = "date", from = "case.raised" },  # !'),
        'from "case.raised" is not one of case.raised_on,',
        id="field-source-unknown",
    ),
    pytest.param(
        *form_fields(
            '  { id = "a", label = "A", type = "text" },',
            '  { id = "a", label = "B", type = "text" },  # !',
        ),
        'id "a" is already used by forms[0].fields[0]',
        id="field-id-repeated",
    ),
    pytest.param(
        *form_fields('  { id = "a", lable = "A", type = "text" },  # !'),
        'unknown key "lable" in a form field (did you mean "label"?)',
        id="field-unknown-key",
    ),
    pytest.param(
        *form_fields('  "raised_on",  # !'),
        "forms[0].fields[0]: must be a table, found a string",
        id="field-not-a-table",
    ),
    # [categories] and [escalation]
    pytest.param(
        "",
        '[categories]\nthemes = ["Communication", "Communication"]  # !',
        'themes lists "Communication" twice',
        id="theme-repeated",
    ),
    pytest.param(
        "",
        '[categories]\ntheme = ["Communication"]  # !',
        'unknown key "theme" in [categories] (did you mean "themes"?)',
        id="categories-unknown-key",
    ),
    pytest.param(
        "",
        '[escalation]\nmay_skip = "yes"  # !',
        'may_skip must be true or false, found a string ("yes")',
        id="may-skip-not-a-boolean",
    ),
    pytest.param(
        "",
        "[escalation]\nmay_skipp = true  # !",
        'unknown key "may_skipp" in [escalation] (did you mean "may_skip"?)',
        id="escalation-unknown-key",
    ),
]


@pytest.mark.parametrize(("old", "new", "fragment"), RULES)
def test_rule(
    expect_problem: Callable[[str, str, str], None], old: str, new: str, fragment: str
) -> None:
    expect_problem(old, new, fragment)


def test_an_exception_may_route_to_another_policy(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited("", f'{EXCEPTION}\npolicy = "test-borough-conference-dissent"')
    assert policy.exceptions == (
        RouteException(
            "cp-conference",
            "About a conference?",
            "Use 3.8.",
            "test-borough-conference-dissent",
            32,
        ),
    )


def test_resolution_defaults(load_edited: Callable[[str, str], Policy]) -> None:
    assert load_edited("", "").resolution == Resolution(
        final="senior_decision",
        panel=None,
        report_to=(),
        record=("agreed_outcome", "outstanding_issues"),
        sign_off="both_parties",
        debrief="none",
    )


def test_facts_asked_when_the_outcome_is_recorded_are_not_asked_at_raising(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited(
        'cp_plan = "Is the child subject to a child protection plan?"',
        'cp_plan = "Is the child subject to a child protection plan?"\n'
        'general = "Did the disagreement show a general issue?"',
    )
    assert policy.raising_facts == policy.facts
    assert policy.resolution_facts == {}
    policy = load_edited(
        'cp_plan = "Is the child subject to a child protection plan?"',
        'cp_plan = "Is the child subject to a child protection plan?"\n'
        'general = "Did the disagreement show a general issue?"\n'
        '[resolution]\nask = ["general"]',
    )
    assert policy.resolution.ask == ("general",)
    assert list(policy.raising_facts) == ["cp_plan"]
    assert policy.resolution_facts == {"general": "Did the disagreement show a general issue?"}


def test_a_panel_without_details_gets_the_default_panel(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited("", '[resolution]\nfinal = "panel"')
    assert policy.resolution.panel == Panel(agencies=3, include_parties=True, convened_by=None)


def test_forms_and_standard_forms(load_edited: Callable[[str, str], Policy]) -> None:
    fields = (
        'fields = [{ id = "agreed", label = "Agreed?", type = "yesno" },\n'
        '  { id = "level", label = "Level", type = "choice", choices = ["low", "high"] },\n'
        '  { id = "child", label = "Child", type = "text", from = "case.child.name" }]'
    )
    notify = 'notify = [{ on = "resolved", to = ["manager"], form = "resolution-record" },\n'
    notify += '  { on = "entered", to = ["manager"], form = "monitoring" }]'
    policy = load_edited("", f"{FORM}\n{fields}")
    assert policy.forms == (
        Form(
            "monitoring",
            "Monitoring",
            (
                FormField("agreed", "Agreed?", "yesno", line=35),
                FormField("level", "Level", "choice", choices=("low", "high"), line=36),
                FormField("child", "Child", "text", source="case.child.name", line=37),
            ),
            line=32,
        ),
    )
    due = 'due = { within = 5, unit = "working_days" }'
    policy = load_edited(due, f"{due}\n{notify}\n{FORM}\n{fields}")
    assert [rule.form for rule in policy.stage(2).notify] == ["resolution-record", "monitoring"]
    assert policy.form("resolution-record") is None  # standard: Accord provides it
    assert policy.form("monitoring") is policy.forms[0]
