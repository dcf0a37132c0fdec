"""Form records: made once per trigger, pre-filled; drafts saved and submitted by the people
responsible; a submitted record never changes; a correction is a new version with its reason.
Each write is one action with its case event, and the event log's chain still holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.actions.forms import clean_values
from accord.cases.chain import verify
from accord.cases.form_values import create_triggered_records
from accord.cases.models import Case, CaseEvent, CaseNotification, FormRecord, FormStatus
from accord.cases.purge import purge_cases
from accord.cases.sweep import tick
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, PersonFactory, holder, later

from .helpers import form_on, form_url

pytestmark = pytest.mark.django_db


def _record() -> FormRecord:
    """The standard notification record that escalating to stage 2 of the example policy makes
    (the business manager is told, with the form)."""
    case = EscalatedCaseFactory(to_stage=2)
    return FormRecord.objects.get(case=case)


def test_a_trigger_makes_its_record_once_pre_filled_from_the_case() -> None:
    record = _record()
    case = record.case
    assert (record.form_id, record.trigger, record.stage) == ("notification", "stage:2/entered", 2)
    assert record.status == FormStatus.DRAFT
    assert record.version == 1
    assert record.recipients == ["business_manager"]
    assert record.values["raised_on"] == "2026-06-01"
    assert record.values["raised_by"] == case.raised_by.full_name
    assert record.values["agencies"] == [
        f"{case.raising_agency.name} (raising the disagreement)",
        f"{case.receiving_agency.name} (receiving)",
    ]
    assert "Escalated to stage 2" in str(record.values["history"])
    assert record.values["notes"] == ""  # for a person to fill in
    # Recording the same notifications again, and the sweep, add nothing.
    notifications = list(CaseNotification.objects.filter(case=case, form="notification"))
    create_triggered_records(notifications, cases={case.pk: case}, now=later(case, 1))
    tick(now=later(case, 2))
    assert FormRecord.objects.filter(case=case).count() == 1


def test_a_draft_is_saved_then_submitted_each_with_its_case_event() -> None:
    record = _record()
    case, actor = record.case, holder(record.case, "raising")
    now = later(case, 1)
    saved = actions.save_form_draft(
        record=record, actor=actor, values={**record.values, "notes": "First notes"},
        revision=0, now=now,
    )  # fmt: skip
    assert (saved.status, saved.revision, saved.values["notes"]) == ("draft", 1, "First notes")
    submitted = actions.submit_form(
        record=saved, actor=actor, values={**saved.values, "notes": "Final notes"},
        revision=1, now=now + timedelta(minutes=5),
    )  # fmt: skip
    assert submitted.status == FormStatus.SUBMITTED
    assert (submitted.submitted_by, submitted.values["notes"]) == (actor, "Final notes")
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-2:] == ["form_saved", "form_submitted"]
    assert not list(verify(case.reference))


def test_a_submitted_record_never_changes() -> None:
    record = _record()
    actor = holder(record.case)
    record = actions.submit_form(
        record=record, actor=actor, values={"notes": "As sent"}, now=later(record.case, 1)
    )
    for change in (actions.save_form_draft, actions.submit_form):
        with pytest.raises(CaseActionRejected, match="has been submitted"):
            change(record=record, actor=actor, values={"notes": "Changed"}, now=timezone.now())
    # Nor through the page: a POST is refused and nothing is written.
    client = signed_in(actor)
    page = client.post(form_url(record), {"revision": "1", "answer_notes": "Changed"})
    assert page.status_code == 409
    record.refresh_from_db()
    assert record.values["notes"] == "As sent"
    assert record.revision == 1


def test_a_correction_is_a_new_version_with_its_reason() -> None:
    record = _record()
    actor = holder(record.case)
    first = actions.submit_form(
        record=record, actor=actor, values={"notes": "Meeting on Tuesday"}, now=timezone.now()
    )
    with pytest.raises(CaseActionRejected, match="reason"):
        actions.correct_form(
            record=first, actor=actor, values={"notes": "x"}, reason=" ", now=timezone.now()
        )
    with pytest.raises(CaseActionRejected, match="Change at least one answer"):
        actions.correct_form(
            record=first, actor=actor, values=first.values, reason="Typo", now=timezone.now()
        )
    second = actions.correct_form(
        record=first, actor=actor, values={**first.values, "notes": "Meeting on Wednesday"},
        reason="The meeting moved", now=timezone.now(),
    )  # fmt: skip
    assert (second.version, second.replaces, second.status) == (2, first, FormStatus.SUBMITTED)
    assert second.correction_reason == "The meeting moved"
    first.refresh_from_db()
    assert first.values["notes"] == "Meeting on Tuesday", "the version corrected stays as it was"
    with pytest.raises(CaseActionRejected, match="already been corrected"):
        actions.correct_form(
            record=first, actor=actor, values={"notes": "Other"}, reason="Again",
            now=timezone.now(),
        )  # fmt: skip
    third = actions.correct_form(
        record=second, actor=actor, values={**second.values, "notes": "Meeting on Thursday"},
        reason="Moved again", now=timezone.now(),
    )  # fmt: skip
    assert third.version == 3
    assert third.replaces == second
    assert CaseEvent.objects.filter(case=record.case, kind="form_corrected").count() == 2
    assert not list(verify(record.case.reference))


def test_a_correction_on_the_page_asks_for_the_reason() -> None:
    record = _record()
    actor = holder(record.case)
    record = actions.submit_form(
        record=record, actor=actor, values={"notes": "As sent"}, now=timezone.now()
    )
    client = signed_in(actor)
    page = client.get(form_url(record) + "?correct=1").content.decode()
    assert "Why are you correcting this form?" in page
    data = form_on(page) | {"answer_notes": "Corrected", "action": "correct"}
    refused = client.post(form_url(record), data)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "<title>Error: Correct: " in text
    assert "Enter the reason for the correction" in text
    done = client.post(form_url(record), data | {"reason": "A typing error"})
    assert done.status_code == 302
    correction = FormRecord.objects.get(replaces=record)
    assert done.headers["Location"] == form_url(correction)
    assert correction.values["notes"] == "Corrected"


def test_submitting_on_the_page_needs_the_declaration() -> None:
    record = _record()
    client = signed_in(holder(record.case))
    data = form_on(client.get(form_url(record)).content.decode())
    refused = client.post(form_url(record), data | {"action": "submit"})
    assert "Confirm the answers are accurate before you submit" in refused.content.decode()
    record.refresh_from_db()
    assert record.status == FormStatus.DRAFT
    empty = client.post(form_url(record), {})  # a forged or expired POST: an error, not a 500
    assert empty.status_code == 200
    assert "This page is out of date" in empty.content.decode()


def test_only_the_people_responsible_complete_a_record() -> None:
    record = _record()
    colleague = PersonFactory(agency=record.case.raising_agency)
    with pytest.raises(CaseActionRejected, match="Only the case's current holders"):
        actions.save_form_draft(record=record, actor=colleague, values={}, now=timezone.now())
    actor = holder(record.case)
    actor.is_active = False
    actor.save()
    with pytest.raises(CaseActionRejected, match="not active"):
        actions.submit_form(record=record, actor=actor, values={}, now=timezone.now())
    record.refresh_from_db()
    assert record.status == FormStatus.DRAFT
    assert record.revision == 0


def test_a_page_drawn_before_someone_else_saved_is_refused() -> None:
    record = _record()
    raising, receiving = holder(record.case, "raising"), holder(record.case, "receiving")
    actions.save_form_draft(
        record=record, actor=raising, values={"notes": "Mine"}, revision=0, now=timezone.now()
    )
    with pytest.raises(CaseActionRejected, match="saved by someone else"):
        actions.save_form_draft(
            record=record, actor=receiving, values={"notes": "Theirs"}, revision=0,
            now=timezone.now(),
        )  # fmt: skip
    record.refresh_from_db()
    assert record.values["notes"] == "Mine"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"raised_on": "2026-02-30"}, "must be a real date"),
        ({"nope": "x"}, "no question 'nope'"),
        ({"notes": "x" * 20_001}, "20,000 characters or fewer"),
    ],
)
def test_answers_are_checked_by_the_action(values: dict[str, str], message: str) -> None:
    record = _record()
    with pytest.raises(CaseActionRejected, match=message):
        clean_values(record.definition, values)


def test_yes_no_and_choice_answers_must_be_among_their_choices() -> None:
    definition = [
        {"id": "held", "label": "Held", "type": "yesno", "from": "", "choices": []},
        {"id": "way", "label": "Way", "type": "choice", "from": "", "choices": ["A", "B"]},
    ]
    assert clean_values(definition, {"held": "yes", "way": "B"}) == {"held": "yes", "way": "B"}
    with pytest.raises(CaseActionRejected, match="Answer yes or no"):
        clean_values(definition, {"held": "maybe"})
    with pytest.raises(CaseActionRejected, match="Choose an answer"):
        clean_values(definition, {"way": "C"})


def test_purging_a_case_removes_its_records_and_their_versions() -> None:
    record = _record()
    actor = holder(record.case)
    first = actions.submit_form(
        record=record, actor=actor, values={"notes": "A"}, now=later(record.case, 1)
    )
    actions.correct_form(
        record=first, actor=actor, values={"notes": "B"}, reason="Typo", now=later(record.case, 2)
    )
    assert purge_cases(Case.objects.filter(pk=record.case_id), reason="test") == 1
    assert not FormRecord.objects.exists()
