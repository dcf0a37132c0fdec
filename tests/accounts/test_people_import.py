"""Importing people from CSV: the dry run finds every bad row; the import is all or nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from accord.accounts import actions
from accord.accounts.models import AdminEvent, Agency, Level, Person
from accord.accounts.people_file import MAX_ROWS, Problem
from accord.accounts.people_import import plan_import
from accord.engine.london import LONDON
from tests.factories import AgencyFactory, PartnershipRoleFactory, PersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
HEADER = "email,full_name,job_title,agency,level,safeguarding_lead,line_manager_email"


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(role="administrator").person


@pytest.fixture
def school(admin: Person) -> Agency:
    home = admin.partnership_roles.get().partnership
    AgencyFactory(home_partnership=home, name="Police")
    return AgencyFactory(home_partnership=home, name="Riverside School")


def plan(text: str, school: Agency) -> list[Problem]:
    agencies = Agency.objects.filter(home_partnership=school.home_partnership)
    return plan_import(text=text, agencies=agencies).problems


def test_a_good_file_with_managers_in_it_imports_everyone_at_once(
    admin: Person, school: Agency
) -> None:
    existing = PersonFactory(agency=school, email="head@school.example", level=Level.DIRECTOR)
    text = "\n".join([
        HEADER,
        "teacher@school.example,Tia Teacher,Teacher,Riverside School,practitioner,no,"
        "dsl@school.example",
        "DSL@School.example,Dee Lead,Designated lead,riverside school,First line manager,yes,"
        "head@school.example",
        "",
        "deputy@school.example,Dan Deputy,,Riverside School,service_leader,,head@school.example",
    ])  # fmt: skip
    checked = plan_import(text=text, agencies=Agency.objects.all())
    assert checked.problems == []
    assert [p.row for p in checked.people] == [2, 3, 5]
    made = actions.import_people(
        actor=admin, partnership=school.home_partnership, text=text, now=NOW
    )
    assert len(made) == 3
    teacher = Person.objects.get(email="teacher@school.example")
    lead = Person.objects.get(email="dsl@school.example")
    assert teacher.line_manager == lead
    assert lead.line_manager == existing
    assert lead.is_safeguarding_lead
    assert lead.level == Level.FIRST_LINE_MANAGER
    assert not teacher.has_usable_password()
    assert AdminEvent.objects.filter(kind="person_added").count() == 3
    assert AdminEvent.objects.filter(kind="people_imported").get().details == {"count": 3}


def test_the_dry_run_reports_every_bad_row_and_writes_nothing(
    admin: Person, school: Agency
) -> None:
    PersonFactory(email="taken@school.example", agency=school)
    PersonFactory(email="elsewhere@police.example", agency=Agency.objects.get(name="Police"))
    gone = PersonFactory(email="gone@school.example", agency=school, is_active=False)
    assert gone
    rows = [
        HEADER,
        "ok@school.example,Olive Ok,,Riverside School,practitioner,no,",  # 2: fine
        "not-an-address,Nora Address,,Riverside School,practitioner,no,",  # 3
        "taken@school.example,Tom Taken,,Riverside School,practitioner,no,",  # 4
        "ok@school.example,Olive Again,,Riverside School,practitioner,no,",  # 5: duplicate
        "a@school.example,Ann Agency,,Nowhere Academy,practitioner,no,",  # 6
        "b@school.example,Ben Level,,Riverside School,chief wizard,no,",  # 7
        "c@school.example,Cat Lead,,Riverside School,practitioner,perhaps,",  # 8
        "d@school.example,Dev Manager,,Riverside School,practitioner,no,missing@x.example",  # 9
        "e@school.example,Eve Agency,,Riverside School,practitioner,no,elsewhere@police.example",
        "f@school.example,Fay Self,,Riverside School,practitioner,no,f@school.example",  # 11
        "g@school.example,Gus Loop,,Riverside School,practitioner,no,h@school.example",  # 12
        "h@school.example,Hal Loop,,Riverside School,practitioner,no,g@school.example",  # 13
        "i@school.example,,,Riverside School,,no,",  # 14: no name, no level
        "j@school.example,Jo Gone,,Riverside School,practitioner,no,gone@school.example",  # 15
        "k@school.example,Kit Extra,,Riverside School,practitioner,no,,surplus",  # 16
        "bad,Bo Everything,,Nowhere,wizard,maybe,missing@x.example",  # 17: five problems
    ]
    before = (Person.objects.count(), AdminEvent.objects.count())
    problems = plan("\n".join(rows), school)
    by_row = {}
    for problem in problems:
        by_row.setdefault(problem.row, []).append(problem.message)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
    assert len(by_row[17]) == 5  # every problem of a row, not only its first
    assert "is not an e-mail address" in by_row[3][0]
    assert by_row[4] == ["There is already an account with this e-mail address"]
    assert by_row[5] == ["The same e-mail address as row 2"]
    assert "Unknown agency “Nowhere Academy”" in by_row[6][0]
    assert "Unknown level “chief wizard”" in by_row[7][0]
    assert "yes or no" in by_row[8][0]
    assert "not found" in by_row[9][0]
    assert "same agency" in by_row[10][0]
    assert "own line manager" in by_row[11][0]
    assert by_row[12] == by_row[13] == ["Line managers form a loop: rows 12, 13"]
    assert len(by_row[14]) == 2  # the name and the level
    assert "deactivated" in by_row[15][0]
    assert "more cells" in by_row[16][0]
    with pytest.raises(actions.ImportRejected) as refusal:
        actions.import_people(
            actor=admin, partnership=school.home_partnership, text="\n".join(rows), now=NOW
        )
    assert refusal.value.plan.problems == problems
    assert (Person.objects.count(), AdminEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("email,full_name\n", "The column “agency” is missing"),
        (HEADER + ",nickname\n", "Unknown column “nickname”"),
        (HEADER + ",email\n", "appears more than once"),
        (HEADER + "\n", "nobody in it"),
        ("x" * 2_000_001, "larger than 2 MB"),
    ],
)
def test_problems_with_the_whole_file(school: Agency, text: str, message: str) -> None:
    problems = plan(text, school)
    assert problems
    assert problems[0].row is None
    assert message in problems[0].message


def test_too_many_rows(school: Agency) -> None:
    rows = [HEADER] + [
        f"p{n}@school.example,P {n},,Riverside School,practitioner,no," for n in range(MAX_ROWS + 1)
    ]
    assert "at most" in plan("\n".join(rows), school)[0].message


def test_columns_may_come_in_any_order_and_case(school: Agency) -> None:
    text = "Level,Agency,Full Name,EMAIL\nDirector,Riverside School,Zoe Head,zoe@school.example\n"
    checked = plan_import(text=text, agencies=[school])
    assert checked.problems == []
    assert checked.people[0].level == Level.DIRECTOR


def test_only_the_partnerships_own_agencies(admin: Person) -> None:
    other = AgencyFactory(name="Far Away School")
    text = f"{HEADER}\nx@far.example,X,,Far Away School,practitioner,no,\n"
    with pytest.raises(actions.ImportRejected):
        actions.import_people(
            actor=admin, partnership=admin.partnership_roles.get().partnership, text=text, now=NOW
        )
    with pytest.raises(actions.AdminActionRejected):
        actions.import_people(actor=admin, partnership=other.home_partnership, text=text, now=NOW)


def test_a_line_manager_without_an_agency_is_refused(school: Agency) -> None:
    PersonFactory(email="chair@independent.example", agency=None)
    row = "x@school.example,X,,Riverside School,practitioner,no,chair@independent.example"
    text = f"{HEADER}\n{row}"
    (problem,) = plan(text, school)
    assert (problem.row, problem.column) == (2, "line_manager_email")
    assert "same agency" in problem.message
