"""`accord policy load PARTNERSHIP FILE [--effective DATE] [--dry-run] [--by EMAIL]`: the upload
page's checks from the command line, `FILE:LINE: message` and exit 1 on problems, idempotent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from accord.accounts.models import AdminEvent, Person
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.models import PolicyVersionState as State
from accord.partnerships.policies import policy_version_in_force
from tests.factories import EXAMPLE_POLICY, RAISED_AT, PartnershipRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_raising_day() -> object:
    with time_machine.travel(RAISED_AT, tick=False):
        yield


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(
        role="administrator", person__email="ada@partnership.example"
    ).person


@pytest.fixture
def partnership(admin: Person) -> Partnership:
    return admin.partnership_roles.get().partnership


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "borough.toml"
    path.write_text(EXAMPLE_POLICY.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def load(*args: str) -> int:
    """`accord policy load ARGS` as the CLI routes it, without the CLI's closing of every
    database connection at the end (which would end the test's transaction on PostgreSQL)."""
    try:
        call_command("load_policy", *args)
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def test_load_publishes_and_logs(
    partnership: Partnership, admin: Person, policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = load(
        partnership.slug, str(policy_file), "--effective", "2026-06-15", "--by", admin.email
    )
    assert code == 0
    assert "loaded for" in capsys.readouterr().out
    version = PolicyVersion.objects.get()
    assert (version.state, version.effective_from) == (State.PUBLISHED, date(2026, 6, 15))
    assert policy_version_in_force(partnership, on=date(2026, 6, 15)) == version
    kinds = list(AdminEvent.objects.order_by("pk").values_list("kind", "actor"))
    assert kinds == [("policy_uploaded", admin.pk), ("policy_published", admin.pk)]


def test_loading_the_same_file_twice_changes_nothing_and_says_so(
    partnership: Partnership, admin: Person, policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load(partnership.slug, str(policy_file), "--by", admin.email) == 0
    capsys.readouterr()
    assert load(partnership.slug, str(policy_file), "--by", admin.email) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert PolicyVersion.objects.count() == 1
    assert AdminEvent.objects.count() == 2


def test_problems_are_printed_as_file_line_message(
    partnership: Partnership, admin: Person, policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = policy_file.read_text(encoding="utf-8")
    policy_file.write_text(
        text.replace('name = "First line managers"', "name = 5", 1), encoding="utf-8"
    )
    assert load(partnership.slug, str(policy_file), "--by", admin.email) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    file, line, message = err[0].split(":", 2)
    assert file == str(policy_file)
    assert text.splitlines()[int(line) - 1].startswith("name = ")
    assert message.strip()
    assert not PolicyVersion.objects.exists()


def test_a_dry_run_changes_nothing(
    partnership: Partnership, policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load(partnership.slug, str(policy_file), "--dry-run") == 0
    assert "would be published" in capsys.readouterr().out
    assert not PolicyVersion.objects.exists()
    assert not AdminEvent.objects.exists()


def test_a_past_date_an_unknown_partnership_and_a_stranger_are_refused(
    partnership: Partnership, admin: Person, policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        load(partnership.slug, str(policy_file), "--effective", "2026-05-01", "--by", admin.email)
        == 1
    )
    assert load("no-such-partnership", str(policy_file), "--by", admin.email) == 1
    stranger = PartnershipRoleFactory(role="administrator").person
    assert load(partnership.slug, str(policy_file), "--by", stranger.email) == 1
    assert load(partnership.slug, str(policy_file), "--by", "nobody@example.invalid") == 1
    assert not PolicyVersion.objects.exists()


def test_without_by_the_log_records_the_command(
    partnership: Partnership, policy_file: Path
) -> None:
    assert load(partnership.slug, str(policy_file), "--effective", "2026-06-15") == 0
    assert PolicyVersion.objects.get().state == "published"
    events = AdminEvent.objects.filter(partnership=partnership)
    assert events.count() >= 2  # uploaded, published
    assert {event.actor for event in events} == {None}
