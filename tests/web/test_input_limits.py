"""The input limits (`accord.input_limits`, decision 22): the reproductions of issue 16 answer a
400 page or a form error on SQLite and PostgreSQL, never a server error; good input still
passes. `tests/access/test_hostile_input.py` fuzzes every URL and form with the same kinds."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accord.accounts.models import Agency, Level, Person
from accord.accounts.people_import import plan_import
from accord.input_limits import (
    EMAIL_LENGTH,
    LARGEST_ID,
    has_control_characters,
    out_of_range,
    record_id,
)
from accord.partnerships.models import PolicyVersion
from tests.access.helpers import signed_in
from tests.factories import AgencyFactory, OpenCaseFactory, PartnershipRoleFactory, PersonFactory
from tests.web.test_policy_pages import own_text, upload

pytestmark = pytest.mark.django_db
HEADER = "email,full_name,job_title,agency,level,safeguarding_lead,line_manager_email"
TOO_LONG = "a" * (EMAIL_LENGTH - len("@school.example") + 1) + "@school.example"
LONGEST = TOO_LONG[1:]


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(role="administrator", person__full_name="Ada Admin").person


@pytest.fixture
def school(admin: Person) -> Agency:
    return AgencyFactory(home_partnership=admin.partnership_roles.get().partnership, name="School")


def _refused(response: object) -> bool:
    html = response.content.decode()  # type: ignore[attr-defined]
    return (
        response.status_code == 400  # type: ignore[attr-defined]
        and "Sorry, Accord cannot read what was sent" in html
        and "Traceback" not in html
    )


def test_the_rules() -> None:
    for text in ("a\x00b", "\x1b[31m", "\x7f\x0b"[1:]):
        assert has_control_characters(text), repr(text)
    assert not has_control_characters("line one\r\nline two\tand a tab, \u202e and é")
    for number in (str(LARGEST_ID + 1), f"-{LARGEST_ID + 1}", "0" * 30 + "1" * 20):
        assert out_of_range(number), number
    for text in (str(LARGEST_ID), "0" * 30 + "7", "12 Acacia Avenue", "²"):
        assert not out_of_range(text), text
    assert record_id("42") == 42
    assert record_id(" 42 ") == 42
    assert record_id(str(LARGEST_ID)) == LARGEST_ID
    for bad in ("", None, "0", "-1", "²", "١٢", "4.2", str(LARGEST_ID + 1), "9" * 400):
        assert record_id(bad) is None, bad


def test_a_nul_in_a_path_or_query_is_a_400_page(admin: Person, school: Agency) -> None:
    case = OpenCaseFactory()
    client = signed_in(admin)
    for url in (
        f"/cases/{case.reference}%00/",
        "/partnership/cases/?theme=%00",
        "/manage/people/?q=%00",
        "/manage/people/?q=%1B",
        "/manage/people/?%00=1",
    ):
        response = client.get(url)
        assert _refused(response), url
        assert "no-store" in response.headers["Cache-Control"]
    assert _refused(Client().get("/sign-in/?next=%00"))


def test_an_id_beyond_64_bits_is_a_400_page_and_odd_digits_are_ignored(
    admin: Person, school: Agency
) -> None:
    PersonFactory(agency=school, full_name="Sam Social Worker")
    client = signed_in(admin)
    for url in (
        "/manage/people/?agency=" + "9" * 30,
        "/manage/people/?agency=-" + "9" * 30,
        f"/manage/agencies/{'9' * 25}/",
        "/manage/people/?page=" + "9" * 40,
    ):
        assert _refused(client.get(url)), url
    for odd in ("²", "١٢", "-1", str(LARGEST_ID)):
        response = client.get("/manage/people/", {"agency": odd})
        assert response.status_code == 200, odd
    listed = client.get("/manage/people/", {"agency": school.pk}).content.decode()
    assert "Sam Social Worker" in listed


def test_a_control_character_in_a_posted_form_or_a_cookie_is_a_400_page(
    admin: Person, school: Agency
) -> None:
    client = signed_in(admin)
    data = {"full_name": "Nul\x00Person", "email": "n@school.example", "agency": school.pk,
            "level": Level.PRACTITIONER}  # fmt: skip
    assert _refused(client.post(reverse("web:manage-person-add"), data))
    assert not Person.objects.filter(email="n@school.example").exists()
    cookie = Client()
    cookie.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert _refused(cookie.get("/sign-in/"))
    assert _refused(client.get(reverse("web:case-list"), HTTP_USER_AGENT="Mozilla\x00"))
    assert _refused(Client().get("/sign-in/", HTTP_X_FORWARDED_FOR="10.0.0.1\x01"))


def test_an_email_address_over_254_characters_is_a_form_error(
    admin: Person, school: Agency
) -> None:
    client = signed_in(admin)
    data = {"full_name": "Long Address", "email": TOO_LONG, "agency": school.pk,
            "level": Level.PRACTITIONER}  # fmt: skip
    response = client.post(reverse("web:manage-person-add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Enter an e-mail address of {EMAIL_LENGTH} characters or fewer" in html
    assert not Person.objects.filter(full_name="Long Address").exists()
    response = client.post(reverse("web:manage-person-add"), data | {"email": LONGEST})
    assert response.status_code == 302
    assert Person.objects.get(full_name="Long Address").email == LONGEST
    staff = {"email": TOO_LONG, "role": "business_manager", "full_name": "X"}
    html = client.post(reverse("web:manage-staff-add"), staff).content.decode()
    assert f"{EMAIL_LENGTH} characters or fewer" in html


def test_the_import_dry_run_reports_long_addresses_and_control_characters(
    admin: Person, school: Agency
) -> None:
    agencies = Agency.objects.filter(pk=school.pk)
    long_row = f"{TOO_LONG},Lou Long,,School,practitioner,no,"
    problems = plan_import(text=f"{HEADER}\n{long_row}\n", agencies=agencies).problems
    assert [(p.row, p.column) for p in problems] == [(2, "email")]
    assert f"{EMAIL_LENGTH} characters or fewer" in problems[0].message
    rows = ["ok@school.example,Ok,,School,practitioner,no,", "n\x00@x.example,N,,School,,no,"]
    nul = "\n".join([HEADER, *rows, ""])
    problems = plan_import(text=nul, agencies=agencies).problems
    assert [p.message for p in problems] == [
        "Line 3 of the file has a control character (such as NUL): remove it"
    ]
    file = SimpleUploadedFile("people.csv", nul.encode(), content_type="text/csv")
    response = signed_in(admin).post(reverse("web:manage-import"), {"file": file})
    assert response.status_code == 200
    assert "Line 3 of the file has a control character" in response.content.decode()
    assert not Person.objects.filter(full_name__in=["Ok", "N"]).exists()


def test_a_password_of_twenty_digits_signs_in_but_not_one_with_a_nul() -> None:
    digits = "73" * 12
    person = PersonFactory()
    person.set_password(digits)
    person.save()
    response = Client().post(reverse("account_login"), {"login": person.email, "password": digits})
    assert response.wsgi_request.user == person
    nul = Client().post(reverse("account_login"), {"login": person.email, "password": "a\x00b"})
    assert _refused(nul)
    assert _refused(Client().post(reverse("account_login"), {"login": digits, "password": "x"}))


def test_a_policy_whose_title_or_version_is_too_long_for_its_column_is_a_problem() -> None:
    admin = PartnershipRoleFactory(role="administrator", person__authenticator=True).person
    partnership = admin.partnership_roles.get().partnership
    text = own_text(partnership)
    text = text.replace('title = "', 'title = "' + "T" * 300, 1)
    text = text.replace('version = "2026-04"', 'version = "' + "9" * 51 + '"', 1)
    response = upload(signed_in(admin), text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "5: The version must be 50 characters or fewer" in html
    assert "6: The title must be 300 characters or fewer" in html
    assert not PolicyVersion.objects.filter(partnership=partnership).exists()
