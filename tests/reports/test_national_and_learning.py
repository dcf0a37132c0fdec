"""Counts across every partnership; debriefs, learning points, good practice and themes."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from accord.accounts.models import AdminEvent
from accord.partnerships.models import Theme
from accord.partnerships.policies import policy_of
from accord.partnerships.themes import seed_themes, themes_for
from accord.reports import actions
from accord.reports.learning import debriefs_for
from accord.reports.national import national_counts
from accord.reports.periods import Period

from .world import NOW, World

pytestmark = pytest.mark.django_db

Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


def _in(day: date | None) -> bool:
    return day is not None and Q2.start <= day <= Q2.end


def test_national_counts_each_partnership_and_each_case_once_in_the_total(world: World) -> None:
    national = national_counts(Q2)
    rows = {row.name: row for row in national.rows}
    for partnership in (world.home, world.neighbour, world.other):
        made = world.of(partnership)
        row = rows[partnership.name]
        assert row.active == sum(1 for m in made if m.active)
        assert row.raised == sum(1 for m in made if _in(m.raised_on))
        assert row.resolved == sum(1 for m in made if m.resolved and _in(m.resolved[1]))
    assert national.total.active == sum(1 for m in world.made if m.active)
    assert national.total.raised == sum(1 for m in world.made if _in(m.raised_on))
    # Cross-boundary cases count in two rows, once in the total.
    assert sum(row.active for row in national.rows) > national.total.active


def test_debriefs_of_cases_resolved_in_the_quarter(world: World) -> None:
    resolved = [m for m in world.of(world.home) if m.resolved and _in(m.resolved[1])]
    debriefs = debriefs_for(world.home.pk, Q2)
    assert debriefs.offered == len(resolved)
    assert debriefs.held == sum(1 for m in resolved if m.debrief == "held")
    assert debriefs.declined == sum(1 for m in resolved if m.debrief == "declined")
    assert debriefs.not_recorded == sum(1 for m in resolved if m.debrief is None)
    assert debriefs.held
    assert debriefs.declined
    assert debriefs.not_recorded
    assert {row.reference for row in debriefs.rows} == {m.case.reference for m in resolved}


def test_a_learning_point_from_a_case_is_recorded_and_logged(world: World) -> None:
    manager = world.staff["business_manager"]
    case = next(m.case for m in world.of(world.home) if m.status == "referred")
    point = actions.record_learning_point(
        actor=manager, partnership=world.home, group="quality_assurance",
        summary="Escalate sooner", case_reference=f" {case.reference.lower()} ", now=NOW,
    )  # fmt: skip
    assert point.case == case
    assert point.status == "open"
    changed = actions.change_learning_point(
        actor=world.staff["panel_member"], point=point, status="done", action="Guidance updated",
        now=NOW,
    )  # fmt: skip
    assert (changed.status, changed.action) == ("done", "Guidance updated")
    logged = AdminEvent.objects.filter(partnership=world.home).values_list("kind", "summary")
    assert set(logged) >= {
        ("learning_point_recorded", f"Learning point {point.pk} recorded"),
        ("learning_point_changed", f"Learning point {point.pk} changed"),
    }


def test_a_learning_point_names_only_a_case_of_the_partnership_the_person_can_see(
    world: World,
) -> None:
    other_case = next(m.case for m in world.made if m.partnership == world.other)
    with pytest.raises(actions.LearningActionRejected) as refused:
        actions.record_learning_point(
            actor=world.staff["business_manager"], partnership=world.home, group="learning",
            summary="Something", case_reference=other_case.reference, now=NOW,
        )  # fmt: skip
    assert refused.value.field == "case_reference"
    assert "that you can see" in refused.value.message
    with pytest.raises(actions.LearningActionRejected):
        actions.record_learning_point(
            actor=world.staff["other_manager"], partnership=world.home, group="learning",
            summary="Not my partnership", now=NOW,
        )  # fmt: skip


def test_good_practice_names_an_agency_working_in_the_partnership(world: World) -> None:
    manager = world.staff["business_manager"]
    police = world.agencies["police"]  # at home next door, but serves Home
    recognition = actions.record_recognition(
        actor=manager, partnership=world.home, summary="Clear and quick", agency=police, now=NOW
    )
    assert recognition.agency == police
    with pytest.raises(actions.LearningActionRejected) as refused:
        actions.record_recognition(
            actor=manager, partnership=world.home, summary="Elsewhere",
            agency=world.agencies["o_school"], now=NOW,
        )  # fmt: skip
    assert refused.value.field == "agency"


def test_themes_start_from_the_policy_and_are_managed_by_administrators(world: World) -> None:
    policy = policy_of(world.versions[world.home.pk])
    assert themes_for(world.home, policy) == list(policy.themes)
    admin = world.staff["administrator"]
    added = actions.add_theme(
        actor=admin, partnership=world.home, name="  Early  help ", policy=policy, now=NOW
    )
    assert added.name == "Early help"
    assert themes_for(world.home, policy) == [*policy.themes, "Early help"]
    first = Theme.objects.get(partnership=world.home, name=policy.themes[0])
    actions.set_theme_active(actor=admin, theme=first, active=False, now=NOW)
    actions.move_theme(actor=admin, theme=added, by=-1, now=NOW)
    expected = [*policy.themes[1:-1], "Early help", policy.themes[-1]]
    assert themes_for(world.home, policy) == expected
    assert seed_themes(world.home, policy) == 0  # managed already: left alone
    with pytest.raises(actions.LearningActionRejected):
        actions.add_theme(actor=admin, partnership=world.home, name="early HELP", policy=policy,
                          now=NOW)  # fmt: skip
    with pytest.raises(actions.LearningActionRejected):
        actions.add_theme(
            actor=world.staff["business_manager"], partnership=world.home, name="Not an admin",
            policy=policy, now=NOW,
        )  # fmt: skip


def test_seeding_themes_twice_adds_them_once(world: World) -> None:
    policy = policy_of(world.versions[world.other.pk])
    assert seed_themes(world.other, policy) == len(policy.themes)
    assert seed_themes(world.other, policy) == 0
    assert Theme.objects.filter(partnership=world.other).count() == len(policy.themes)


def test_the_seed_themes_command_gives_every_partnership_its_policys_themes(world: World) -> None:
    out = StringIO()
    call_command("seed_themes", stdout=out)
    policy = policy_of(world.versions[world.home.pk])
    assert themes_for(world.home, policy) == list(policy.themes)
    assert Theme.objects.filter(partnership=world.neighbour).count() == len(policy.themes)
    assert f"{world.home.name}: {len(policy.themes)} themes added" in out.getvalue()
    again = StringIO()
    call_command("seed_themes", stdout=again)
    assert f"{world.home.name}: 0 themes added" in again.getvalue()
