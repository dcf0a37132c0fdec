"""The lists of cases: the filters read from a query, the partnership's list, each person's
queues and tasks (accord.cases.worklists)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.http import QueryDict

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.access import cases_visible_to
from accord.cases.case_filters import CaseFilters
from accord.cases.models import Case, Deadline
from accord.cases.worklists import (
    QUEUES,
    open_tasks,
    partnership_cases,
    queue_cases,
    queue_counts,
)
from accord.engine.london import LONDON
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    ClosedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    WithdrawnCaseFactory,
    holder,
    later,
)

# The example policy, a case raised on Monday 1 June 2026 at 10:00: the receiving side's
# response is due on Tuesday 2 June, the stage on Wednesday 3 June.
SAME_DAY = RAISED_AT + timedelta(hours=2)
THURSDAY = RAISED_AT + timedelta(days=3, hours=2)
A_WEEK_ON = RAISED_AT + timedelta(days=7)


def _query(text: str) -> QueryDict:
    return QueryDict(text)


# --- The filters --------------------------------------------------------------------------


def test_every_filter_is_read_from_its_query_parameter() -> None:
    filters, errors = CaseFilters.from_query(
        _query(
            "partnership=3&stage=2&agency=5&raising_agency=6&receiving_agency=7&status=open"
            "&overdue=1&urgent=on&theme=Neglect&reference=+acc-2026-00042+"
            "&raised_from=1/4/2026&raised_to=2026-06-30&sort=-next_due"
        )
    )
    assert errors == {}
    assert filters == CaseFilters(
        partnership=3, stage=2, agency=5, raising_agency=6, receiving_agency=7, status="open",
        overdue=True, urgent=True, theme="Neglect", reference="ACC-2026-00042",
        raised_from=date(2026, 4, 1), raised_to=date(2026, 6, 30), sort="-next_due",
    )  # fmt: skip


def test_no_parameters_are_no_filters() -> None:
    assert CaseFilters.from_query(_query("")) == (CaseFilters(), {})
    assert CaseFilters().sort == "-raised_at"
    assert CaseFilters().to_query() == ""


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("stage=two", "stage"),
        ("stage=0", "stage"),
        ("stage=-1", "stage"),
        ("agency=5;DROP", "agency"),
        ("partnership=99999999999", "partnership"),
        ("raising_agency=x", "raising_agency"),
        ("receiving_agency=1.5", "receiving_agency"),
        ("status=lost", "status"),
        ("overdue=maybe", "overdue"),
        ("urgent=2", "urgent"),
        ("theme=" + "x" * 201, "theme"),
        ("reference=Zebedee", "reference"),
        ("reference=ACC-2026-1", "reference"),
        ("raised_from=31/2/2026", "raised_from"),
        ("raised_to=tomorrow", "raised_to"),
        ("raised_from=2026-13-01", "raised_from"),
        ("sort=password", "sort"),
    ],
)
def test_a_bad_value_is_an_error_for_its_field_and_is_left_out(query: str, field: str) -> None:
    filters, errors = CaseFilters.from_query(_query(query))
    assert list(errors) == [field]
    assert errors[field]
    assert filters == CaseFilters()


def test_raised_to_before_raised_from_is_an_error() -> None:
    filters, errors = CaseFilters.from_query(_query("raised_from=30/6/2026&raised_to=1/6/2026"))
    assert list(errors) == ["raised_to"]
    assert filters == CaseFilters(raised_from=date(2026, 6, 30))


def test_flags_can_be_turned_off_explicitly() -> None:
    assert CaseFilters.from_query(_query("overdue=0&urgent=false")) == (CaseFilters(), {})


def test_to_query_gives_back_the_same_filters() -> None:
    filters = CaseFilters(
        stage=3, agency=4, status="active", overdue=True, theme="Roles & responsibilities",
        raised_from=date(2026, 1, 2), sort="reference",
    )  # fmt: skip
    text = filters.to_query()
    assert text == (
        "stage=3&agency=4&status=active&overdue=1&theme=Roles+%26+responsibilities"
        "&raised_from=2026-01-02&sort=reference"
    )
    assert CaseFilters.from_query(_query(text)) == (filters, {})


# --- The partnership's list ---------------------------------------------------------------


@pytest.fixture
def partnership_world(db: None) -> dict[str, object]:
    first = OpenCaseFactory(theme="Thresholds")
    home = first.partnership
    version = first.policy_version
    police = AgencyFactory(home_partnership=home, name="Police")
    second = OpenCaseFactory(
        partnership=home, policy_version=version, receiving_agency=police, urgent=True,
        reason="Risk tonight", now=RAISED_AT + timedelta(days=3), theme="Communication",
    )  # fmt: skip
    closed = ClosedCaseFactory(partnership=home, policy_version=version)
    elsewhere = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=home, role="business_manager").person
    return {
        "first": first, "second": second, "closed": closed, "elsewhere": elsewhere,
        "manager": manager, "police": police, "home": home,
    }  # fmt: skip


def _refs(cases: object) -> list[str]:
    return [case.reference for case in cases]  # type: ignore[attr-defined]


def test_staff_see_their_partnerships_cases_and_no_others(partnership_world: dict) -> None:
    w = partnership_world
    listed = _refs(partnership_cases(w["manager"], CaseFilters(), now=A_WEEK_ON))
    assert sorted(listed) == sorted(_refs([w["first"], w["second"], w["closed"]]))
    panel = PartnershipRoleFactory(partnership=w["home"], role="panel_member").person
    assert len(partnership_cases(panel, CaseFilters(), now=A_WEEK_ON)) == 3


def test_people_who_are_not_staff_get_nothing(partnership_world: dict) -> None:
    w = partnership_world
    for person in (w["first"].raised_by, holder(w["first"]), PersonFactory()):
        assert list(partnership_cases(person, CaseFilters(), now=A_WEEK_ON)) == []


def test_a_partnership_the_person_is_not_staff_of_gives_nothing(partnership_world: dict) -> None:
    w = partnership_world
    other = CaseFilters(partnership=w["elsewhere"].partnership_id)
    assert list(partnership_cases(w["manager"], other, now=A_WEEK_ON)) == []
    own = CaseFilters(partnership=w["home"].pk)
    assert len(partnership_cases(w["manager"], own, now=A_WEEK_ON)) == 3


def test_staff_of_two_partnerships_choose_one(partnership_world: dict) -> None:
    w = partnership_world
    PartnershipRoleFactory(
        person=w["manager"], partnership=w["elsewhere"].partnership, role="administrator"
    )
    everything = partnership_cases(w["manager"], CaseFilters(), now=A_WEEK_ON)
    assert w["elsewhere"].reference in _refs(everything)
    one = CaseFilters(partnership=w["elsewhere"].partnership_id)
    assert _refs(partnership_cases(w["manager"], one, now=A_WEEK_ON)) == [w["elsewhere"].reference]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CaseFilters(status="open"), {"first", "second"}),
        (CaseFilters(status="closed"), {"closed"}),
        (CaseFilters(status="active"), {"first", "second"}),
        (CaseFilters(urgent=True), {"second"}),
        (CaseFilters(theme="Communication"), {"second"}),
        (CaseFilters(stage=1), {"first", "second", "closed"}),
        (CaseFilters(stage=2), set()),
        (CaseFilters(raised_from=date(2026, 6, 4)), {"second"}),
        (CaseFilters(raised_to=date(2026, 6, 3)), {"first", "closed"}),
        (
            CaseFilters(raised_from=date(2026, 6, 1), raised_to=date(2026, 6, 1)),
            {"first", "closed"},
        ),
    ],
)
def test_each_filter_narrows_the_list(
    partnership_world: dict, filters: CaseFilters, expected: set[str]
) -> None:
    w = partnership_world
    listed = set(_refs(partnership_cases(w["manager"], filters, now=A_WEEK_ON)))
    assert listed == {w[name].reference for name in expected}


def test_the_agency_filters_look_at_either_side_or_one(partnership_world: dict) -> None:
    w = partnership_world
    police = w["police"].pk
    raising = w["first"].raising_agency_id

    def listed(filters: CaseFilters) -> set[str]:
        return set(_refs(partnership_cases(w["manager"], filters, now=A_WEEK_ON)))

    assert listed(CaseFilters(agency=police)) == {w["second"].reference}
    assert listed(CaseFilters(receiving_agency=police)) == {w["second"].reference}
    assert listed(CaseFilters(raising_agency=police)) == set()
    assert listed(CaseFilters(agency=raising)) == {w["first"].reference}


def test_overdue_is_as_of_now(partnership_world: dict) -> None:
    w = partnership_world
    early = partnership_cases(w["manager"], CaseFilters(overdue=True), now=SAME_DAY)
    assert list(early) == []
    late = partnership_cases(w["manager"], CaseFilters(overdue=True), now=THURSDAY)
    assert set(_refs(late)) == {w["first"].reference}  # the second's response is due 5 June


def test_rows_carry_their_next_due_date_and_whether_one_has_passed(
    partnership_world: dict,
) -> None:
    w = partnership_world
    rows = {c.reference: c for c in partnership_cases(w["manager"], CaseFilters(), now=SAME_DAY)}
    first, closed = rows[w["first"].reference], rows[w["closed"].reference]
    assert first.next_due_on == date(2026, 6, 2)  # the response step
    assert first.overdue is False
    assert closed.next_due_on is None
    later_rows = partnership_cases(w["manager"], CaseFilters(), now=A_WEEK_ON)
    assert {c.reference: c.overdue for c in later_rows}[w["first"].reference] is True


def test_finding_by_reference_is_exact_and_ignores_case(partnership_world: dict) -> None:
    w = partnership_world
    reference = w["first"].reference
    filters, _ = CaseFilters.from_query(_query(f"reference={reference.lower()}"))
    assert _refs(partnership_cases(w["manager"], filters, now=A_WEEK_ON)) == [reference]
    missing = CaseFilters(reference=reference[:-1] + "9")
    assert list(partnership_cases(w["manager"], missing, now=A_WEEK_ON)) == []


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-raised_at", ["second", "closed", "first"]),
        ("raised_at", ["first", "closed", "second"]),
        ("reference", ["first", "second", "closed"]),
        ("-reference", ["closed", "second", "first"]),
        ("next_due", ["first", "second", "closed"]),  # no date last
        ("-next_due", ["second", "first", "closed"]),  # no date last, either way
    ],
)
def test_each_sort_orders_the_list(partnership_world: dict, sort: str, order: list[str]) -> None:
    w = partnership_world
    cases = partnership_cases(w["manager"], CaseFilters(sort=sort), now=SAME_DAY)
    assert _refs(cases) == [w[name].reference for name in order]


# --- Each person's queues -----------------------------------------------------------------


def _queue(person: Person, queue: str, now: datetime = SAME_DAY) -> list[str]:
    return _refs(queue_cases(person, queue, now=now))


def test_a_new_case_needs_the_receiving_holders_action_not_the_raisers(db: None) -> None:
    case = OpenCaseFactory()
    assert _queue(holder(case), "needs_action") == [case.reference]
    assert _queue(case.raised_by, "needs_action") == []


def test_after_the_response_it_is_the_raising_sides_turn(db: None) -> None:
    case = OpenCaseFactory()
    actions.record_response(case=case, actor=holder(case), position="disagree", now=later(case, 1))
    assert _queue(case.raised_by, "needs_action") == [case.reference]
    assert _queue(holder(case), "needs_action") == []


def test_a_passed_deadline_puts_the_case_before_every_current_holder(db: None) -> None:
    case = OpenCaseFactory()
    assert _queue(case.raised_by, "needs_action", A_WEEK_ON) == [case.reference]
    assert _queue(holder(case), "needs_action", A_WEEK_ON) == [case.reference]


def test_a_resolved_case_waits_for_each_side_until_it_signs_off(db: None) -> None:
    case = ResolvedCaseFactory()
    raiser, receiver = holder(case, "raising"), holder(case, "receiving")
    assert _queue(raiser, "needs_action") == [case.reference]
    assert _queue(receiver, "needs_action") == [case.reference]
    actions.sign_off(case=case, actor=raiser, side="raising", now=later(case, 1))
    assert _queue(raiser, "needs_action") == []
    assert _queue(receiver, "needs_action") == [case.reference]


def test_a_former_holder_no_longer_needs_to_act(db: None) -> None:
    case = OpenCaseFactory()
    first_receiver = holder(case)
    actions.escalate_case(
        case=case, actor=case.raised_by,
        raising_holder=PersonFactory(agency=case.raising_agency),
        receiving_holder=PersonFactory(agency=case.receiving_agency),
        reason="No agreement", now=later(case, 1),
    )  # fmt: skip
    assert _queue(first_receiver, "needs_action", A_WEEK_ON) == []
    assert first_receiver.pk not in {h.person_id for h in case.holdings.filter(ended_at=None)}


def test_referred_cases_need_the_partnerships_decision_makers(db: None) -> None:
    case = ReferredCaseFactory()
    for role in ("business_manager", "independent_chair", "panel_member"):
        person = PartnershipRoleFactory(partnership=case.partnership, role=role).person
        assert _queue(person, "needs_action") == [case.reference], role
    administrator = PartnershipRoleFactory(partnership=case.partnership, role="administrator")
    assert _queue(administrator.person, "needs_action") == []
    elsewhere = PartnershipRoleFactory(role="business_manager").person
    assert _queue(elsewhere, "needs_action") == []


def test_closed_and_withdrawn_cases_need_nobody(db: None) -> None:
    for case in (ClosedCaseFactory(), WithdrawnCaseFactory()):
        for person in {h.person for h in case.holdings.all()}:
            for queue in ("needs_action", "due_soon", "overdue"):
                assert _queue(person, queue, A_WEEK_ON) == [], (case.status, queue)
        assert _queue(case.raised_by, "raised") == [case.reference]


def test_the_queues_and_the_tags_agree_across_a_bank_holiday_weekend(england_2026: None) -> None:
    """Raised Thursday 30 April 2026, responded to at once: the stage is due Tuesday 5 May, after
    the early May bank holiday, so it is due soon from 09:00 on Friday 1 May. At every hour of
    the week the queues hold the case exactly when a deadline's tag says so."""
    raised = datetime(2026, 4, 30, 10, tzinfo=LONDON)
    case = OpenCaseFactory(now=raised)
    actions.record_response(
        case=case, actor=holder(case), position="disagree", now=raised + timedelta(hours=1)
    )
    stage = Deadline.objects.get(case=case, key="stage:1")
    assert stage.due_on == date(2026, 5, 5)
    assert stage.due_soon_from == datetime(2026, 5, 1, 9, tzinfo=LONDON)
    seen = set()
    for hours in range(2, 24 * 7):
        now = raised + timedelta(hours=hours)
        tags = {d.running(now) for d in Deadline.objects.filter(case=case)}
        for queue in ("due_soon", "overdue"):
            assert (_queue(case.raised_by, queue, now) == [case.reference]) == (queue in tags), (
                now,
                queue,
            )
            seen.add((queue, queue in tags))
    assert seen == {("due_soon", True), ("due_soon", False), ("overdue", True), ("overdue", False)}


def test_due_soon_holds_a_case_due_by_the_next_working_day(db: None) -> None:
    case = OpenCaseFactory()  # the response is due Tuesday 2 June
    for person in (case.raised_by, holder(case)):
        assert _queue(person, "due_soon", SAME_DAY) == [case.reference]
    assert _queue(case.raised_by, "due_soon", RAISED_AT - timedelta(days=3)) == []  # Friday
    assert _queue(case.raised_by, "due_soon", A_WEEK_ON) == []  # passed: overdue instead
    assert _queue(PersonFactory(), "due_soon", SAME_DAY) == []


def test_overdue_holds_cases_past_a_deadline(db: None) -> None:
    case = OpenCaseFactory()
    assert _queue(case.raised_by, "overdue", SAME_DAY) == []
    assert _queue(case.raised_by, "overdue", A_WEEK_ON) == [case.reference]
    assert _queue(holder(case), "overdue", A_WEEK_ON) == [case.reference]
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    assert _queue(manager, "overdue", A_WEEK_ON) == []  # sees it, neither holds nor raised it


def test_raised_by_me_and_all_my_cases(db: None) -> None:
    mine = OpenCaseFactory()
    held = OpenCaseFactory(
        partnership=mine.partnership,
        policy_version=mine.policy_version,
        receiving_agency=mine.raising_agency,
        receiving_holder=mine.raised_by,
    )
    OpenCaseFactory()
    assert _queue(mine.raised_by, "raised") == [mine.reference]
    assert sorted(_queue(mine.raised_by, "all")) == sorted([mine.reference, held.reference])


def test_all_my_cases_is_what_the_access_rules_let_the_person_see(db: None) -> None:
    case = OpenCaseFactory()
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    OpenCaseFactory()
    assert _queue(lead, "all") == _refs(cases_visible_to(lead)) == [case.reference]


def test_the_counts_are_the_lengths_of_the_queues(db: None) -> None:
    version = PolicyVersionFactory()
    person = PersonFactory(agency=AgencyFactory(home_partnership=version.partnership))
    same = {"partnership": version.partnership, "policy_version": version}
    OpenCaseFactory(**same, receiving_agency=person.agency, receiving_holder=person)
    OpenCaseFactory(**same, raising_agency=person.agency, raised_by=person)
    ResolvedCaseFactory(**same, raising_agency=person.agency, raised_by=person)
    for now in (SAME_DAY, A_WEEK_ON):
        counts = queue_counts(person, now=now)
        assert set(counts) == set(QUEUES)
        for queue in QUEUES:
            assert counts[queue] == len(_queue(person, queue, now)), (queue, now)
    assert queue_counts(person, now=SAME_DAY) == {
        "needs_action": 2, "due_soon": 2, "overdue": 0, "raised": 2, "all": 3,
    }  # fmt: skip


def test_open_tasks_are_the_persons_unfinished_ones_on_active_cases(db: None) -> None:
    case = OpenCaseFactory()
    owner = holder(case)
    now = later(case, 1)
    mine = actions.add_task(case=case, actor=case.raised_by, title="Send the minutes",
                            owner=owner, now=now, due_on=date(2026, 6, 10))  # fmt: skip
    done = actions.add_task(case=case, actor=case.raised_by, title="Book a room",
                            owner=owner, now=now)  # fmt: skip
    actions.add_task(case=case, actor=case.raised_by, title="Not theirs",
                     owner=case.raised_by, now=now)  # fmt: skip
    actions.complete_task(task=done, actor=owner, now=later(case, 2))
    assert list(open_tasks(owner)) == [mine]
    Case.objects.filter(pk=case.pk).update(status="withdrawn")
    assert list(open_tasks(owner)) == []


def test_a_capped_count_stops_one_past_the_cap(db: None) -> None:
    from accord.cases.worklists import capped_count

    first = OpenCaseFactory()
    for _ in range(4):
        OpenCaseFactory(partnership=first.partnership, policy_version=first.policy_version)
    assert capped_count(Case.objects.all(), None) == 5
    assert capped_count(Case.objects.all(), 10) == 5
    assert capped_count(Case.objects.all(), 2) == 3
    assert capped_count(Case.objects.filter(pk=first.pk), 2) == 1
