"""Policy versions: validated by the engine before they are stored; a version never changes."""

from __future__ import annotations

from datetime import date

import pytest

from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import (
    InvalidFile,
    NoPolicyInForce,
    PolicyVersionConflict,
    load_policy_version,
    policy_of,
    policy_version_in_force,
)
from tests.factories import EXAMPLE_POLICY, RAISED_AT, PartnershipFactory

pytestmark = pytest.mark.django_db
TEXT = EXAMPLE_POLICY.read_text(encoding="utf-8")


def test_a_valid_file_is_stored_whole_with_its_hash() -> None:
    partnership = PartnershipFactory()
    version = load_policy_version(
        partnership=partnership, text=TEXT, file_name="example.toml", now=RAISED_AT
    )
    assert (version.policy_id, version.version) == ("example-borough", "2026-04")
    assert version.text == TEXT
    assert len(version.sha256) == 64
    assert version.effective_from == date(2026, 4, 1)
    assert policy_of(version).top_stage == 4


def test_loading_the_same_file_twice_is_a_no_op() -> None:
    partnership = PartnershipFactory()
    first = load_policy_version(partnership=partnership, text=TEXT, file_name="a", now=RAISED_AT)
    again = load_policy_version(partnership=partnership, text=TEXT, file_name="a", now=RAISED_AT)
    assert first == again
    assert PolicyVersion.objects.count() == 1


def test_changed_text_under_the_same_version_is_refused() -> None:
    partnership = PartnershipFactory()
    load_policy_version(partnership=partnership, text=TEXT, file_name="a", now=RAISED_AT)
    changed = TEXT.replace("within = 5,", "within = 6,", 1)
    with pytest.raises(PolicyVersionConflict, match="new version"):
        load_policy_version(partnership=partnership, text=changed, file_name="a", now=RAISED_AT)


def test_an_invalid_file_is_refused_with_its_problems_and_nothing_stored() -> None:
    broken = TEXT.replace("format = 1", "format = 2", 1)
    with pytest.raises(InvalidFile) as invalid:
        load_policy_version(
            partnership=PartnershipFactory(), text=broken, file_name="bad.toml", now=RAISED_AT
        )
    assert all(str(p).startswith("bad.toml:") for p in invalid.value.problems)
    assert not PolicyVersion.objects.exists()


def test_the_version_in_force() -> None:
    partnership = PartnershipFactory()
    version = load_policy_version(partnership=partnership, text=TEXT, file_name="a", now=RAISED_AT)
    assert policy_version_in_force(partnership, on=date(2026, 6, 1)) == version
    with pytest.raises(NoPolicyInForce):
        policy_version_in_force(partnership, on=date(2025, 12, 31))
