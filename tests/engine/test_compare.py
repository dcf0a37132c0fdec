"""`accord policy compare` and the upload page's comparison: what changes between two versions,
topic by topic, worded as `explain` words it."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.cli import main
from accord.engine.compare import Change, compare, comparison_text
from accord.engine.policy.loader import load_policy_text
from accord.engine.policy.model import Policy

FIXTURE = Path(__file__).parent / "fixtures" / "example-borough.toml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def policy(text: str = TEXT) -> Policy:
    return load_policy_text(text, "example.toml")


def revised(*replacements: tuple[str, str]) -> Policy:
    text = TEXT.replace('version = "2026-04"', 'version = "2027-04"', 1)
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return policy(text)


def test_the_same_procedure_changes_nothing() -> None:
    comparison = compare(policy(), revised())
    assert comparison.changes == ()
    assert (comparison.old, comparison.new) == (
        "example-borough 2026-04",
        "example-borough 2027-04",
    )
    assert "the procedures read the same" in comparison_text(comparison)


def test_a_changed_timescale_is_one_change_with_both_wordings() -> None:
    changed = revised(
        (
            'due = { within = 5, unit = "working_days" }',
            'due = { within = 7, unit = "working_days" }',
        )
    )
    assert compare(policy(), changed).changes == (
        Change(
            "Timescales",
            "Stage 2",
            "within 5 working days of the stage starting",
            "within 7 working days of the stage starting",
        ),
    )


def test_roles_stages_forms_and_who_is_told_each_under_their_topic() -> None:
    changed = revised(
        ('first_line_manager = "First line manager"', 'first_line_manager = "Team manager"'),
        ('name = "Senior managers"', 'name = "Directors"'),
        ('title = "Stage 3 monitoring information"', 'title = "Stage 3 monitoring"'),
        (
            'notify = [{ on = "entered", to = ["business_manager"], form = "notification" }]',
            'notify = [{ on = "breached", to = ["business_manager"] }]',
        ),
    )
    topics = {
        topic: [c.what for c in changes] for topic, changes in compare(policy(), changed).by_topic()
    }
    assert topics["Roles"] == ["Role first_line_manager"]
    assert "Stage 4" in topics["Stages"]
    # the renamed role changes the wording of stage 2's holders too
    assert "Stage 2: raising side" in topics["Stages"]
    assert topics["Forms"] == ["Form stage-3-monitoring"]
    assert topics["Who is told"] == ["Stage 2"]
    assert list(topics) == ["Stages", "Roles", "Forms", "Who is told"]
    told = next(c for c in compare(policy(), changed).changes if c.topic == "Who is told")
    assert told.before.startswith("on entered: ")
    assert told.after.startswith("on breached: ")


def test_a_stage_only_the_new_version_has_is_added() -> None:
    fewer = (
        TEXT.split("[[stages]]\nnumber = 4")[0] + "[[budgets]]" + TEXT.split("[[budgets]]", 1)[1]
    )
    old = policy(fewer)
    added = [
        c for c in compare(old, policy()).changes if c.what == "Stage 4" and c.topic == "Stages"
    ]
    assert added == [Change("Stages", "Stage 4", "", "Senior managers")]


def test_the_command_prints_the_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new.toml"
    new.write_text(
        TEXT.replace(
            'due = { within = 5, unit = "working_days" }',
            'due = { within = 7, unit = "working_days" }',
        ),
        encoding="utf-8",
    )
    assert main(["policy", "compare", str(FIXTURE), str(new)]) == 0
    out = capsys.readouterr().out
    assert "Timescales" in out
    assert "Before: within 5 working days of the stage starting" in out
    assert "After: within 7 working days of the stage starting" in out


def test_the_command_reports_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(TEXT.replace('name = "First line managers"', "name = 5"), encoding="utf-8")
    assert main(["policy", "compare", str(FIXTURE), str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:")


WALES = Path(__file__).parents[2] / "accord" / "policies" / "wales.toml"


def test_a_change_made_only_to_a_welsh_text_is_a_line_of_its_own() -> None:
    text = WALES.read_text(encoding="utf-8")
    welsh_name = 'name_cy = "O fewn asiantaeth yr ymarferydd ei hun"'
    assert welsh_name in text
    old = load_policy_text(text, "wales.toml")
    new = load_policy_text(
        text.replace(welsh_name, 'name_cy = "Yn asiantaeth yr ymarferydd"', 1), "wales.toml"
    )
    assert compare(old, new).changes == (
        Change(
            "Stages",
            "Stage 1, in Welsh",
            "O fewn asiantaeth yr ymarferydd ei hun",
            "Yn asiantaeth yr ymarferydd",
        ),
    )
    # read in Welsh, it is the change itself; nothing changed in English
    assert compare(old, new, "cy").changes == (
        Change(
            "Stages",
            "Stage 1",
            "O fewn asiantaeth yr ymarferydd ei hun",
            "Yn asiantaeth yr ymarferydd",
        ),
    )


def test_an_english_change_in_a_bilingual_policy_is_not_repeated_for_welsh() -> None:
    text = WALES.read_text(encoding="utf-8")
    old = load_policy_text(text, "wales.toml")
    english = next(line for line in text.splitlines() if line.startswith('name = "'))
    new = load_policy_text(text.replace(english, 'name = "Renamed"', 1), "wales.toml")
    changes = compare(old, new).changes
    assert [(c.topic, c.what, c.after) for c in changes] == [("Stages", "Stage 1", "Renamed")]


def test_the_command_words_it_in_welsh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "wales.toml"
    text = WALES.read_text(encoding="utf-8")
    new.write_text(text.replace("O fewn asiantaeth yr ymarferydd ei hun", "Yn yr asiantaeth", 1))
    assert main(["policy", "compare", "--language", "cy", str(WALES), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[3:] == [
        "Camau",
        "-----",
        "- Cam 1",
        "    Cynt: O fewn asiantaeth yr ymarferydd ei hun",
        "    Wedyn: Yn yr asiantaeth",
    ]
    assert main(["policy", "compare", str(WALES), str(new)]) == 0
    assert "- Stage 1, in Welsh" in capsys.readouterr().out
