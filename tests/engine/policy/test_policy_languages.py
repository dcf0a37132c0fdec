"""Policies in two languages (`[policy] languages`, decision 34): the Welsh beside every English
text once a policy declares `cy`, reported by `accord policy check` as `FILE:LINE: message`."""

from __future__ import annotations

import contextlib
import io
import re
from copy import deepcopy
from pathlib import Path

import pytest

from accord.cli import main
from accord.engine.policy.loader import load_policy_text
from accord.engine.policy.texts import Text, policy_text

WELSH = """\
format = 1

[policy]
id = "cwm-test"
version = "2026-01"
title = "Resolving professional differences"
title_cy = "Datrys gwahaniaethau proffesiynol"
partnership = "Cwm Test Safeguarding Board"
partnership_cy = "Bwrdd Diogelu Cwm Test"
jurisdiction = "WLS"
languages = ["en", "cy"]

[roles]
practitioner = "Practitioner"
practitioner_cy = "Ymarferydd"
manager = "Line manager"
manager_cy = "Rheolwr llinell"

[facts]
cp_plan = "Is the child on a child protection plan?"
cp_plan_cy = "A yw'r plentyn ar gynllun amddiffyn plant?"

[[stages]]
number = 1
name = "Practitioners"
name_cy = "Ymarferwyr"
raising = "practitioner"
receiving = "practitioner"
guidance = "Talk to each other first."
guidance_cy = "Siaradwch â'ch gilydd yn gyntaf."
checklist = ["Record the disagreement", "Tell your manager"]
checklist_cy = ["Cofnodwch yr anghytundeb", "Rhowch wybod i'ch rheolwr"]
due = { within = 2, unit = "working_days" }

  [[stages.steps]]
  id = "response"
  name = "The other agency responds"
  name_cy = "Yr asiantaeth arall yn ymateb"
  due = { within = 1, unit = "working_days" }

[[stages]]
number = 2
name = "Managers"
name_cy = "Rheolwyr"
raising = "manager"
receiving = "manager"
due = { within = 5, unit = "working_days" }
notify = [{ on = "entered", to = ["manager"], form = "record" }]

[[budgets]]
id = "overall"
name = "Whole process"
name_cy = "Y broses gyfan"
stages = [1, 2]
within = 10
unit = "working_days"

[immediate_risk]
guidance = "Call 999 if the child is in danger."
guidance_cy = "Ffoniwch 999 os yw'r plentyn mewn perygl."

[[exceptions]]
id = "own-manager"
question = "Is the disagreement with your own manager?"
question_cy = "A yw'r anghytundeb gyda'ch rheolwr eich hun?"
route = "Use your agency's whistleblowing procedure."
route_cy = "Defnyddiwch weithdrefn chwythu'r chwiban eich asiantaeth."

[[forms]]
id = "record"
title = "Record of the disagreement"
title_cy = "Cofnod o'r anghytundeb"
fields = [{ id = "outcome", label = "Outcome", label_cy = "Canlyniad", type = "longtext" }]

[[forms]]
id = "agreement"
title = "Agreement"
title_cy = "Cytundeb"

  [[forms.fields]]
  id = "agreed"
  label = "Agreed?"
  label_cy = "Cytunwyd?"
  type = "choice"
  choices = ["Yes", "No"]
  choices_cy = ["Do", "Naddo"]

[categories]
themes = ["Communication"]
themes_cy = ["Cyfathrebu"]
"""


def check(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    """`accord policy check` on `text` written to a file: its exit status and its lines, the
    file's name as `policies/cwm.toml`."""
    path = tmp_path / "cwm.toml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["policy", "check", str(path)])
    shown = (out.getvalue() + err.getvalue()).replace(str(path), "policies/cwm.toml")
    return status, shown.splitlines()


def line_of(text: str, start: str, near: str = "") -> int:
    """The number of the line starting with `start` (its indent aside), the last such at or
    before the line `near` when given, else the first."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start)]
    if near:
        limit = text.splitlines().index(near) + 1
        return max(n for n in found if n <= limit)
    return found[0]


def without(text: str, *starts: str) -> str:
    """`text` without its lines (stripped) starting with any of `starts`."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.strip().startswith(starts)
    )


def test_a_policy_with_every_welsh_text_checks_clean(tmp_path: Path) -> None:
    assert check(tmp_path, WELSH) == (0, ["ok  cwm-test 2026-01  (2 stages)"])


def test_the_reader_keeps_both_languages_and_english_stays_the_text() -> None:
    policy = load_policy_text(WELSH, "cwm.toml")
    stage = policy.stage(1)
    assert stage.name == "Practitioners"
    assert policy_text(stage.name, "cy") == "Ymarferwyr"
    assert policy_text(stage.name, "cy-gb") == "Ymarferwyr"
    assert policy_text(stage.name, "en") == "Practitioners"
    assert policy_text(stage.name, None) == "Practitioners"
    assert [policy_text(c, "cy") for c in stage.checklist] == [
        "Cofnodwch yr anghytundeb",
        "Rhowch wybod i'ch rheolwr",
    ]
    assert policy_text(stage.steps[0].name, "cy") == "Yr asiantaeth arall yn ymateb"
    assert policy_text(policy.roles["manager"], "cy") == "Rheolwr llinell"
    assert set(policy.roles) == {"practitioner", "manager"}  # a translation is no role
    assert set(policy.facts) == {"cp_plan"}
    assert policy_text(policy.budgets[0].name, "cy") == "Y broses gyfan"
    assert policy_text(policy.immediate_risk.guidance, "cy").startswith("Ffoniwch 999")
    assert policy_text(policy.exceptions[0].route, "cy").startswith("Defnyddiwch")
    form = policy.form("record")
    assert form is not None
    assert policy_text(form.title, "cy") == "Cofnod o'r anghytundeb"
    assert [policy_text(f.label, "cy") for f in form.fields] == ["Canlyniad"]
    agreement = policy.form("agreement")
    assert agreement is not None
    assert policy_text(agreement.fields[0].label, "cy") == "Cytunwyd?"
    assert [policy_text(c, "cy") for c in agreement.fields[0].choices] == ["Do", "Naddo"]
    assert agreement.fields[0].choices == ("Yes", "No")  # what a record stores
    assert [policy_text(t, "cy") for t in policy.themes] == ["Cyfathrebu"]
    assert policy.languages == ("en", "cy")


def test_a_text_survives_copying_with_its_welsh() -> None:
    text = Text("Managers", {"cy": "Rheolwyr"})
    copy = deepcopy(text)
    assert (copy, policy_text(copy, "cy")) == ("Managers", "Rheolwyr")


def test_a_plain_text_is_its_english_in_any_language() -> None:
    assert policy_text("Managers", "cy") == "Managers"


MISSING = [
    pytest.param(
        'title_cy = "Datrys',
        'policy: title has no Welsh (Cymraeg) text: add title_cy = "..." beside it',
        id="title",
    ),
    pytest.param('manager_cy = "', "roles: manager has no Welsh (Cymraeg) text", id="role"),
    pytest.param('cp_plan_cy = "', "facts: cp_plan has no Welsh (Cymraeg) text", id="fact"),
    pytest.param('guidance_cy = "Siarad', "stages[0]: guidance has no Welsh", id="guidance"),
    pytest.param(
        "checklist_cy = [",
        "stages[0]: checklist has no Welsh (Cymraeg) texts: add checklist_cy = [",
        id="checklist",
    ),
    pytest.param('route_cy = "', "exceptions[0]: route has no Welsh", id="exception-route"),
    pytest.param("themes_cy = [", "categories: themes has no Welsh", id="themes"),
]


@pytest.mark.parametrize(("welsh", "fragment"), MISSING)
def test_each_missing_welsh_text_is_reported_on_its_english_line(
    tmp_path: Path, welsh: str, fragment: str
) -> None:
    at = line_of(WELSH, welsh)
    lines = WELSH.splitlines(keepends=True)
    text = "".join(lines[: at - 1] + lines[at:])
    english = welsh.split("_cy")[0] + " ="
    status, lines = check(tmp_path, text)
    assert status == 1
    assert len(lines) == 1, lines
    english_line = line_of(text, english, WELSH.splitlines()[at - 2])
    assert lines[0].startswith(f"policies/cwm.toml:{english_line}: ")
    assert fragment in lines[0]
    assert 'the policy declares languages = ["en", "cy"]' in lines[0]


def test_every_missing_welsh_text_is_reported(tmp_path: Path) -> None:
    text = re.sub(r' label_cy = "[^"]*",', "", without(WELSH, "name_cy =", "label_cy ="))
    status, lines = check(tmp_path, text)
    assert status == 1
    # two stages, a step and a budget name; two field labels
    assert sum("name has no Welsh" in line for line in lines) == 4
    assert sum("label has no Welsh" in line for line in lines) == 2
    assert len(lines) == 6, lines


def test_a_welsh_list_of_another_length_is_reported(tmp_path: Path) -> None:
    text = WELSH.replace('"Rhowch wybod i\'ch rheolwr"]', "]")
    status, lines = check(tmp_path, text)
    assert status == 1
    assert lines == [
        f"policies/cwm.toml:{line_of(text, 'checklist_cy')}: stages[0]: checklist_cy lists"
        " 1 text and checklist lists 2 texts: give one Welsh (Cymraeg) text for each, in the"
        " same order"
    ]


def test_welsh_texts_without_cy_are_each_reported(tmp_path: Path) -> None:
    text = without(WELSH, "languages =")
    status, lines = check(tmp_path, text)
    assert status == 1
    assert len(lines) == text.count("_cy ="), lines  # each Welsh text, once
    first = lines[0]
    assert first == (
        f"policies/cwm.toml:{line_of(text, 'title_cy')}: policy: title_cy is a Welsh (Cymraeg)"
        ' text, but the policy does not declare cy: add languages = ["en", "cy"] to [policy],'
        " or remove title_cy"
    )
    assert any(
        line.startswith(f"policies/cwm.toml:{line_of(text, 'practitioner_cy')}: roles:")
        for line in lines
    )


def test_an_unknown_language_is_reported(tmp_path: Path) -> None:
    text = WELSH.replace('languages = ["en", "cy"]', 'languages = ["en", "cy", "fr"]')
    status, lines = check(tmp_path, text)
    assert (status, lines) == (
        1,
        [
            f"policies/cwm.toml:{line_of(text, 'languages')}: policy: languages:"
            ' "fr" is not one of en, cy'
        ],
    )


def test_a_text_in_an_unknown_language_is_reported(tmp_path: Path) -> None:
    text = WELSH.replace('name_cy = "Ymarferwyr"', 'name_fr = "Praticiens"')
    status, lines = check(tmp_path, text)
    assert status == 1
    assert (
        f"policies/cwm.toml:{line_of(text, 'name_fr')}: stages[0]: unknown key"
        ' "name_fr" in [[stages]]; "fr" is not a language Accord knows: a text may be given in'
        " en (English), cy (Welsh (Cymraeg))"
    ) in lines


def test_languages_must_include_english(tmp_path: Path) -> None:
    text = WELSH.replace('languages = ["en", "cy"]', 'languages = ["cy"]')
    status, lines = check(tmp_path, text)
    assert status == 1
    assert lines == [
        f"policies/cwm.toml:{line_of(text, 'languages')}: policy: languages must list"
        ' "en": every text is written in English under its own key, and in another language'
        " beside it"
    ]


def test_an_english_only_policy_needs_no_welsh(tmp_path: Path) -> None:
    text = without(WELSH, "languages =")
    text = re.sub(r'^\s*\w+_cy = (\[[^\]]*\]|"[^"]*")\n', "", text, flags=re.M)
    text = re.sub(r', \w+_cy = (\[[^\]]*\]|"[^"]*")', "", text)
    assert "_cy" not in text
    assert check(tmp_path, text) == (0, ["ok  cwm-test 2026-01  (2 stages)"])
