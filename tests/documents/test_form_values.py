"""Every case path a form field may be filled in from (`from = "case..."`), read from a case with
something in each; the shape each field type stores; Accord's own standard forms."""

from __future__ import annotations

from datetime import date

import pytest

from accord.cases import actions
from accord.cases.case_paths import case_values
from accord.cases.case_reading import read_case
from accord.cases.form_values import fitted, prefill, trigger_words
from accord.cases.models import Subject
from accord.documents.standard_forms import definition_json, form_definition, standard_forms
from accord.engine.policy.form_model import STANDARD_FORMS
from accord.engine.policy.schema import CASE_SOURCES
from accord.partnerships.policies import policy_of
from tests.factories import EscalatedCaseFactory, holder, later

pytestmark = pytest.mark.django_db


def test_every_case_path_reads_the_case() -> None:
    case = EscalatedCaseFactory(to_stage=2, subject_name="Zebedee Quill")
    Subject.objects.filter(case=case).update(
        date_of_birth=date(2016, 4, 5), address="1 Example Row, Demo Town"
    )
    raising, receiving = holder(case, "raising"), holder(case, "receiving")
    actions.add_task(
        case=case, actor=raising, title="Share the school's attendance record", owner=receiving,
        due_on=date(2026, 6, 12), now=later(case, 1),
    )  # fmt: skip
    case.refresh_from_db()
    actions.resolve_case(
        case=case, actor=raising, agreed_outcome="A joint visit", outstanding_issues="Housing",
        pursuit="Referral to the housing officer", now=later(case, 2),
    )  # fmt: skip
    values = case_values(read_case(case))
    assert set(values) == set(CASE_SOURCES)
    assert values["case.raised_on"] == "2026-06-01"
    assert values["case.raised_by.name"] == case.raised_by.full_name
    assert values["case.agencies"] == [
        f"{case.raising_agency.name} (raising the disagreement)",
        f"{case.receiving_agency.name} (receiving)",
    ]
    assert "Referral closed with no further action." in str(values["case.summary"])
    assert "A child and family assessment." in str(values["case.summary"])
    assert values["case.stage_history"] == (
        "Stage 1 (Practitioners), 1 June 2026 to 2 June 2026: Escalated to stage 2: No agreement\n"
        "Stage 2 (First line managers), 2 June 2026 to 2 June 2026: Resolved"
    )
    assert values["case.outcome"] == "A joint visit"
    assert values["case.outstanding_issues"] == (
        "Housing\nHow they will be pursued: Referral to the housing officer"
    )
    assert values["case.tasks"] == (
        f"Share the school's attendance record: {receiving.full_name}, due 12 June 2026"
    )
    assert values["case.child.name"] == "Zebedee Quill"
    assert values["case.child.date_of_birth"] == "2016-04-05"
    assert values["case.child.address"] == "1 Example Row, Demo Town"
    workers = values["case.workers"]
    assert isinstance(workers, list)
    assert len(workers) == 4
    assert f"{raising.full_name}, {raising.job_title}, {raising.agency.name}" in workers[2]


def test_a_case_about_a_theme_has_no_child_details() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    Subject.objects.filter(case=case).delete()
    values = case_values(read_case(case))
    assert values["case.child.name"] == values["case.child.date_of_birth"] == ""


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("list", ["A", "B"], ["A", "B"]),
        ("list", "A\nB", ["A", "B"]),
        ("longtext", ["A", "B"], "A\nB"),
        ("text", ["A", "B"], "A, B"),
        ("text", "2026-06-01", "1 June 2026"),
        ("date", "2026-06-01", "2026-06-01"),
        ("date", "Not a date", ""),
        ("yesno", "yes", "yes"),
        ("yesno", "A joint visit", ""),
    ],
)
def test_a_case_value_takes_the_shape_of_its_field(
    kind: str, value: str | list[str], stored: str | list[str]
) -> None:
    assert fitted(kind, value) == stored


def test_prefill_fills_fields_with_from_and_leaves_the_others_empty() -> None:
    definition = definition_json(standard_forms()["resolution-record"])
    filled = prefill(definition, {"case.outcome": "Agreed", "case.agencies": ["A", "B"]})
    assert filled["outcome"] == "Agreed"
    assert filled["agencies"] == ["A", "B"]
    assert filled["learning"] == ""
    assert filled["raised_on"] == ""


def test_every_standard_form_is_defined_and_a_policy_form_takes_its_place() -> None:
    assert set(standard_forms()) == set(STANDARD_FORMS)
    for form in standard_forms().values():
        assert {f.source for f in form.fields if f.source} <= set(CASE_SOURCES)
        assert not any(f.source and f.source.startswith("case.child") for f in form.fields)
    case = EscalatedCaseFactory(to_stage=2)
    policy = policy_of(case.policy_version)
    assert form_definition(policy, "notification") == standard_forms()["notification"]
    declared = form_definition(policy, "stage-3-monitoring")
    assert declared is not None
    assert declared.title == "Stage 3 monitoring information"
    assert form_definition(policy, "no-such-form") is None


def test_triggers_in_words() -> None:
    assert trigger_words("stage:3/entered") == "When the case entered stage 3"
    assert trigger_words("stage:2/resolved") == "When the case was resolved at stage 2"
    assert trigger_words("stage:2/escalating") == "When the case was escalated from stage 2"
