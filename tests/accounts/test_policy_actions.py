"""Uploading, publishing and withdrawing a partnership's policy file: the checks, the effective
date (a case keeps the version it was raised under), and the administration log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accord.accounts import actions
from accord.accounts.models import AdminEvent, Person
from accord.cases.models import Case
from accord.engine.problems import InvalidFile
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.models import PolicyVersionState as State
from accord.partnerships.policies import NoPolicyInForce, policy_version_in_force
from tests.factories import (
    EXAMPLE_POLICY,
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
TEXT = EXAMPLE_POLICY.read_text(encoding="utf-8")
STAGE_1_DUE = 'due = { within = 2, unit = "working_days" }          # from'


def text_for(partnership: Partnership, version: str = "2026-04", stage_1_days: int = 2) -> str:
    return (
        TEXT.replace('id = "example-borough"', f'id = "example-{partnership.slug}"', 1)
        .replace('version = "2026-04"', f'version = "{version}"', 1)
        .replace(STAGE_1_DUE, STAGE_1_DUE.replace("within = 2", f"within = {stage_1_days}"), 1)
    )


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(role="administrator").person


@pytest.fixture
def partnership(admin: Person) -> Partnership:
    return admin.partnership_roles.get().partnership


def upload(admin: Person, partnership: Partnership, text: str, now=RAISED_AT) -> PolicyVersion:  # type: ignore[no-untyped-def]
    version, _ = actions.upload_policy(
        actor=admin, partnership=partnership, text=text, file_name="p.toml", now=now
    )
    return version


def test_an_upload_is_a_draft_nobody_raises_under(admin: Person, partnership: Partnership) -> None:
    version = upload(admin, partnership, text_for(partnership))
    assert version.state == State.DRAFT
    with pytest.raises(NoPolicyInForce):
        policy_version_in_force(partnership, on=date(2026, 6, 1))
    event = AdminEvent.objects.get(kind="policy_uploaded")
    assert (event.actor, event.partnership) == (admin, partnership)
    assert event.details["sha256"] == version.sha256
    assert event.details["version"] == "2026-04"


def test_uploading_the_same_file_again_changes_nothing(
    admin: Person, partnership: Partnership
) -> None:
    first = upload(admin, partnership, text_for(partnership))
    again, new = actions.upload_policy(
        actor=admin,
        partnership=partnership,
        text=text_for(partnership),
        file_name="p.toml",
        now=RAISED_AT,
    )
    assert (again, new) == (first, False)
    assert AdminEvent.objects.filter(kind="policy_uploaded").count() == 1


def test_an_invalid_file_stores_nothing_and_says_every_problem(
    admin: Person, partnership: Partnership
) -> None:
    broken = text_for(partnership).replace('name = "First line managers"', "name = 5", 1)
    broken = broken.replace('raising = "senior_manager"', 'raising = "nobody"', 1)
    with pytest.raises(InvalidFile) as raised:
        upload(admin, partnership, broken)
    lines = [p.line for p in raised.value.problems]
    assert len(lines) == 2
    assert lines == sorted(lines)
    assert all(line > 0 for line in lines)
    assert not PolicyVersion.objects.exists()


def test_an_exception_must_name_another_of_the_partnerships_policies(
    admin: Person, partnership: Partnership
) -> None:
    text = text_for(partnership).replace(
        'route = "Use the conference dissent procedure (section 3.8), not this one."',
        'route = "Use the conference dissent procedure (section 3.8), not this one."\n'
        'policy = "cp-challenge"',
        1,
    )
    assert text != text_for(partnership)
    with pytest.raises(InvalidFile) as raised:
        upload(admin, partnership, text)
    [problem] = raised.value.problems
    assert "policy 'cp-challenge'" in problem.message
    assert problem.line > 0
    other = TEXT.replace('id = "example-borough"', 'id = "cp-challenge"', 1)
    upload(admin, partnership, other)
    assert upload(admin, partnership, text).state == State.DRAFT


def test_someone_else_cannot_upload(partnership: Partnership) -> None:
    other_admin = PartnershipRoleFactory(role="administrator").person
    with pytest.raises(actions.AdminActionRejected):
        upload(other_admin, partnership, text_for(partnership))
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    assert upload(site_admin, partnership, text_for(partnership)).state == State.DRAFT


def test_publishing_needs_today_or_later(admin: Person, partnership: Partnership) -> None:
    version = upload(admin, partnership, text_for(partnership))
    with pytest.raises(actions.AdminActionRejected) as refused:
        actions.publish_policy(
            actor=admin,
            version=version,
            effective=RAISED_AT.date() - timedelta(days=1),
            now=RAISED_AT,
        )
    assert refused.value.field == "effective"
    actions.publish_policy(actor=admin, version=version, effective=RAISED_AT.date(), now=RAISED_AT)
    version.refresh_from_db()
    assert (version.state, version.effective_from) == (State.PUBLISHED, RAISED_AT.date())
    assert policy_version_in_force(partnership, on=RAISED_AT.date()) == version
    event = AdminEvent.objects.get(kind="policy_published")
    assert event.details["sha256"] == version.sha256
    assert event.details["effective_from"] == "2026-06-01"


def _stage_1_due(case: Case) -> date | None:
    return case.deadlines.get(kind="stage", stage=1).due_on


def test_an_open_case_keeps_its_version_and_a_case_raised_from_the_date_uses_the_new_one(
    admin: Person, partnership: Partnership, england_2026: None
) -> None:
    first = upload(admin, partnership, text_for(partnership), now=RAISED_AT - timedelta(days=30))
    actions.publish_policy(
        actor=admin, version=first, effective=date(2026, 5, 2), now=RAISED_AT - timedelta(days=30)
    )
    open_case = OpenCaseFactory(partnership=partnership, policy_version=None, now=RAISED_AT)
    due_before = _stage_1_due(open_case)
    assert due_before == date(2026, 6, 3)  # 2 working days from Monday 1 June

    second = upload(admin, partnership, text_for(partnership, "2026-09", stage_1_days=6))
    actions.publish_policy(actor=admin, version=second, effective=date(2026, 6, 8), now=RAISED_AT)
    first.refresh_from_db()
    assert first.effective_to == date(2026, 6, 7)

    open_case.refresh_from_db()
    assert open_case.policy_version == first
    assert _stage_1_due(open_case) == due_before
    before = OpenCaseFactory(
        partnership=partnership, policy_version=None, now=RAISED_AT + timedelta(days=6)
    )  # Sunday 7 June: still the first version
    assert before.policy_version == first
    raised_on_the_day = OpenCaseFactory(
        partnership=partnership, policy_version=None, now=RAISED_AT + timedelta(days=7)
    )
    assert raised_on_the_day.policy_version == second
    assert _stage_1_due(raised_on_the_day) == date(2026, 6, 16)  # 6 working days from 8 June


def test_a_later_version_already_published_must_be_withdrawn_first(
    admin: Person, partnership: Partnership
) -> None:
    first = upload(admin, partnership, text_for(partnership))
    actions.publish_policy(actor=admin, version=first, effective=date(2026, 7, 1), now=RAISED_AT)
    second = upload(admin, partnership, text_for(partnership, "2026-09"))
    with pytest.raises(actions.AdminActionRejected, match="withdraw that version first"):
        actions.publish_policy(
            actor=admin, version=second, effective=date(2026, 6, 15), now=RAISED_AT
        )


def test_withdrawing_an_unused_version_hands_back_to_the_one_it_replaced(
    admin: Person, partnership: Partnership
) -> None:
    first = upload(admin, partnership, text_for(partnership))
    actions.publish_policy(actor=admin, version=first, effective=RAISED_AT.date(), now=RAISED_AT)
    second = upload(admin, partnership, text_for(partnership, "2026-09"))
    actions.publish_policy(actor=admin, version=second, effective=date(2026, 7, 1), now=RAISED_AT)
    actions.withdraw_policy(actor=admin, version=second, now=RAISED_AT)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.state == State.WITHDRAWN
    assert first.effective_to is None
    assert policy_version_in_force(partnership, on=date(2026, 8, 1)) == first
    event = AdminEvent.objects.get(kind="policy_withdrawn")
    assert event.details["sha256"] == second.sha256


def test_withdrawing_a_version_cases_use_keeps_it_for_them_as_superseded(
    admin: Person, partnership: Partnership
) -> None:
    first = upload(admin, partnership, text_for(partnership))
    actions.publish_policy(actor=admin, version=first, effective=RAISED_AT.date(), now=RAISED_AT)
    case = OpenCaseFactory(partnership=partnership, policy_version=first, now=RAISED_AT)
    actions.withdraw_policy(actor=admin, version=first, now=RAISED_AT + timedelta(days=1))
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED
    assert PolicyVersion.objects.filter(pk=first.pk).exists()
    case.refresh_from_db()
    assert case.policy_version == first
    with pytest.raises(NoPolicyInForce):
        policy_version_in_force(partnership, on=date(2026, 6, 2))
    assert AdminEvent.objects.get(kind="policy_superseded").details["cases"] == 1
    with pytest.raises(actions.AdminActionRejected):
        actions.withdraw_policy(actor=admin, version=first, now=RAISED_AT)


def test_withdrawing_a_version_cases_use_hands_new_cases_back_to_the_one_it_replaced(
    admin: Person, partnership: Partnership
) -> None:
    first = upload(admin, partnership, text_for(partnership))
    actions.publish_policy(actor=admin, version=first, effective=RAISED_AT.date(), now=RAISED_AT)
    second = upload(admin, partnership, text_for(partnership, "2026-09"))
    actions.publish_policy(actor=admin, version=second, effective=date(2026, 6, 8), now=RAISED_AT)
    on_second = OpenCaseFactory(
        partnership=partnership, policy_version=None, now=RAISED_AT + timedelta(days=8)
    )
    assert on_second.policy_version == second
    actions.withdraw_policy(actor=admin, version=second, now=RAISED_AT + timedelta(days=9))
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.state, second.effective_to) == (State.SUPERSEDED, date(2026, 6, 9))
    assert first.effective_to is None
    on_second.refresh_from_db()
    assert on_second.policy_version == second  # its case keeps the version it was raised under
    assert policy_version_in_force(partnership, on=date(2026, 6, 10)) == first
