"""A case's forms and documents pages, its case summary and outcome confirmation PDFs, and the
partnership staff's inbox of forms received: who gets what, file names by reference, every
download in the access log, and the hash of the event log printed for checking a paper copy."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.cases import actions
from accord.cases.models import AccessLog, CaseEvent, FormRecord
from tests.access.helpers import signed_in
from tests.factories import (
    EscalatedCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    ResolvedCaseFactory,
    holder,
    later,
)

from .helpers import download

pytestmark = pytest.mark.django_db


def _logged(case: object, action: str) -> int:
    return AccessLog.objects.filter(case=case, action=action).count()


def test_the_case_summary_for_an_agency_file() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    raising = holder(case, "raising")
    actions.add_task(
        case=case, actor=raising, title="Send the attendance record", owner=raising,
        due_on=date(2026, 6, 10), now=later(case, 1),
    )  # fmt: skip
    case.refresh_from_db()
    client = signed_in(case.raised_by)
    pdf, name = download(client, reverse("web:case-summary-pdf", args=[case.reference]))
    assert name == f"{case.reference}-case-summary.pdf"
    pdf.check_accessible()
    assert pdf.title == f"Case summary – {case.reference}"
    text = pdf.text
    for words in [
        "Stages", "1: Practitioners", "Escalated to stage 2", "Deadlines", "Met",
        "Send the attendance record", "Timeline", "Task added",
        f"Produced by {case.raised_by.full_name}",
        "No outcome has been agreed yet", "Nobody has signed off the outcome yet",
    ]:  # fmt: skip
        assert words in text, words
    assert "Test Child" not in text, "the summary never names the child"
    last = CaseEvent.objects.filter(case=case).latest("sequence")
    assert last.hash in text.replace(" ", ""), "the event log's hash, to check a printed copy"
    assert f"compare this hash with event {last.sequence}" in text
    assert _logged(case, "downloaded the case summary (PDF)") == 1
    pdf.save_pages("case-summary-open-at-stage-2")


def test_the_written_confirmation_of_the_outcome() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    client = signed_in(case.raised_by)
    url = reverse("web:case-outcome-pdf", args=[case.reference])
    before = client.get(url)  # no outcome yet: back to the list, told why
    assert before.status_code == 302
    assert before.headers["Location"] == reverse("web:case-forms", args=[case.reference])
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="A joint visit this week", now=later(case, 1),
        outstanding_issues="Housing", pursuit="The housing officer will review it",
    )  # fmt: skip
    actions.sign_off(case=case, actor=holder(case, "raising"), side="raising", now=later(case, 2))
    pdf, name = download(client, url)
    assert name == f"{case.reference}-outcome-confirmation.pdf"
    pdf.check_accessible()
    assert pdf.title == f"Written confirmation of the agreed outcome – {case.reference}"
    for words in [
        "A joint visit this week", "Housing", "The housing officer will review it",
        "Agreed at stage 2", "Raising side", holder(case, "raising").full_name,
    ]:  # fmt: skip
        assert words in pdf.text, words
    assert _logged(case, "downloaded the outcome confirmation (PDF)") == 1
    pdf.save_pages("outcome-confirmation-stage-2")


def test_a_new_event_changes_the_hash_printed() -> None:
    case = ResolvedCaseFactory()
    client = signed_in(case.raised_by)
    url = reverse("web:case-outcome-pdf", args=[case.reference])
    first, _ = download(client, url)
    actions.sign_off(case=case, actor=holder(case, "raising"), side="raising", now=later(case, 1))
    second, _ = download(client, url)
    hashes = list(CaseEvent.objects.filter(case=case).order_by("sequence").values_list("hash"))
    before, after = hashes[-2][0], hashes[-1][0]
    assert before in first.text.replace(" ", "")
    assert after not in first.text.replace(" ", "")
    assert after in second.text.replace(" ", "")


def test_the_forms_page_lists_every_version_and_is_logged() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    record = FormRecord.objects.get(case=case, form_id="stage-3-monitoring")
    actor = holder(case)
    first = actions.submit_form(record=record, actor=actor, values={}, now=timezone.now())
    actions.correct_form(
        record=first, actor=actor, values={"outcome": "Agreed"}, reason="Outcome left out",
        now=timezone.now(),
    )  # fmt: skip
    page = signed_in(actor).get(reverse("web:case-forms", args=[case.reference]))
    text = page.content.decode()
    assert "<title>Forms and documents – " in text
    assert text.count("Stage 3 monitoring information") >= 2
    assert "Outcome left out" in text
    assert "Corrected" in text
    assert "Notification that a stage was reached" in text
    assert _logged(case, "viewed forms and documents") == 1


def test_who_opens_a_record_and_who_downloads_it() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    record = FormRecord.objects.get(case=case)
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    client = signed_in(lead)  # sees the case, but completes none of its records
    refused = client.get(reverse("web:case-form", args=[case.reference, record.pk]))
    assert refused.status_code == 403
    assert "You cannot open the form records of this case" in refused.content.decode()
    pdf, name = download(client, reverse("web:case-form-pdf", args=[case.reference, record.pk]))
    assert name == f"{case.reference}-notification.pdf"
    assert "Draft: not yet submitted" in pdf.text
    assert _logged(case, "downloaded a form record (PDF)") == 1
    stranger = signed_in(PersonFactory())
    for url in [
        reverse("web:case-form-pdf", args=[case.reference, record.pk]),
        reverse("web:case-summary-pdf", args=[case.reference]),
        reverse("web:case-forms", args=[case.reference]),
    ]:
        assert stranger.get(url).status_code == 404


def test_the_inbox_of_forms_received() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    submitted = FormRecord.objects.get(case=case, form_id="stage-3-monitoring")
    actions.submit_form(record=submitted, actor=manager, values={}, now=timezone.now())
    page = signed_in(manager).get(reverse("web:received-forms"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<title>Forms received – Accord</title>" in text
    assert "Stage 3 monitoring information" in text
    assert case.reference in text
    assert "Notification that a stage was reached" not in text, "drafts are not received yet"
    other = PartnershipRoleFactory().person  # staff of another partnership
    assert case.reference not in signed_in(other).get(reverse("web:received-forms")).text
    assert signed_in(case.raised_by).get(reverse("web:received-forms")).status_code == 403
