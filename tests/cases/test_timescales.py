"""Setting a deadline and a fact in the data model: the new actions, their refusals, what they
store, and that the case still replays (and takes further actions) afterwards."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from accord.cases import actions
from accord.cases.actions import CaseActionRejected, CaseChanged
from accord.cases.actions._core import lock_case
from accord.cases.chain import verify
from accord.cases.models import Case, CaseEvent, Deadline
from accord.cases.state import replayed
from accord.partnerships.models import Closure
from accord.partnerships.policies import load_policy_version
from tests.factories import (
    EXAMPLE_POLICY,
    LONDON,
    RAISED_AT,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

# Raised Mon 1 Jun 2026 10:00: stage:1 due Wed 3 Jun, its response step Tue 2 Jun.
SOON = RAISED_AT + timedelta(hours=1)


def _stored(case: Case, key: str) -> Deadline:
    return Deadline.objects.get(case=case, key=key)


def _seen(case: Case) -> int:
    return (
        CaseEvent.objects.filter(case=case)
        .order_by("-sequence")
        .values_list("sequence", flat=True)[0]
    )


def test_a_holder_brings_a_deadline_forward_with_a_reason() -> None:
    case = OpenCaseFactory()
    actor = holder(case, "raising")
    actions.set_deadline(
        case=case, actor=actor, deadline="stage:1", due=date(2026, 6, 2),
        reason="The child is at home with the adult concerned", now=SOON,
    )  # fmt: skip
    row = _stored(case, "stage:1")
    assert row.due_on == date(2026, 6, 2)
    assert row.due == date(2026, 6, 2)
    assert row.counted_due_on == date(2026, 6, 3)  # what the replay is given
    assert row.counted_due == date(2026, 6, 3)
    assert row.due_set_at == SOON
    assert row.due_set_reason == "The child is at home with the adult concerned"
    event = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    assert event is not None
    assert (event.kind, event.actor) == ("deadline_set", actor)
    assert event.payload["deadline"] == "stage:1"
    assert event.payload["due"] == "2026-06-02"
    assert event.payload["reason"] == "The child is at home with the adult concerned"
    assert "2 June 2026" in event.summary
    assert not list(verify(case.reference))


@pytest.mark.parametrize(
    ("deadline", "due", "reason", "says"),
    [
        ("stage:1", date(2026, 6, 5), "Agreed", "never put back"),
        ("stage:1", date(2026, 6, 3), "Agreed", "nothing changes"),
        ("stage:9", date(2026, 6, 2), "Agreed", "no deadline 'stage:9'"),
        ("stage:1", date(2026, 5, 29), "Agreed", "cannot be past"),
        ("stage:1", date(2026, 6, 2), "   ", "Say why the deadline is being set"),
        ("stage:1", datetime(2026, 6, 2, 9, tzinfo=LONDON), "Agreed", "give `due` as a date"),
    ],
    ids=["later", "same-date", "unknown", "past", "no-reason", "time-for-a-day-deadline"],
)
def test_a_deadline_set_is_refused_with_a_reason_and_nothing_written(
    deadline: str, due: date, reason: str, says: str
) -> None:
    case = OpenCaseFactory()
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(CaseActionRejected) as refused:
        actions.set_deadline(
            case=case, actor=holder(case, "raising"), deadline=deadline, due=due,
            reason=reason, now=SOON,
        )  # fmt: skip
    assert says in refused.value.message
    assert CaseEvent.objects.filter(case=case).count() == events
    row = _stored(case, "stage:1")
    assert (row.due_on, row.due_set_at, row.counted_due_on) == (date(2026, 6, 3), None, None)


@pytest.mark.parametrize("who", ["raiser-after-escalation", "colleague", "business_manager"])
def test_only_a_current_holder_sets_a_deadline(who: str) -> None:
    case = EscalatedCaseFactory(to_stage=2)
    actor = {
        "raiser-after-escalation": lambda: case.raised_by,  # held stage 1, not stage 2
        "colleague": lambda: PersonFactory(agency=case.raising_agency),
        "business_manager": lambda: PartnershipRoleFactory(partnership=case.partnership).person,
    }[who]()
    stage_due = _stored(case, "stage:2").due_on
    assert stage_due is not None
    with pytest.raises(CaseActionRejected, match="Only the case's holders"):
        actions.set_deadline(
            case=case, actor=actor, deadline="stage:2", due=stage_due - timedelta(days=1),
            reason="Sooner", now=later(case, 1),
        )  # fmt: skip
    assert _stored(case, "stage:2").due_set_at is None


def test_an_hours_deadline_takes_a_time_and_only_earlier() -> None:
    case = OpenCaseFactory(urgent=True)  # urgent_due: every stage deadline is 24 hours
    row = _stored(case, "stage:1")
    assert row.due_at == RAISED_AT + timedelta(hours=24)
    with pytest.raises(CaseActionRejected, match="give `due` as a date-time"):
        actions.set_deadline(
            case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 1),
            reason="Sooner", now=SOON,
        )  # fmt: skip
    with pytest.raises(CaseActionRejected, match="never put back"):
        actions.set_deadline(
            case=case, actor=case.raised_by, deadline="stage:1",
            due=RAISED_AT + timedelta(hours=30), reason="Later", now=SOON,
        )  # fmt: skip
    sooner = RAISED_AT + timedelta(hours=6)
    actions.set_deadline(
        case=case, actor=case.raised_by, deadline="stage:1", due=sooner,
        reason="Police visit tonight", now=SOON,
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.due_at, row.counted_due_at) == (sooner, RAISED_AT + timedelta(hours=24))
    assert row.due_on == date(2026, 6, 1)


def _agreed_policy_case() -> Case:
    """A case under the example policy with stage 2 due on the date the parties agree."""
    partnership = PartnershipFactory()
    text = (
        EXAMPLE_POLICY.read_text(encoding="utf-8")
        .replace('id = "example-borough"', f'id = "agreed-{partnership.slug}"', 1)
        .replace(
            'due = { within = 5, unit = "working_days" }\n'
            'notify = [{ on = "entered", to = ["business_manager"], form = "notification" }]',
            'due = { unit = "agreed", nudge_every = { within = 2, unit = "working_days" } }\n'
            'notify = [{ on = "entered", to = ["business_manager"], form = "notification" }]',
            1,
        )
    )
    assert 'unit = "agreed"' in text
    version = load_policy_version(
        partnership=partnership, text=text, file_name="agreed.toml", now=RAISED_AT - timedelta(1)
    )
    return EscalatedCaseFactory(partnership=partnership, policy_version=version, to_stage=2)


def test_an_agreed_deadline_takes_any_date_even_a_later_one() -> None:
    case = _agreed_policy_case()
    row = _stored(case, "stage:2")
    assert (row.unit, row.due) == ("agreed", None)
    actor = holder(case, "receiving")
    actions.set_deadline(
        case=case, actor=actor, deadline="stage:2", due=date(2026, 6, 19),
        reason="Agreed at the strategy discussion", now=later(case, 1),
    )  # fmt: skip
    row.refresh_from_db()
    assert row.due_on == date(2026, 6, 19)
    case.refresh_from_db()
    actions.set_deadline(
        case=case, actor=actor, deadline="stage:2", due=date(2026, 6, 26),
        reason="Both sides agreed a week more", now=later(case, 1),
    )  # fmt: skip
    row.refresh_from_db()
    assert row.due_on == date(2026, 6, 26)
    assert row.due_set_reason == "Both sides agreed a week more"


def test_the_case_still_replays_and_takes_more_actions_after_a_deadline_is_set() -> None:
    case = OpenCaseFactory()
    actions.set_deadline(
        case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 2),
        reason="Sooner", now=SOON,
    )  # fmt: skip
    case.refresh_from_db()
    locked = lock_case(case)  # the stored history replays under the policy
    assert locked.deadlines["stage:1"].due == date(2026, 6, 2)
    _, state = replayed(
        case, locked.history, locked.deadlines.values(), now=SOON + timedelta(minutes=5)
    )
    stage = state.deadline("stage:1")
    assert stage is not None
    assert (stage.due, stage.reason) == (date(2026, 6, 2), "Sooner")
    actions.record_response(case=case, actor=holder(case), position="disagree", now=later(case, 1))
    case.refresh_from_db()
    escalated = actions.escalate_case(
        case=case, actor=case.raised_by,
        raising_holder=PersonFactory(agency=case.raising_agency),
        receiving_holder=PersonFactory(agency=case.receiving_agency),
        reason="No agreement", now=later(case, 2),
    )  # fmt: skip
    assert escalated.stage == 2
    assert _stored(case, "stage:1").status == "met"  # left on time for its new date
    assert not list(verify(case.reference))


def test_a_set_date_is_not_passed_by_its_counted_one() -> None:
    """Brought forward to Tue 2 Jun, stage 1 is overdue on Wed 3 though the policy's date is 3."""
    case = OpenCaseFactory()
    actions.set_deadline(
        case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 2),
        reason="Sooner", now=SOON,
    )  # fmt: skip
    case.refresh_from_db()
    locked = lock_case(case)
    _, state = replayed(
        case, locked.history, locked.deadlines.values(), now=datetime(2026, 6, 3, 12, tzinfo=LONDON)
    )
    stage = state.deadline("stage:1")
    assert stage is not None
    assert str(stage.status) == "overdue"


def test_recomputing_after_a_calendar_change_leaves_a_set_due_alone() -> None:
    case = OpenCaseFactory()
    actions.set_deadline(
        case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 2),
        reason="Sooner", now=SOON,
    )  # fmt: skip
    Closure.objects.create(partnership=case.partnership, date=date(2026, 6, 2), reason="Training")
    case.refresh_from_db()
    changes = actions.recompute_deadlines(
        case=case, actor=case.raised_by, now=later(case, 1), reason="Training day"
    )
    keys = {c.key for c in changes}
    assert "budget:overall" in keys  # a counted date moves ...
    assert "stage:1" not in keys  # ... the one the parties set does not
    row = _stored(case, "stage:1")
    assert (row.due_on, row.counted_due_on) == (date(2026, 6, 2), date(2026, 6, 3))


def test_a_stale_or_repeated_form_is_refused_as_changed() -> None:
    case = OpenCaseFactory()
    seen = _seen(case)
    actions.set_deadline(
        case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 2),
        reason="Sooner", now=SOON, seen=seen,
    )  # fmt: skip
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(CaseChanged) as changed:  # the same form sent again
        actions.set_deadline(
            case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 1),
            reason="Sooner still", now=SOON, seen=seen,
        )  # fmt: skip
    assert "has changed since you opened this page" in changed.value.message
    assert "set to 2 June 2026" in changed.value.message
    assert CaseEvent.objects.filter(case=case).count() == events
    assert _stored(case, "stage:1").due_on == date(2026, 6, 2)
    actions.set_deadline(  # with the page as it is now, it goes through
        case=case, actor=case.raised_by, deadline="stage:1", due=date(2026, 6, 1),
        reason="Sooner still", now=SOON + timedelta(minutes=1), seen=_seen(case),
    )  # fmt: skip
    assert _stored(case, "stage:1").due_on == date(2026, 6, 1)


# --- Facts ----------------------------------------------------------------------------------


def test_a_holder_records_a_fact() -> None:
    case = OpenCaseFactory()
    actions.set_fact(case=case, actor=holder(case), fact="cp_plan", value=True, now=SOON)
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}
    event = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    assert event is not None
    assert event.kind == "fact_set"
    assert event.summary == ("Fact recorded: Is the child subject to a child protection plan? Yes")
    actions.set_fact(case=case, actor=holder(case), fact="cp_plan", value=False, now=SOON)
    case.refresh_from_db()
    assert case.facts == {"cp_plan": False}


def test_the_partnerships_decision_makers_record_a_fact_and_others_cannot() -> None:
    case = OpenCaseFactory()
    chair = PartnershipRoleFactory(partnership=case.partnership, role="independent_chair")
    actions.set_fact(case=case, actor=chair.person, fact="cp_plan", value=True, now=SOON)
    colleague = PersonFactory(agency=case.raising_agency)
    with pytest.raises(CaseActionRejected, match="Only the case's holders"):
        actions.set_fact(case=case, actor=colleague, fact="cp_plan", value=False, now=SOON)
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}


def test_an_unknown_fact_is_refused() -> None:
    case = OpenCaseFactory()
    with pytest.raises(CaseActionRejected, match="not declared"):
        actions.set_fact(case=case, actor=holder(case), fact="no_such", value=True, now=SOON)
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_stale_fact_form_is_refused() -> None:
    case = OpenCaseFactory()
    seen = _seen(case)
    actions.set_fact(case=case, actor=holder(case), fact="cp_plan", value=True, now=SOON, seen=seen)
    with pytest.raises(CaseChanged):
        actions.set_fact(
            case=case, actor=holder(case), fact="cp_plan", value=False, now=SOON, seen=seen
        )
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}
