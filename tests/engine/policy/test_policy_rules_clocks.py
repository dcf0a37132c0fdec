"""Rules on clocks: durations, conditional dues, `within = 0`, `agreed`, budgets, [raising],
[immediate_risk] and [non_response]."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.engine.policy.model import (
    CONCERN_IDENTIFIED,
    Alternative,
    Budget,
    Duration,
    NonResponse,
    Policy,
    Retention,
    Unit,
)

STAGE_2_DUE = 'due = { within = 5, unit = "working_days" }'


def due(value: str) -> tuple[str, str]:
    """Stage 2's due replaced by `value` (which carries the mark)."""
    return (STAGE_2_DUE, f"due = {value}")


def budget(*lines: str) -> tuple[str, str]:
    head = ["[[budgets]]", 'id = "overall"', 'name = "Whole process"']
    return ("", "\n".join(head + list(lines)))


RULES = [
    # units, within, from
    pytest.param(
        *due('{ within = 5, unit = "weeks" }  # !'),
        'stages[1].due: unit "weeks" is not one of'
        " working_days, calendar_days, hours, none, agreed",
        id="unit-unknown",
    ),
    pytest.param(
        *due("{ within = 5 }  # !"), 'missing required key "unit" in a duration', id="unit-missing"
    ),
    pytest.param(
        *due('{ unit = "working_days" }  # !'),
        'within is required for unit "working_days"',
        id="within-missing",
    ),
    pytest.param(
        *due('{ within = -1, unit = "working_days" }  # !'),
        "within must be at least 1, found -1",
        id="within-negative",
    ),
    pytest.param(
        *due('{ within = 2.5, unit = "working_days" }  # !'),
        "within must be a whole number, found a decimal number (2.5)",
        id="within-decimal",
    ),
    pytest.param(
        *due('{ within = true, unit = "working_days" }  # !'),
        "within must be a whole number, found true",
        id="within-boolean",
    ),
    pytest.param(
        *due('{ within = 100000, unit = "working_days" }  # !'),
        "within 100000 is too large (at most 9999)",
        id="within-huge",
    ),
    pytest.param(
        *due('"5 working days"  # !'),
        'must be a table such as { within = 5, unit = "working_days" }',
        id="due-a-string",
    ),
    pytest.param(
        *due('{ within = 5, unit = "working_days", from = "stage-start" }  # !'),
        'from "stage-start" is not one of stage_start, case_raised,'
        ' concern_identified (did you mean "stage_start"?)',
        id="anchor-unknown",
    ),
    pytest.param(
        *due('{ unit = "none", within = 2 }  # !'),
        'within has no meaning for unit "none"',
        id="none-with-within",
    ),
    pytest.param(
        *due(
            '{ within = 5, unit = "working_days", nudge_every = {'
            ' within = 1, unit = "working_days" } }  # !'
        ),
        'nudge_every only applies to units "none" and "agreed"',
        id="nudge-on-a-dated-unit",
    ),
    pytest.param(
        *due('{ unit = "none", nudge_every = { within = 1, unit = "none" } }  # !'),
        'unit "none" cannot be used for nudge_every: use working_days, calendar_days, hours',
        id="nudge-without-date",
    ),
    pytest.param(
        *due('{ unit = "none", nudge_every = { unit = "hours" } }  # !'),
        'missing required key "within" in nudge_every',
        id="nudge-without-within",
    ),
    pytest.param(
        *due(
            '{ unit = "none", nudge_every = { within = 2, unit ='
            ' "hours", from = "case_raised" } }  # !'
        ),
        'unknown key "from" in nudge_every; remove it',
        id="nudge-with-from",
    ),
    # 4.1 dues by fact
    pytest.param(
        *due('{ if = "cp_plan", within = 1, unit = "working_days" }  # !'),
        '"if" only belongs in a list of alternatives',
        id="single-due-with-if",
    ),
    pytest.param(
        *due(
            '[{ if = "cp_plan", within = 1, unit = "working_days" },\n'
            '  { if = "cp_plan", within = 5, unit = "working_days" }]  # !'
        ),
        'the last entry has "if"',
        id="due-list-last-has-if",
    ),
    pytest.param(
        *due(
            '[{ within = 1, unit = "working_days" },  # !\n  { within = 5, unit = "working_days" }]'
        ),
        'only the last entry may leave out "if"',
        id="due-list-middle-without-if",
    ),
    pytest.param(
        *due(
            '[{ if = "high_priority", within = 1, unit = "working_days" },  # !\n'
            '  { within = 5, unit = "working_days" }]'
        ),
        'fact "high_priority" is not declared in [facts]',
        id="due-list-undeclared-fact",
    ),
    pytest.param(
        *due("[]  # !"), "stages[1].due: must list at least one entry", id="due-list-empty"
    ),
    pytest.param(
        *due(
            '[{ if = "cp_plan", within = 1, unit = "fortnights" },  # !\n'
            '  { within = 5, unit = "working_days" }]'
        ),
        'stages[1].due[0]: unit "fortnights" is not one of',
        id="due-list-entry-checked",
    ),
    # 4.2 agreed
    pytest.param(
        *due('{ unit = "agreed", within = 3 }  # !'),
        'within has no meaning for unit "agreed"',
        id="agreed-with-within",
    ),
    pytest.param(
        *due('{ unit = "agreed", from = "case_raised" }  # !'),
        'from has no meaning for unit "agreed"',
        id="agreed-with-from",
    ),
    pytest.param(
        *due('{ unit = "none", from = "concern-identified" }  # !'),
        'from "concern-identified" is not one of',
        id="none-anchor-unknown",
    ),
    # 4.3 within = 0
    pytest.param(
        *due('{ within = 0, unit = "calendar_days" }  # !'),
        'within = 0 (the same working day) is only allowed with unit "working_days"',
        id="zero-calendar-days",
    ),
    pytest.param(
        *due('{ within = 0, unit = "hours" }  # !'),
        'within = 0 (the same working day) is only allowed with unit "working_days"',
        id="zero-hours",
    ),
    pytest.param(
        *due('{ unit = "none", nudge_every = { within = 0, unit = "working_days" } }  # !'),
        "within must be at least 1, found 0",
        id="zero-in-nudge",
    ),
    # budgets
    pytest.param(
        *budget("stages = [1, 2, 3]  # !", "within = 15", 'unit = "working_days"'),
        'budget "overall" names stage 3, but the policy has 2 stages',
        id="budget-stage-missing",
    ),
    pytest.param(
        *budget("stages = [2, 1]  # !", "within = 15", 'unit = "working_days"'),
        "stages must be consecutive, in ladder order (such as [1, 2, 3]), found [2, 1]",
        id="budget-stages-out-of-order",
    ),
    pytest.param(
        *budget("stages = [1, 1]  # !", "within = 15", 'unit = "working_days"'),
        "stages lists 1 twice",
        id="budget-stage-repeated",
    ),
    pytest.param(
        *budget("stages = []  # !", "within = 15", 'unit = "working_days"'),
        "stages must list at least one stage",
        id="budget-no-stages",
    ),
    pytest.param(
        *budget("stages = [1, 2]", "within = 0  # !", 'unit = "working_days"'),
        "within must be at least 1, found 0",
        id="budget-zero",
    ),
    pytest.param(
        *budget("stages = [1, 2]", "within = 15", 'unit = "none"  # !'),
        'unit "none" cannot be used for a budget: use working_days, calendar_days, hours',
        id="budget-without-date",
    ),
    pytest.param(
        *budget(
            "stages = [1, 2]", "within = 15", 'unit = "working_days"', 'from = "case_raised"  # !'
        ),
        "remove it: a budget always runs from entering its first listed stage",
        id="budget-with-from",
    ),
    pytest.param(
        "",
        '[[budgets]]  # !\nid = "overall"\nname = "Whole"\nstages = [1, 2]\nunit = "working_days"',
        'missing required key "within" in [[budgets]]',
        id="budget-without-within",
    ),
    pytest.param(
        *budget(
            "stages = [1]",
            "within = 5",
            'unit = "working_days"',
            "[[budgets]]",
            'id = "overall"  # !',
            'name = "Again"',
            "stages = [2]",
            "within = 5",
            'unit = "working_days"',
        ),
        'id "overall" is already used by budgets[0]',
        id="budget-id-repeated",
    ),
    # 4.4 [raising]
    pytest.param(
        "",
        '[raising]\ndue = { within = 2, unit = "working_days", from = "stage_start" }  # !',
        'from "stage_start" cannot be used for [raising] due: use concern_identified',
        id="raising-from-stage-start",
    ),
    pytest.param(
        "",
        '[raising]\ndue = { unit = "none" }  # !',
        'unit "none" cannot be used for [raising] due',
        id="raising-without-date",
    ),
    pytest.param(
        "",
        "[raising]  # !",
        "needs due, concern_look_back_years or both",
        id="raising-without-due",
    ),
    pytest.param(
        "",
        "[raising]\nconcern_look_back_years = 0  # !",
        "concern_look_back_years must be a whole number from 1 to 99, found 0",
        id="look-back-zero",
    ),
    pytest.param(
        "",
        "[raising]\nconcern_look_back_years = 100  # !",
        "concern_look_back_years must be a whole number from 1 to 99, found 100",
        id="look-back-too-long",
    ),
    pytest.param(
        "",
        '[raising]\nconcern_look_back_years = "two"  # !',
        "concern_look_back_years must be a whole number",
        id="look-back-not-a-number",
    ),
    pytest.param(
        "",
        "[raising]\n"
        'due = [{ if = "urgent", within = 0, unit = "working_days" },  # !\n'
        '  { within = 2, unit = "working_days" }]',
        'fact "urgent" is not declared in [facts]',
        id="raising-due-undeclared-fact",
    ),
    # [retention] (Accord's addition)
    pytest.param(
        "", "[retention]  # !", "needs years_after_closure, until_age or both", id="retention-empty"
    ),
    pytest.param(
        "",
        "[retention]\nyears_after_closure = 0  # !",
        "years_after_closure must be a whole number from 1 to 99, found 0",
        id="retention-no-years",
    ),
    pytest.param(
        "",
        '[retention]\nuntil_age = "25"  # !',
        'until_age must be a whole number, found a string ("25")',
        id="retention-age-a-string",
    ),
    pytest.param(
        "",
        "[retention]\nuntil_age = 100  # !",
        "until_age must be a whole number from 0 (no age rule) to 99, found 100",
        id="retention-age-too-old",
    ),
    # [immediate_risk]
    pytest.param(
        "",
        "[immediate_risk]\nmay_start_at = [1,\n  3]  # !",
        "may_start_at names stage 3, but the policy has 2 stages",
        id="may-start-at-missing-stage",
    ),
    pytest.param(
        "",
        '[immediate_risk]\nmay_start_at = ["2"]  # !',
        'may_start_at[0] must be a whole number, found a string ("2")',
        id="may-start-at-a-string",
    ),
    pytest.param(
        "",
        '[immediate_risk]\nurgent_due = { within = 0, unit = "working_days" }  # !',
        "within must be at least 1, found 0",
        id="urgent-due-zero",
    ),
    pytest.param(
        "",
        '[immediate_risk]\nurgent_due = { unit = "agreed" }  # !',
        'unit "agreed" cannot be used for urgent_due',
        id="urgent-due-agreed",
    ),
    pytest.param(
        "",
        '[immediate_risk]\nurgent_due = { within = 24, unit = "hours", from = "case_raised" }  # !',
        "an urgent case's stage deadlines always run from the stage's start",
        id="urgent-due-with-from",
    ),
    pytest.param(
        "",
        '[immediate_risk]\ninform = ["head_of_safeguarding"]  # !',
        'role "head_of_safeguarding" is not declared in [roles]',
        id="inform-undeclared-role",
    ),
    # [non_response]
    pytest.param(
        "",
        '[non_response]  # !\naction = "alert_next_level"',
        'missing required key "grace" in [non_response]',
        id="non-response-without-grace",
    ),
    pytest.param(
        "",
        '[non_response]\ngrace = { within = 1, unit = "working_days" }\naction = "escalate"  # !',
        'action "escalate" is not one of alert_next_level',
        id="non-response-action-unknown",
    ),
    pytest.param(
        "",
        '[non_response]\ngrace = { unit = "none" }  # !',
        'unit "none" cannot be used for grace',
        id="grace-without-date",
    ),
]


@pytest.mark.parametrize(("old", "new", "fragment"), RULES)
def test_rule(
    expect_problem: Callable[[str, str, str], None], old: str, new: str, fragment: str
) -> None:
    expect_problem(old, new, fragment)


def test_dues_by_fact_agreed_and_same_day(load_edited: Callable[[str, str], Policy]) -> None:
    value = (
        '[{ if = "cp_plan", within = 0, unit = "working_days", from = "concern_identified" },'
        ' { unit = "agreed", nudge_every = { within = 3, unit = "calendar_days" } }]'
    )
    policy = load_edited(STAGE_2_DUE, f"due = {value}")
    assert policy.stage(2).due == (
        Alternative(Duration(Unit.WORKING_DAYS, 0, CONCERN_IDENTIFIED, line=30), "cp_plan", 30),
        Alternative(
            Duration(
                Unit.AGREED, None, nudge_every=Duration(Unit.CALENDAR_DAYS, 3, line=30), line=30
            ),
            None,
            30,
        ),
    )


def test_none_may_say_when_its_reminders_start(load_edited: Callable[[str, str], Policy]) -> None:
    steps = "\n".join(
        [
            "[[stages.steps]]",
            'id = "meeting"',
            'name = "Meeting held"',
            'due = { within = 10, unit = "working_days" }',
            "[[stages.steps]]",
            'id = "report"',
            'name = "Report written"',
            'due = { unit = "none", from = "step:meeting" }',
        ]
    )
    report = load_edited("", steps).stage(2).steps[1]
    assert report.due[0].value == Duration(Unit.NONE, None, "step:meeting", line=39)


def test_none_and_agreed_need_no_nudge(load_edited: Callable[[str, str], Policy]) -> None:
    policy = load_edited(STAGE_2_DUE, 'due = { unit = "none" }')
    assert policy.stage(2).due[0].value == Duration(Unit.NONE, line=30)


def test_raising_due_counts_from_the_concern_by_default(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited("", '[raising]\ndue = { within = 2, unit = "working_days" }')
    assert policy.raising_due == (
        Alternative(Duration(Unit.WORKING_DAYS, 2, CONCERN_IDENTIFIED, line=33), None, 33),
    )


def test_concern_look_back_is_a_year_unless_the_policy_says(
    load_edited: Callable[[str, str], Policy],
) -> None:
    assert load_edited("", "").concern_look_back_years == 1
    policy = load_edited("", "[raising]\nconcern_look_back_years = 3")
    assert (policy.concern_look_back_years, policy.raising_due) == (3, ())
    timed = load_edited(
        "",
        '[raising]\ndue = { within = 2, unit = "working_days" }\nconcern_look_back_years = 2',
    )
    assert timed.concern_look_back_years == 2
    assert timed.raising_due


def test_budgets_urgent_due_and_grace(load_edited: Callable[[str, str], Policy]) -> None:
    text = "\n".join(
        [
            "[[budgets]]",
            'id = "overall"',
            'name = "Whole process"',
            "stages = [1, 2]",
            "within = 15",
            'unit = "calendar_days"',
            "[immediate_risk]",
            "may_start_at = [2]",
            'urgent_due = { within = 24, unit = "hours" }',
            'inform = ["business_manager"]',
            "[non_response]",
            'grace = { within = 1, unit = "working_days" }',
        ]
    )
    policy = load_edited("", text)
    assert policy.budgets == (
        Budget("overall", "Whole process", (1, 2), 15, Unit.CALENDAR_DAYS, 32),
    )
    assert policy.immediate_risk.may_start_at == (2,)
    assert policy.immediate_risk.urgent_due == Duration(Unit.HOURS, 24, line=40)
    assert policy.immediate_risk.inform == ("business_manager",)
    assert policy.non_response == NonResponse(Duration(Unit.WORKING_DAYS, 1, line=43))


def test_may_skip_defaults_to_false(load_edited: Callable[[str, str], Policy]) -> None:
    assert load_edited("", "").may_skip is False
    assert load_edited("", "[escalation]\nmay_skip = true").may_skip is True


def test_retention_is_six_years_or_the_25th_birthday_unless_the_policy_says(
    load_edited: Callable[[str, str], Policy],
) -> None:
    assert load_edited("", "").retention == Retention(years_after_closure=6, until_age=25)
    policy = load_edited("", "[retention]\nyears_after_closure = 8\nuntil_age = 0")
    assert policy.retention == Retention(years_after_closure=8, until_age=0)
