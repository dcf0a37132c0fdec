"""Rules on the whole file: keys, types, format, [policy], ids, [roles], [facts], [calendar]."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from accord.engine.policy.model import Jurisdiction, Policy
from accord.engine.problems import Problem


def in_policy(line: str) -> tuple[str, str]:
    return ('jurisdiction = "ENG"', f'jurisdiction = "ENG"\n{line}')


def in_stage_2(line: str) -> tuple[str, str]:
    return ('name = "Managers"', f'name = "Managers"\n{line}')


def in_roles(line: str) -> tuple[str, str]:
    return ("[roles]", f"[roles]\n{line}")


RULES = [
    # unknown keys, with the closest known key suggested
    pytest.param(
        "",
        '[polcy]  # !\nid = "x"',
        'unknown key "polcy" in the file (did you mean "policy"?)',
        id="unknown-top-level-table",
    ),
    pytest.param(
        *in_policy('jurisdicton = "WLS"  # !'),
        'unknown key "jurisdicton" in [policy] (did you mean "jurisdiction"?)',
        id="unknown-policy-key",
    ),
    pytest.param(
        *in_stage_2('guidence = "Talk first"  # !'),
        'unknown key "guidence" in [[stages]] (did you mean "guidance"?)',
        id="unknown-stage-key",
    ),
    pytest.param(
        *in_stage_2("within = 5  # !"),
        "put it in the stage's due",
        id="stage-key-in-the-wrong-place",
    ),
    pytest.param(
        'due = { within = 5, unit = "working_days" }',
        'due = { within = 5, unit = "working_days", form = "x" }  # !',
        'unknown key "form" in a duration (did you mean "from"?)',
        id="unknown-duration-key",
    ),
    pytest.param(
        "",
        "[calendar]\nclosures = []  # !",
        'unknown key "closures" in [calendar] (did you mean "extra_closures"?)',
        id="unknown-calendar-key",
    ),
    # missing keys, at their table's header
    pytest.param(
        '[policy]\nid = "test-borough"\n',
        "[policy]  # !\n",
        'missing required key "id" in [policy]',
        id="missing-policy-id",
    ),
    pytest.param(
        '[[stages]]\nnumber = 2\nname = "Managers"\n',
        "[[stages]]  # !\nnumber = 2\n",
        'missing required key "name" in [[stages]]',
        id="missing-stage-name",
    ),
    pytest.param(
        "format = 1\n", "# ! format forgotten\n", "missing format = 1", id="missing-format"
    ),
    # format
    pytest.param(
        "format = 1",
        'format = "1"  # !',
        'format must be the whole number 1, found a string ("1")',
        id="format-a-string",
    ),
    pytest.param("format = 1", "format = 2  # !", "format 2 is not supported", id="format-2"),
    # types
    pytest.param(
        'title = "Test Borough: resolving professional disagreements"',
        "title = 42  # !",
        "title must be a string, found a whole number (42)",
        id="string-expected",
    ),
    pytest.param(
        'name = "Managers"',
        'name = "  "  # !',
        "name must not be empty",
        id="required-string-blank",
    ),
    pytest.param(
        *in_stage_2('meeting = "yes"  # !'),
        'meeting must be true or false, found a string ("yes")',
        id="boolean-expected",
    ),
    pytest.param(
        *in_stage_2('checklist = "Record it"  # !'),
        "checklist must be a list of strings, found a string",
        id="list-expected",
    ),
    pytest.param(
        *in_stage_2('checklist = ["Record it",\n  3]  # !'),
        "checklist[1] must be a string, found a whole number (3)",
        id="list-item-type",
    ),
    pytest.param(
        *in_stage_2('checklist = ["Record it", "Record it"]  # !'),
        'checklist lists "Record it" twice',
        id="list-item-repeated",
    ),
    pytest.param(
        "number = 2",
        "number = 2.0  # !",
        "number must be a whole number, found a decimal number (2.0)",
        id="whole-number-expected",
    ),
    # [policy]
    pytest.param(
        'id = "test-borough"',
        'id = "Test_Borough"  # !',
        'id "Test_Borough" is not a lower-kebab id',
        id="policy-id-not-kebab",
    ),
    pytest.param(
        'id = "test-borough"',
        'id = "test--borough"  # !',
        "is not a lower-kebab id",
        id="policy-id-double-hyphen",
    ),
    pytest.param(
        'id = "test-borough"',
        f'id = "{"a" * 65}"  # !',
        "at most 64 characters",
        id="policy-id-too-long",
    ),
    pytest.param(
        'jurisdiction = "ENG"',
        'jurisdiction = "England"  # !',
        'jurisdiction "England" is not one of ENG, WLS, SCT, NIR, IMN, GGY, JEY',
        id="jurisdiction-unknown",
    ),
    pytest.param(
        'jurisdiction = "ENG"',
        'jurisdiction = "IOM"  # !',
        '(did you mean "IMN"?)',
        id="jurisdiction-isle-of-man-misspelt",
    ),
    pytest.param(
        *in_policy('population = "kids"  # !'),
        'population "kids" is not one of children, adults, children_and_adults',
        id="population-unknown",
    ),
    pytest.param(
        *in_policy('scope = "everyone"  # !'),
        'scope "everyone" is not one of between_agencies, within_and_between_agencies',
        id="scope-unknown",
    ),
    pytest.param(
        *in_policy('effective_from = "2026-02-30"  # !'),
        'effective_from "2026-02-30" is not a real date',
        id="impossible-date",
    ),
    pytest.param(
        *in_policy('effective_from = "1 April 2026"  # !'),
        'effective_from "1 April 2026" is not a date in the form YYYY-MM-DD',
        id="date-badly-written",
    ),
    pytest.param(
        *in_policy("effective_from = 2026-04-01T09:00:00  # !"),
        "effective_from must be a date, not a date-time",
        id="date-time-for-a-date",
    ),
    pytest.param(
        *in_policy("effective_from = 20260401  # !"),
        "effective_from must be a date (YYYY-MM-DD), found a whole number",
        id="number-for-a-date",
    ),
    pytest.param(
        *in_policy('subjects = ["child", "pet"]  # !'),
        'subjects: "pet" is not one of child, adult, family, theme',
        id="subject-unknown",
    ),
    pytest.param(
        *in_policy("subjects = []  # !"),
        "subjects must list at least one of child, adult, family, theme",
        id="subjects-empty",
    ),
    pytest.param(
        *in_policy('subjects = ["child", "child"]  # !'),
        'subjects lists "child" twice',
        id="subject-repeated",
    ),
    # [roles] and [facts]
    pytest.param(
        *in_roles('"Line Manager" = "Line manager"  # !'),
        'role key "Line Manager" is not a lower snake case key',
        id="role-key-not-snake-case",
    ),
    pytest.param(
        *in_roles('raiser = "The raiser"  # !'),
        'role key "raiser" is reserved',
        id="role-key-reserved",
    ),
    pytest.param(
        *in_roles("chair = 3  # !"),
        "chair must be a string, found a whole number (3)",
        id="role-name-not-a-string",
    ),
    pytest.param(*in_roles('chair = ""  # !'), "chair must not be empty", id="role-name-empty"),
    pytest.param(
        "[facts]",
        '[facts]\nCP-plan = "Plan?"  # !',
        'fact key "CP-plan" is not a lower snake case key',
        id="fact-key-not-snake-case",
    ),
    # [calendar]
    pytest.param(
        "",
        '[calendar]\nextra_closures = [{ from = "2026-12-24", to = "2026-12-20" }]  # !',
        "the closure range ends on 2026-12-20, before it starts on 2026-12-24",
        id="closure-range-backwards",
    ),
    pytest.param(
        "",
        '[calendar]\nextra_closures = [\n  "2026-12-24",\n  { from = "2026-12-28" },  # !\n]',
        'missing required key "to" in a closure range',
        id="closure-range-open",
    ),
    pytest.param(
        "",
        '[calendar]\nextra_closures = [{ from = "2026-12-28", to = "2026-12-32" }]  # !',
        'to "2026-12-32" is not a real date',
        id="closure-range-impossible-date",
    ),
    pytest.param(
        "",
        '[calendar]\nextra_closures = ["2026-12-24",\n  "2026-13-01"]  # !',
        'extra_closures[1]: "2026-13-01" is not a real date',
        id="closure-impossible-date",
    ),
    pytest.param(
        "",
        "[calendar]\nextra_closures = [5]  # !",
        "must be a date (YYYY-MM-DD), found a whole number (5)",
        id="closure-a-number",
    ),
    pytest.param(
        "",
        '[calendar]\nextra_closures = "2026-12-24"  # !',
        "extra_closures must be a list of dates or { from, to } ranges",
        id="closures-not-a-list",
    ),
]


@pytest.mark.parametrize(("old", "new", "fragment"), RULES)
def test_rule(
    expect_problem: Callable[[str, str, str], None], old: str, new: str, fragment: str
) -> None:
    expect_problem(old, new, fragment)


def test_the_base_policy_is_valid(load_edited: Callable[[str, str], Policy]) -> None:
    load_edited("", "")


def test_a_file_without_policy_or_stages_says_so_on_line_1(
    problems_of: Callable[[str], list[Problem]],
) -> None:
    assert [(p.line, p.message) for p in problems_of("format = 1\n")] == [
        (1, "missing the [policy] table (id, version, title, partnership, jurisdiction)"),
        (1, "the policy has no stages: add a [[stages]] table for each stage"),
    ]


def test_an_empty_ladder_is_reported_where_it_is_written(
    problems_of: Callable[[str], list[Problem]],
) -> None:
    text = 'format = 1\nstages = []\n[policy]\nid = "x"\n'
    assert (2, "stages: the policy has no stages: list at least one") in [
        (p.line, p.message) for p in problems_of(text)
    ]


def test_stages_as_a_plain_table_is_reported(problems_of: Callable[[str], list[Problem]]) -> None:
    text = "format = 1\n[stages]\nnumber = 1\n"
    assert (2, "stages: must be a list of tables, found a table") in [
        (p.line, p.message) for p in problems_of(text)
    ]


@pytest.mark.parametrize("jurisdiction", ["WLS", "SCT", "NIR", "IMN", "GGY", "JEY"])
def test_every_jurisdiction_is_accepted(
    load_edited: Callable[[str, str], Policy], jurisdiction: str
) -> None:
    policy = load_edited('jurisdiction = "ENG"', f'jurisdiction = "{jurisdiction}"')
    assert policy.jurisdiction is Jurisdiction(jurisdiction)


def test_closures_become_inclusive_ranges(load_edited: Callable[[str, str], Policy]) -> None:
    closures = (
        '[calendar]\nextra_closures = [2026-12-24, "2026-12-31",'
        ' { from = 2027-05-25, to = "2027-05-29" }, { from = "2027-08-30", to = "2027-08-30" }]'
    )
    assert load_edited("", closures).closures == (
        (date(2026, 12, 24), date(2026, 12, 24)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 5, 25), date(2027, 5, 29)),
        (date(2027, 8, 30), date(2027, 8, 30)),
    )


def test_policy_defaults_and_section_4_header_keys(
    load_edited: Callable[[str, str], Policy],
) -> None:
    policy = load_edited("", "")
    assert (policy.population, policy.scope, policy.subjects) == (
        "children",
        "between_agencies",
        ("child",),
    )
    assert (policy.effective_from, policy.source, policy.closures) == (None, "", ())
    header = 'effective_from = 2026-04-01\nsubjects = ["theme", "child"]\npopulation = "adults"'
    policy = load_edited('jurisdiction = "ENG"', f'jurisdiction = "ENG"\n{header}')
    assert policy.effective_from == date(2026, 4, 1)
    assert policy.subjects == ("theme", "child")
    assert policy.population == "adults"
