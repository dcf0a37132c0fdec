"""An altered event log is shown wherever the case is read (every section, the altered timeline
entry, every PDF) and its partnership's administrators are told by the sweep; a sound log shows
nothing. The alteration is written past the triggers (tests/cases/tampering.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accord.cases import actions
from accord.cases.models import (
    CaseEvent,
    CaseNotification,
    ChainCheckpoint,
    NotificationKind,
    SweepFailure,
)
from accord.cases.sweep import sweep
from accord.notifications.models import InAppNotification
from tests.access.helpers import signed_in
from tests.documents.helpers import download
from tests.factories import EscalatedCaseFactory, holder
from tests.notifications.walking import TICK, Walker, london, partnership_for

from .tampering import EVENTS, raw

pytestmark = pytest.mark.django_db

WARNING = "This case’s record has been changed outside Accord"


def _alter(case: object, sequence: int) -> None:
    raw(
        f"UPDATE {EVENTS} SET summary = 'Agreed by everyone' WHERE case_id = %s AND sequence = %s",  # noqa: S608
        [case.pk, sequence],  # type: ignore[attr-defined]
    )


def test_every_section_and_the_timeline_entry_warn_of_an_altered_log() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    client = signed_in(case.raised_by)
    sections = ["case-detail", "case-deadlines", "case-stages", "case-timeline"]
    for name in sections:
        page = client.get(reverse(f"web:{name}", args=[case.reference])).content.decode()
        assert WARNING not in page, name
    _alter(case, 2)
    for name in sections:
        page = client.get(reverse(f"web:{name}", args=[case.reference])).content.decode()
        assert WARNING in page, name
        assert "from event 2" in page, name
    timeline = client.get(reverse("web:case-timeline", args=[case.reference])).content.decode()
    assert timeline.count("This entry does not match the case&#x27;s record") == 1


def test_the_summary_pdf_warns_and_prints_the_head() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    client = signed_in(case.raised_by)
    url = reverse("web:case-summary-pdf", args=[case.reference])
    pdf, _ = download(client, url)
    assert "changed outside Accord" not in pdf.text
    raw(f"DELETE FROM {EVENTS} WHERE case_id = %s AND sequence = 3", [case.pk])  # noqa: S608
    pdf, _ = download(client, url)
    text = pdf.text
    assert "this case’s record has been changed outside Accord" in text
    assert "Event 3: events 3 to 3 are missing (head)" in text
    head = case.chain_head
    assert head.sequence == 3
    assert head.hash in text.replace(" ", "").replace("\n", ""), "the head, not the last row left"


def test_the_sweep_checks_the_cases_it_touches_and_tells_the_administrators() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    altered = walker.raise_case(london("2027-02-15"))
    actions.record_response(
        case=altered,
        actor=holder(altered),
        position="disagree",
        now=london("2027-02-15") + timedelta(hours=1),
    )
    sound = walker.raise_case(london("2027-02-15"))
    _alter(altered, 1)
    now = london("2027-02-15", TICK) + timedelta(hours=2)
    report = sweep(now=now)
    assert report.log_breaks == [
        f"{altered.reference}: event 1: this event's content does not match its signed hash"
    ]
    assert [f["case"] for f in report.failed] == [altered.reference]
    assert report.checkpoints == 2  # both heads, taken once
    assert ChainCheckpoint.objects.count() == 2
    failure = SweepFailure.objects.get(cleared_at__isnull=True)
    assert failure.case_id == altered.pk
    assert "event log has been altered outside Accord: event 1" in failure.reason
    notice = CaseNotification.objects.get(kind=NotificationKind.LOG_ALTERED)
    assert (notice.case_id, notice.roles) == (altered.pk, ["administrator"])
    admin = demo.staff["administrator"]
    told = InAppNotification.objects.filter(person=admin, reference=altered.reference)
    assert told.count() == 1
    assert told.get().link == "/manage/sweep/"  # where they see it: the case may be closed to them
    assert not CaseNotification.objects.filter(case=sound, kind=NotificationKind.LOG_ALTERED)
    page = signed_in(admin).get("/manage/sweep/").content.decode()
    assert altered.reference in page
    assert "altered outside Accord" in page
    # The next sweep finds it again (it stays failing) and tells nobody twice.
    later = sweep(now=now + timedelta(minutes=5))
    assert [f["case"] for f in later.failed] == [altered.reference]
    assert later.checkpoints == 0
    assert told.count() == 1
    assert CaseEvent.objects.filter(case=altered).count() == 2


def test_sweeps_check_every_case_in_turn_even_one_nobody_wrote_to(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCORD_LOG_CHECKS_PER_SWEEP = 2  # a small turn, to see the turns go round
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    cases = [walker.raise_case(london("2027-02-01")) for _ in range(3)]
    old = cases[-1]
    first = sweep(now=london("2027-02-15", TICK))
    assert (first.logs_checked, first.log_breaks) == (2, [])
    _alter(old, 1)  # long after anyone wrote to it: no re-check looks at it
    second = sweep(now=london("2027-02-15", TICK) + timedelta(minutes=1))
    assert second.logs_checked == 1  # the third case: its turn
    assert [line.split(":")[0] for line in second.log_breaks] == [old.reference]
    assert CaseNotification.objects.filter(case=old, kind=NotificationKind.LOG_ALTERED).exists()
    assert SweepFailure.objects.filter(case=old, cleared_at__isnull=True).exists()
    third = sweep(now=london("2027-02-15", TICK) + timedelta(minutes=2))
    assert (third.logs_checked, third.logs_checked_through) == (0, 0)  # round again next time
    fourth = sweep(now=london("2027-02-15", TICK) + timedelta(minutes=3))
    assert fourth.logs_checked == 2
