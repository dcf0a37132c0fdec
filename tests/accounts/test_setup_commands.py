"""`accord partnership create` and `accord people import`: scripted set-up with the pages'
checks, idempotent, `FILE:LINE: message` and a non-zero exit for bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.accounts.models import AdminEvent, PartnershipRole, Person
from accord.notifications.models import OutboxMessage
from accord.partnerships.models import Partnership, RoleAssignment
from tests.factories import (
    AgencyFactory,
    PartnershipFactory,
    PersonFactory,
    PolicyVersionFactory,
)

pytestmark = pytest.mark.django_db
CREATE = [
    "partnership", "create", "north-tyneside", "--name", "North Tyneside Safeguarding Children "
    "Partnership", "--jurisdiction", "ENG", "--short-name", "NTSCP", "--admin-email",
    "Ada@NorthTyneside.example", "--admin-name", "Ada Admin",
]  # fmt: skip
HEADER = "email,full_name,job_title,agency,level,safeguarding_lead,line_manager_email,roles"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_partnership_create_makes_a_partnership_not_live_with_its_administrator() -> None:
    said = run(*CREATE)
    partnership = Partnership.objects.get(slug="north-tyneside")
    assert (partnership.short_name, partnership.jurisdiction, partnership.live) == (
        "NTSCP",
        "ENG",
        False,
    )
    admin = Person.objects.get(email="ada@northtyneside.example")
    assert admin.agency is None
    assert not admin.has_usable_password()
    assert PartnershipRole.objects.filter(
        person=admin, partnership=partnership, role="administrator"
    ).exists()
    assert "e-mailed a link to choose a password" in said
    invite = OutboxMessage.objects.get(to_address="ada@northtyneside.example")
    assert "/password/reset/key/" in invite.body
    assert "NTSCP" in invite.subject
    kinds = set(AdminEvent.objects.filter(partnership=partnership).values_list("kind", flat=True))
    assert kinds == {"partnership_created", "person_added", "staff_role_added"}
    assert AdminEvent.objects.filter(actor__isnull=True).count() == 3


def test_partnership_create_twice_changes_nothing_and_says_so() -> None:
    run(*CREATE)
    events = AdminEvent.objects.count()
    said = run(*CREATE)
    assert "nothing changed" in said
    assert AdminEvent.objects.count() == events
    assert OutboxMessage.objects.count() == 1


def test_partnership_create_with_an_existing_person_makes_them_administrator() -> None:
    PersonFactory(email="ada@northtyneside.example", agency=None)
    run(*CREATE[:-2])  # no --admin-name
    assert Person.objects.get(email="ada@northtyneside.example").partnership_roles.count() == 1
    assert not OutboxMessage.objects.exists()  # they already have a way in


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"north-tyneside": "North Tyneside"}, "The slug is lower-case letters"),
        ({"ENG": "XYZ"}, "Unknown jurisdiction “XYZ”"),
        ({"NTSCP": "N" * 21}, "20 characters or fewer"),
        ({"Ada@NorthTyneside.example": "not-an-address"}, "is not an e-mail address"),
    ],
)
def test_partnership_create_refuses_bad_input(change: dict[str, str], message: str) -> None:
    args = [change.get(arg, arg) for arg in CREATE]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Partnership.objects.exists()


def test_partnership_create_refuses_a_slug_used_with_other_details() -> None:
    run(*CREATE)
    args = [("Other name" if arg.startswith("North Tyneside") else arg) for arg in CREATE]
    with pytest.raises(CommandError, match="already a partnership “north-tyneside”"):
        run(*args)


def test_partnership_create_needs_a_name_for_someone_new() -> None:
    with pytest.raises(CommandError, match="enter the administrator's full name"):
        run(*CREATE[:-2])
    assert not Partnership.objects.exists()


@pytest.fixture
def partnership() -> Partnership:
    partnership = PartnershipFactory(slug="north-tyneside")
    AgencyFactory(home_partnership=partnership, name="School")
    return partnership


def write(tmp_path: Path, *rows: str) -> str:
    file = tmp_path / "people.csv"
    file.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(file)


def test_people_import_adds_everyone_then_changes_nothing_the_second_time(
    partnership: Partnership, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "head@school.example,Hana Head,Head,School,director,yes,",
        "teacher@school.example,Tom Teacher,Teacher,School,practitioner,no,head@school.example",
    )
    assert "added 2 people" in run("people", "import", "north-tyneside", file)
    teacher = Person.objects.get(email="teacher@school.example")
    assert teacher.line_manager == Person.objects.get(email="head@school.example")
    assert AdminEvent.objects.filter(kind="people_imported", actor__isnull=True).count() == 1
    said = run("people", "import", "north-tyneside", file)
    assert "all 2 people are already in Accord; nothing changed" in said
    assert Person.objects.count() == 2
    assert AdminEvent.objects.filter(kind="people_imported").count() == 1


def test_people_import_adds_only_the_new_rows_of_a_longer_file(
    partnership: Partnership, tmp_path: Path
) -> None:
    run("people", "import", "north-tyneside", write(tmp_path, "head@school.example,Hana Head,"
        "Head,School,director,yes,"))  # fmt: skip
    file = write(
        tmp_path,
        "head@school.example,Hana Head,Head,School,director,yes,",
        "teacher@school.example,Tom Teacher,Teacher,School,practitioner,no,head@school.example",
    )
    assert "added 1 people (1 already in Accord)" in run("people", "import", "north-tyneside", file)
    assert Person.objects.get(email="teacher@school.example").line_manager is not None


def test_people_import_dry_run_writes_nothing(partnership: Partnership, tmp_path: Path) -> None:
    file = write(tmp_path, "head@school.example,Hana Head,Head,School,director,yes,")
    said = run("people", "import", "north-tyneside", file, "--dry-run")
    assert "would add 1 people" in said
    assert "nothing changed" in said
    assert not Person.objects.exists()
    assert not AdminEvent.objects.exists()


def test_people_import_prints_every_problem_as_file_line_message(
    partnership: Partnership, tmp_path: Path
) -> None:
    file = write(
        tmp_path,
        "head@school.example,Hana Head,Head,School,director,yes,",
        "bad-address,Tom Teacher,Teacher,Nowhere,practitioner,no,",
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problems; nobody was imported"):
        call_command("people", "import", "north-tyneside", file, stdout=out, stderr=out)
    lines = out.getvalue().splitlines()
    assert f"{file}:3: email: “bad-address” is not an e-mail address" in lines
    assert any(line.startswith(f"{file}:3: agency: Unknown agency “Nowhere”") for line in lines)
    assert not Person.objects.exists()


def test_someone_in_another_agency_is_still_a_problem(
    partnership: Partnership, tmp_path: Path
) -> None:
    PersonFactory(email="head@school.example")  # in an agency of another partnership
    file = write(tmp_path, "head@school.example,Hana Head,Head,School,director,yes,")
    with pytest.raises(CommandError, match="1 problem;"):
        run("people", "import", "north-tyneside", file)


def test_people_import_refuses_an_unknown_partnership_or_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        run("people", "import", "nowhere", "x.csv")
    PartnershipFactory(slug="north-tyneside")
    with pytest.raises(CommandError, match="cannot be read"):
        run("people", "import", "north-tyneside", str(tmp_path / "missing.csv"))


def test_people_import_gives_the_roles_the_policy_names(
    partnership: Partnership, tmp_path: Path
) -> None:
    PolicyVersionFactory(partnership=partnership)
    file = write(
        tmp_path,
        "head@school.example,Hana Head,Head,School,director,yes,,"
        "standards_manager; Team Manager not involved in the case",
    )
    run("people", "import", "north-tyneside", file)
    head = Person.objects.get(email="head@school.example")
    assert sorted(
        RoleAssignment.objects.filter(person=head, agency=None).values_list("role_key", flat=True)
    ) == ["independent_team_manager", "standards_manager"]
    assert AdminEvent.objects.filter(kind="policy_role_added", target_person=head).count() == 2


def test_people_import_refuses_a_role_the_policy_does_not_name(
    partnership: Partnership, tmp_path: Path
) -> None:
    PolicyVersionFactory(partnership=partnership)
    file = write(tmp_path, "head@school.example,Hana Head,Head,School,director,yes,,practitioner")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem;"):
        call_command("people", "import", "north-tyneside", file, stdout=out, stderr=out)
    assert f"{file}:2: roles: Unknown role “practitioner”: use one of" in out.getvalue()
    assert not Person.objects.exists()
