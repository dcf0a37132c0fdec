"""The administration pages: GOV.UK forms that keep what was typed, the CSV import's dry run,
and nothing for anyone but the partnership's administrators."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accord.accounts.models import AdminEvent, Agency, Level, Person
from tests.access.helpers import signed_in
from tests.factories import (
    AgencyFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
HEADER = "email,full_name,job_title,agency,level,safeguarding_lead,line_manager_email"


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(role="administrator", person__full_name="Ada Admin").person


@pytest.fixture
def school(admin: Person) -> Agency:
    return AgencyFactory(home_partnership=admin.partnership_roles.get().partnership, name="School")


def test_the_navigation_offers_administration_to_administrators_only(admin: Person) -> None:
    html = signed_in(admin).get(reverse("web:case-list")).content.decode()
    assert f'href="{reverse("web:manage")}"' in html
    html = signed_in(PersonFactory()).get(reverse("web:case-list")).content.decode()
    assert reverse("web:manage") not in html


def test_add_an_agency(admin: Person) -> None:
    client = signed_in(admin)
    page = client.get(reverse("web:manage-agency-add"))
    assert "<title>Add an agency – Accord</title>" in page.content.decode()
    response = client.post(
        reverse("web:manage-agency-add"), {"name": "Riverside", "kind": "health"}
    )
    assert response.status_code == 302
    assert Agency.objects.filter(name="Riverside", kind="health").exists()
    listing = client.get(response.headers["Location"]).content.decode()
    assert "Riverside has been added" in listing
    assert "Riverside" in listing


def test_a_form_with_errors_shows_the_summary_and_keeps_what_was_typed(
    admin: Person, school: Agency
) -> None:
    client = signed_in(admin)
    response = client.post(
        reverse("web:manage-person-add"),
        {"full_name": "Priya Patel", "email": "not an address", "agency": school.pk,
         "line_manager": "nobody@school.example"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a person – Accord</title>" in html
    assert '<div class="govuk-error-summary"' in html
    assert '<a href="#id_email">Enter an e-mail address in the correct format' in html
    assert "Choose the person&#x27;s level" in html or "Choose the person’s level" in html
    assert 'value="Priya Patel"' in html
    assert 'value="not an address"' in html
    assert not Person.objects.filter(full_name="Priya Patel").exists()


def test_a_refusal_by_the_action_is_shown_on_its_field(admin: Person, school: Agency) -> None:
    other = AgencyFactory(home_partnership=school.home_partnership)
    boss = PersonFactory(agency=other, email="boss@other.example")
    response = signed_in(admin).post(
        reverse("web:manage-person-add"),
        {"full_name": "Sam", "email": "sam@school.example", "agency": school.pk,
         "level": Level.PRACTITIONER, "line_manager": boss.email},
    )  # fmt: skip
    html = response.content.decode()
    assert '<a href="#id_line_manager">The line manager must work in the same agency</a>' in html
    assert f'value="{boss.email}"' in html


def test_add_change_and_deactivate_a_person(admin: Person, school: Agency) -> None:
    client = signed_in(admin)
    manager = PersonFactory(agency=school, email="head@school.example")
    client.post(
        reverse("web:manage-person-add"),
        {"full_name": "Sam Smith", "email": "Sam@School.example", "agency": school.pk,
         "level": Level.PRACTITIONER, "line_manager": "HEAD@school.example"},
    )  # fmt: skip
    sam = Person.objects.get(email="sam@school.example")
    assert sam.line_manager == manager
    url = reverse("web:manage-person", args=[sam.pk])
    form = client.get(url).content.decode()
    assert 'value="head@school.example"' in form
    client.post(
        url,
        {"full_name": "Sam Smith", "email": "sam@school.example", "agency": school.pk,
         "level": Level.FIRST_LINE_MANAGER, "is_safeguarding_lead": "on", "line_manager": ""},
    )  # fmt: skip
    sam.refresh_from_db()
    assert (sam.level, sam.is_safeguarding_lead, sam.line_manager) == (
        Level.FIRST_LINE_MANAGER, True, None,
    )  # fmt: skip
    deactivate = reverse("web:manage-person-deactivate", args=[sam.pk])
    assert "Deactivate Sam Smith?" in client.get(deactivate).content.decode()
    sam.refresh_from_db()
    assert sam.is_active  # a GET changes nothing
    client.post(deactivate)
    sam.refresh_from_db()
    assert not sam.is_active
    changes = client.get(reverse("web:manage-changes")).content.decode()
    assert "Person deactivated: Sam Smith" in changes
    assert "Level: practitioner → first_line_manager" in changes


def test_people_list_search_and_paging(admin: Person, school: Agency) -> None:
    for n in range(55):
        PersonFactory(agency=school, full_name=f"Worker {n:02d}")
    client = signed_in(admin)
    first = client.get(reverse("web:manage-people")).content.decode()
    assert "Page 1 of 2" in first
    found = client.get(reverse("web:manage-people"), {"q": "Worker 07"}).content.decode()
    assert "Worker 07" in found
    assert "Worker 08" not in found


def _upload(client: Client, text: str) -> str:
    file = SimpleUploadedFile("people.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("web:manage-import"), {"file": file}).content.decode()


def test_the_import_dry_run_lists_every_problem_and_adds_nobody(
    admin: Person, school: Agency
) -> None:
    text = "\n".join([
        HEADER,
        "a@school.example,Ann,,School,practitioner,no,",
        "bad,Ben,,School,practitioner,no,",
        "c@school.example,Cat,,Nowhere,practitioner,no,",
        "d@school.example,Dee,,School,wizard,no,",
        "e@school.example,Eve,,School,practitioner,no,missing@school.example",
    ])  # fmt: skip
    before = Person.objects.count()
    html = _upload(signed_in(admin), text)
    assert "<title>Error: Check the import – Accord</title>" in html
    assert "The file has 4 problems in 4 rows" in html
    rows = re.findall(r'<td class="govuk-table__cell">(\d+)</td>', html)
    assert rows == ["3", "4", "5", "6"]
    assert "Import" not in re.sub(r"Import people|Check the import|import", "", html)
    assert Person.objects.count() == before


def test_the_import_adds_everyone_after_the_check(admin: Person, school: Agency) -> None:
    client = signed_in(admin)
    text = "\n".join([
        HEADER,
        "head@school.example,Hana Head,Head teacher,School,director,no,",
        "dsl@school.example,Dara Lead,,School,first line manager,yes,head@school.example",
    ])  # fmt: skip
    html = _upload(client, "\ufeff" + text)  # as Excel saves UTF-8
    assert "Every row is right" in html
    assert "Import 2 people" in html
    assert not Person.objects.filter(email="head@school.example").exists()
    hidden = re.search(r'<input type="hidden" name="text" value="([^"]*)"', html)
    assert hidden is not None
    response = client.post(
        reverse("web:manage-import-confirm"),
        {"text": hidden.group(1).replace("&#x27;", "'"), "partnership": school.home_partnership_id},
    )
    assert response.status_code == 302
    dsl = Person.objects.get(email="dsl@school.example")
    assert dsl.line_manager == Person.objects.get(email="head@school.example")
    assert "2 people imported" in client.get(response.headers["Location"]).content.decode()


def test_the_import_refuses_another_partnership_in_the_confirmation(
    admin: Person, school: Agency
) -> None:
    elsewhere = AgencyFactory(name="School")
    text = f"{HEADER}\nx@school.example,X,,School,practitioner,no,\n"
    response = signed_in(admin).post(
        reverse("web:manage-import-confirm"),
        {"text": text, "partnership": elsewhere.home_partnership_id},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(email="x@school.example").exists()


def test_a_file_that_is_not_utf8(admin: Person, school: Agency) -> None:
    file = SimpleUploadedFile("people.csv", "é".encode("latin-1") * 10, content_type="text/csv")
    html = signed_in(admin).post(reverse("web:manage-import"), {"file": file}).content.decode()
    assert "saved as UTF-8" in html
    assert "<title>Error: Import people – Accord</title>" in html


FORGED = {
    "web:manage-agency-add": {"name": "Forged", "kind": "other"},
    "web:manage-person-add": {"full_name": "F", "email": "f@x.example", "level": "practitioner"},
    "web:manage-staff-add": {"email": "f@x.example", "role": "administrator", "full_name": "F"},
    "web:manage-import-confirm": {
        "text": f"{HEADER}\nf@x.example,F,,School,practitioner,no,",
        "partnership": "1",
    },
}


@pytest.mark.parametrize(("name", "data"), FORGED.items())
def test_forged_posts_by_non_administrators_are_refused(
    admin: Person, school: Agency, name: str, data: dict[str, str]
) -> None:
    partnership = school.home_partnership
    for role in ("business_manager", "independent_chair", "panel_member"):
        person = PartnershipRoleFactory(partnership=partnership, role=role).person
        before = (Person.objects.count(), Agency.objects.count(), AdminEvent.objects.count())
        response = signed_in(person).post(reverse(name), data)
        assert response.status_code == 403, role
        assert (
            Person.objects.count(),
            Agency.objects.count(),
            AdminEvent.objects.count(),
        ) == before


def test_another_partnerships_administrator_cannot_change_our_people(
    admin: Person, school: Agency
) -> None:
    sam = PersonFactory(agency=school)
    other_admin = PartnershipRoleFactory(role="administrator").person
    client = signed_in(other_admin)
    assert client.post(reverse("web:manage-person-deactivate", args=[sam.pk])).status_code == 403
    sam.refresh_from_db()
    assert sam.is_active
    listing = client.get(reverse("web:manage-people")).content.decode()
    assert sam.full_name not in listing


def test_the_administration_pages_show_no_case_data(admin: Person, school: Agency) -> None:
    case = OpenCaseFactory(
        partnership=school.home_partnership, raising_agency=school,
        decision_summary="A decision about the family", subject_name="Test Child",
    )  # fmt: skip
    client = signed_in(admin)
    for name in ("web:manage", "web:manage-agencies", "web:manage-people", "web:manage-staff",
                 "web:manage-changes"):  # fmt: skip
        html = client.get(reverse(name)).content.decode()
        assert case.reference not in html
        assert "A decision about the family" not in html
    person = client.get(reverse("web:manage-person", args=[case.raised_by_id])).content.decode()
    assert "A decision about the family" not in person
