"""Who may hold each stage: the policy's role key -> a level on the agency's ladder -> people."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.accounts.levels import allowed_holders, holder_refusal, ladder_levels
from accord.accounts.models import AgencyKind, Level
from accord.engine.policy.loader import load_policy_file
from accord.partnerships.policies import policy_of
from tests.web.raising import person, shipped

POLICIES = Path(__file__).resolve().parents[2] / "accord" / "policies"

P, FLM, SL, SM, D = (
    Level.PRACTITIONER,
    Level.FIRST_LINE_MANAGER,
    Level.SERVICE_LEADER,
    Level.SENIOR_MANAGER,
    Level.DIRECTOR,
)


@pytest.mark.parametrize(
    ("policy_file", "levels"),
    [
        # Stage 1 "first line managers", stage 2 "Service Leader", stage 3 "Head of Service".
        ("blackburn-with-darwen.toml", [FLM, SL, SM]),
        # "Senior manager" below "Head of service or equivalent senior manager": one level each.
        ("bath-north-east-somerset.toml", [P, FLM, SL, SM]),
        ("generic-lscb.toml", [P, FLM, SL, SM]),
        ("northumberland.toml", [P, FLM, SM, D]),
        # "Highest level of management within the organisation" is the Director.
        ("stockport.toml", [P, FLM, SM, D]),
        # Three procedures nobody coded for (decision 11). Lincolnshire: the senior liaison
        # officers (a key of no level) sit above the line managers, and the chaired meeting's
        # holders above them.
        ("lincolnshire.toml", [P, FLM, SL, SM]),
        # Pan Lancashire and Cumbria adults: "Head of Service or equivalent", then "further
        # layers of more senior management up to ... Director level".
        ("pan-lancashire-cumbria-adults.toml", [FLM, SM, D]),
    ],
)
def test_each_shipped_ladder_names_one_level_a_stage(policy_file: str, levels: list[str]) -> None:
    policy = load_policy_file(str(POLICIES / policy_file))
    for side in ("raising", "receiving"):
        assert ladder_levels(policy, side, AgencyKind.HEALTH) == levels


def test_sefton_names_different_levels_on_each_side() -> None:
    """Stage 1: the professional raises with the practitioner's Team Manager; stage 2: the lead
    for safeguarding (a key of no level) with the receiving Service Manager."""
    policy = load_policy_file(str(POLICIES / "sefton.toml"))
    assert ladder_levels(policy, "raising", AgencyKind.HEALTH) == [P, FLM]
    assert ladder_levels(policy, "receiving", AgencyKind.SOCIAL_CARE) == [FLM, SL]


@pytest.mark.django_db
def test_the_allowed_holders_are_the_agencys_people_at_the_stages_level() -> None:
    demo = shipped("stockport.toml")
    policy = policy_of(demo.version)
    police = demo.agencies[AgencyKind.POLICE].agency
    director = person(demo, AgencyKind.POLICE, D)
    assert list(allowed_holders(policy, 4, "receiving", police)) == [director]
    first_line = allowed_holders(policy, 1, "raising", police)
    assert set(first_line) == {
        person(demo, AgencyKind.POLICE, P),
        demo.agencies[AgencyKind.POLICE].colleague,
    }
    # A practitioner cannot send stage 1 straight to a Director, and Stockport allows no other.
    refusal = holder_refusal(policy, 1, "receiving", police, director, "I know them")
    assert refusal is not None
    assert "Practitioner" in refusal
    assert holder_refusal(policy, 4, "receiving", police, director) is None


@pytest.mark.django_db
def test_where_nobody_is_at_the_level_the_nearest_level_above_holds_it() -> None:
    demo = shipped("blackburn-with-darwen.toml")
    policy = policy_of(demo.version)
    health = demo.agencies[AgencyKind.HEALTH]
    # A flat structure: the agency has no Service Leader (its safeguarding lead is one too).
    health.by_level[SL].level = FLM
    health.by_level[SL].save(update_fields=["level"])
    health.lead.level = SM
    health.lead.save(update_fields=["level"])
    assert set(allowed_holders(policy, 2, "raising", health.agency)) == {
        health.by_level[SM],
        health.lead,
    }


@pytest.mark.django_db
def test_a_flat_structure_holder_needs_a_reason_where_the_procedure_allows_it() -> None:
    demo = shipped("blackburn-with-darwen.toml")
    policy = policy_of(demo.version)
    health = demo.agencies[AgencyKind.HEALTH]
    team_manager = health.by_level[FLM]
    refusal = holder_refusal(policy, 2, "raising", health.agency, team_manager)
    assert refusal is not None
    assert "say why" in refusal
    assert holder_refusal(policy, 2, "raising", health.agency, team_manager, "Flat team") is None
