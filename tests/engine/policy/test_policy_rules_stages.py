"""Rules on the ladder: numbering, holders by agency, steps, chairs, advisers, notify rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.engine.policy.model import Alternative, Counterpart, NotifyRule, Policy


def in_stage_1(line: str) -> tuple[str, str]:
    return ('name = "Practitioners"', f'name = "Practitioners"\n{line}')


def in_stage_2(line: str) -> tuple[str, str]:
    return ('name = "Managers"', f'name = "Managers"\n{line}')


def steps(*lines: str) -> tuple[str, str]:
    """Steps appended to stage 2 (the last table of BASE)."""
    return ("", "\n".join(lines))


def stage_2_receiving(value: str) -> tuple[str, str]:
    return ('receiving = "manager"', f"receiving = {value}")


NOTIFY = "notify = [{ on = "

RULES = [
    # numbering
    pytest.param(
        "number = 2",
        "number = 3  # !",
        "number 3 should be 2: stages are numbered 1 to n",
        id="numbering-gap",
    ),
    pytest.param("number = 2", "number = 1  # !", "number 1 should be 2", id="numbering-repeat"),
    pytest.param(
        "number = 2",
        'number = "2"  # !',
        'number must be a whole number, found a string ("2")',
        id="number-a-string",
    ),
    # holders
    pytest.param(
        'raising = "manager"',
        'raising = "line_manager"  # !',
        'role "line_manager" is not declared in [roles]',
        id="undeclared-role",
    ),
    pytest.param(
        *stage_2_receiving("3  # !"),
        "receiving must be a role key or a list of { agency, role } entries",
        id="holder-wrong-type",
    ),
    pytest.param(
        *stage_2_receiving('[{ agency = "polce", role = "manager" }, { role = "manager" }]  # !'),
        'agency "polce" is not one of social_care, police, health, education,'
        ' housing, probation, voluntary, other (did you mean "police"?)',
        id="agency-unknown",
    ),
    pytest.param(
        *stage_2_receiving(
            '[{ agency = "police", role = "manager" },\n'
            '  { agency = "health", role = "manager" }]  # !'
        ),
        'the last entry has "agency"',
        id="counterparts-last-has-agency",
    ),
    pytest.param(
        *stage_2_receiving('[{ role = "practitioner" },  # !\n  { role = "manager" }]'),
        'only the last entry may leave out "agency"',
        id="counterparts-middle-without-agency",
    ),
    pytest.param(
        *stage_2_receiving(
            '[{ agency = "police", role = "manager" },\n'
            '  { agency = "police", role = "practitioner" },  # !\n'
            '  { role = "manager" }]'
        ),
        'agency "police" is already tested by entry 0',
        id="counterparts-agency-repeated",
    ),
    pytest.param(
        *stage_2_receiving(
            '[{ agency = "police", role = "sergeant" },  # !\n  { role = "manager" }]'
        ),
        'role "sergeant" is not declared in [roles]',
        id="counterpart-role-undeclared",
    ),
    pytest.param(
        *stage_2_receiving('[{ agency = "police" },  # !\n  { role = "manager" }]'),
        'missing required key "role" in a counterpart entry',
        id="counterpart-without-role",
    ),
    pytest.param(
        *stage_2_receiving("[]  # !"), "must list at least one entry", id="counterparts-empty"
    ),
    # steps
    pytest.param(
        *steps(
            "  [[stages.steps]]  # !",
            '  name = "Respond"',
            '  due = { within = 1, unit = "working_days" }',
        ),
        'missing required key "id" in [[stages.steps]]',
        id="step-without-id",
    ),
    pytest.param(
        *steps(
            "  [[stages.steps]]",
            '  id = "Respond now"  # !',
            '  name = "Respond"',
            '  due = { within = 1, unit = "working_days" }',
        ),
        'id "Respond now" is not a valid id',
        id="step-id-invalid",
    ),
    pytest.param(
        *steps(
            "  [[stages.steps]]",
            '  id = "a"',
            '  name = "A"',
            '  due = { within = 1, unit = "working_days" }',
            "  [[stages.steps]]",
            '  id = "a"  # !',
            '  name = "B"',
            '  due = { within = 1, unit = "working_days" }',
        ),
        'id "a" is already used by stages[1].steps[0]',
        id="step-id-repeated",
    ),
    pytest.param(
        *steps(
            "  [[stages.steps]]",
            '  id = "a"',
            '  name = "A"',
            '  due = { within = 1, unit = "working_days", from = "step:b" }  # !',
            "  [[stages.steps]]",
            '  id = "b"',
            '  name = "B"',
            '  due = { within = 1, unit = "working_days" }',
        ),
        'step "a" is anchored on step:b, which is not an earlier step of stage 2 (it comes later',
        id="step-anchor-later",
    ),
    pytest.param(
        *steps(
            "  [[stages.steps]]",
            '  id = "a"',
            '  name = "A"',
            '  due = { within = 1, unit = "working_days", from = "step:a" }  # !',
        ),
        "(a step cannot count from itself)",
        id="step-anchor-itself",
    ),
    pytest.param(
        *steps(
            "  [[stages.steps]]",
            '  id = "a"',
            '  name = "A"',
            '  due = { within = 1, unit = "working_days", from = "step:zz" }  # !',
        ),
        'step "a" is anchored on step:zz, which is not an earlier step of stage 2',
        id="step-anchor-unknown",
    ),
    pytest.param(
        'due = { within = 5, unit = "working_days" }',
        'due = { within = 5, unit = "working_days", from = "step:a" }  # !',
        "only a step's due can count from a step",
        id="stage-anchored-on-a-step",
    ),
    pytest.param(
        *steps("  [[stages.steps]]  # !", '  id = "a"', '  name = "A"'),
        'missing required key "due" in [[stages.steps]]',
        id="step-without-due",
    ),
    # chair
    pytest.param(
        *in_stage_2("chair_independent = true  # !"),
        "chair_independent needs a chair: name the stage's chair role, or remove it",
        id="chair-independent-without-chair",
    ),
    pytest.param(
        *in_stage_2('chair = "manager"\nchair_independent = "yes"  # !'),
        "chair_independent must be true or false, found a string",
        id="chair-independent-not-boolean",
    ),
    pytest.param(
        *in_stage_2('chair = [{ if = "cp_plan", role = "manager" }]  # !'),
        'the last entry has "if"',
        id="chair-last-has-if",
    ),
    pytest.param(
        *in_stage_2('chair = [{ role = "manager" },  # !\n  { role = "practitioner" }]'),
        'only the last entry may leave out "if"',
        id="chair-middle-without-if",
    ),
    pytest.param(
        *in_stage_2(
            'chair = [{ if = "child_plan", role = "manager" },  # !\n  { role = "practitioner" }]'
        ),
        'fact "child_plan" is not declared in [facts]',
        id="chair-undeclared-fact",
    ),
    pytest.param(
        *in_stage_2(
            'chair = [{ if = "cp_plan", role = "manager" },\n'
            '  { if = "cp_plan", role = "business_manager" },  # !\n'
            '  { role = "practitioner" }]'
        ),
        'if "cp_plan" is already tested by entry 0, so this entry could never apply',
        id="chair-fact-repeated",
    ),
    pytest.param(
        *in_stage_2('chair = "chairperson"  # !'),
        'role "chairperson" is not declared in [roles]',
        id="chair-role-undeclared",
    ),
    pytest.param(
        *in_stage_2("chair = 3  # !"),
        "chair must be a role key or a list of { if, role } entries",
        id="chair-wrong-type",
    ),
    pytest.param(
        *in_stage_2("chair = []  # !"),
        "stages[1].chair: must list at least one entry",
        id="chair-empty",
    ),
    # advisers
    pytest.param(
        *in_stage_2('advisers = ["manager",\n  "designated_nurse"]  # !'),
        'role "designated_nurse" is not declared in [roles]',
        id="adviser-undeclared",
    ),
    pytest.param(
        *in_stage_2('advisers = ["manager", "manager"]  # !'),
        'advisers lists "manager" twice',
        id="adviser-repeated",
    ),
    # notify
    pytest.param(
        *in_stage_1(NOTIFY + '"entred", to = ["manager"] }]  # !'),
        'on "entred" is not one of entered, resolved, due_soon,'
        ' breached, escalating (did you mean "entered"?)',
        id="notify-trigger-unknown",
    ),
    pytest.param(
        *in_stage_2(NOTIFY + '"escalating", to = ["raiser"] }]  # !'),
        'on "escalating" can never fire on the top stage',
        id="notify-escalating-on-top-stage",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = ["raisr"] }]  # !'),
        'recipient "raisr" is neither a role declared in [roles] nor one of raiser, raising_holder,'
        ' receiving_holder, raising_managers, receiving_managers (did you mean "raiser"?)',
        id="notify-recipient-unknown",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = [] }]  # !'),
        "to must name at least one recipient",
        id="notify-nobody",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered" }]  # !'),
        'missing required key "to" in a notify entry',
        id="notify-without-to",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = "manager" }]  # !'),
        "to must be a list of strings, found a string",
        id="notify-to-not-a-list",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = ["manager"], form = "monitoring" }]  # !'),
        'form "monitoring" is not declared in [[forms]] and is not a standard form',
        id="notify-form-undeclared",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = ["manager"], if = "urgent" }]  # !'),
        'fact "urgent" is not declared in [facts]',
        id="notify-if-undeclared",
    ),
    pytest.param(
        *in_stage_1('notify = { on = "entered", to = ["manager"] }  # !'),
        "stages[0].notify: must be a list of tables, found a table",
        id="notify-not-a-list",
    ),
    pytest.param(
        *in_stage_1(NOTIFY + '"entered", to = ["manager"], when = "now" }]  # !'),
        'unknown key "when" in a notify entry',
        id="notify-unknown-key",
    ),
]


@pytest.mark.parametrize(("old", "new", "fragment"), RULES)
def test_rule(
    expect_problem: Callable[[str, str, str], None], old: str, new: str, fragment: str
) -> None:
    expect_problem(old, new, fragment)


def test_section_4_stage_features_are_read(load_edited: Callable[[str, str], Policy]) -> None:
    stage_1 = "\n".join(
        [
            'name = "Practitioners"',
            'advisers = ["business_manager"]',
            "notify = [",
            '  { on = "escalating", to = ["raiser", "receiving_managers"], if = "cp_plan" },',
            '  { on = "resolved", to = ["raising_holder",'
            ' "manager"], form = "resolution-record" },',
            "]",
        ]
    )
    policy = load_edited('name = "Practitioners"', stage_1)
    stage = policy.stage(1)
    assert stage.advisers == ("business_manager",)
    assert stage.notify == (
        NotifyRule("escalating", ("raiser", "receiving_managers"), None, "cp_plan", line=23),
        NotifyRule("resolved", ("raising_holder", "manager"), "resolution-record", None, line=24),
    )


def test_counterparts_by_agency_and_chairs_by_fact(
    load_edited: Callable[[str, str], Policy],
) -> None:
    receiving = '[{ agency = "police", role = "business_manager" },\n  { role = "manager" }]'
    chair = 'chair = [{ if = "cp_plan", role = "business_manager" }, { role = "manager" }]'
    policy = load_edited('receiving = "manager"', f"receiving = {receiving}\n{chair}")
    stage = policy.stage(2)
    assert stage.raising == (Counterpart("manager", None, line=28),)
    assert stage.receiving == (
        Counterpart("business_manager", "police", line=29),
        Counterpart("manager", None, line=30),
    )
    assert stage.chair == (
        Alternative("business_manager", "cp_plan", line=31),
        Alternative("manager", None, line=31),
    )


def test_a_chair_may_be_one_role(load_edited: Callable[[str, str], Policy]) -> None:
    policy = load_edited('name = "Managers"', 'name = "Managers"\nchair = "business_manager"')
    assert policy.stage(2).chair == (Alternative("business_manager", None, line=28),)


def test_steps_keep_their_order_and_anchors(load_edited: Callable[[str, str], Policy]) -> None:
    text = "\n".join(
        [
            "  [[stages.steps]]",
            '  id = "response"',
            '  name = "Respond"',
            '  due = { within = 1, unit = "working_days" }',
            "  [[stages.steps]]",
            '  id = "confirmation"',
            '  name = "Confirm"',
            '  due = { within = 0, unit = "working_days", from = "step:response" }',
        ]
    )
    stage = load_edited("", text).stage(2)
    assert [(s.id, s.due[0].value.within, s.due[0].value.anchor) for s in stage.steps] == [
        ("response", 1, "stage_start"),
        ("confirmation", 0, "step:response"),
    ]
    assert stage.step("confirmation") is stage.steps[1]


def test_a_chair_may_be_required_to_be_independent(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited(*in_stage_2('chair = "manager"\nchair_independent = true'))
    assert policy.stage(2).chair_independent
    assert not policy.stage(1).chair_independent
