"""The set-up pages: a site administrator creates a partnership; its administrator assigns the
policy's roles, sets closure days, reads the checklist and makes it live; nothing can be raised
before then."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.accounts.models import AdminEvent, AgencyKind, Person
from accord.cases.actions import CaseActionRejected
from accord.cases.models import CaseEvent
from accord.notifications.models import OutboxMessage
from accord.partnerships.models import Closure, Partnership, RoleAssignment
from tests.access.helpers import signed_in
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
)
from tests.partnerships.test_readiness import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory(live=False, name="Riverside Partnership")


@pytest.fixture
def admin(partnership: Partnership) -> Person:
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_a_site_administrator_creates_a_partnership_and_its_administrator() -> None:
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    client = signed_in(site_admin)
    url = reverse("web:manage-partnership-add")
    assert "<title>Create a partnership – Accord</title>" in html(client.get(url))
    response = client.post(
        url,
        {"name": "Riverside Safeguarding Children Partnership", "short_name": "RSCP",
         "slug": "riverside", "jurisdiction": "WLS", "admin_email": "ada@riverside.example",
         "admin_name": "Ada Admin"},
    )  # fmt: skip
    partnership = Partnership.objects.get(slug="riverside")
    assert response.headers["Location"] == reverse("web:manage-setup", args=[partnership.pk])
    assert (partnership.jurisdiction, partnership.short_name, partnership.live) == (
        "WLS", "RSCP", False,
    )  # fmt: skip
    ada = Person.objects.get(email="ada@riverside.example")
    assert ada.partnership_roles.get().role == "administrator"
    assert OutboxMessage.objects.get(to_address=ada.email).subject == (
        "Accord (RSCP): set up your account"
    )
    event = AdminEvent.objects.get(kind="partnership_created")
    assert (event.actor, event.partnership) == (site_admin, partnership)
    checklist = html(client.get(response.headers["Location"]))
    assert "has been created with Ada Admin as its administrator" in checklist
    assert "No procedure is in force" in checklist


def test_the_partnership_form_shows_every_problem_and_keeps_what_was_typed() -> None:
    client = signed_in(PersonFactory(agency=None, is_superuser=True, is_staff=True))
    response = client.post(
        reverse("web:manage-partnership-add"),
        {"name": "Riverside", "slug": "Not A Slug", "jurisdiction": "ENG",
         "short_name": "R", "admin_email": "new@riverside.example"},
    )  # fmt: skip
    page = html(response)
    assert "<title>Error: Create a partnership – Accord</title>" in page
    assert "The slug is lower-case letters" in page
    assert 'value="Not A Slug"' in page
    assert not Partnership.objects.exists()


def test_only_site_administrators_create_partnerships(admin: Person) -> None:
    assert signed_in(admin).get(reverse("web:manage-partnership-add")).status_code == 403


def test_the_checklist_lists_what_is_missing_and_going_live_is_refused(
    partnership: Partnership, admin: Person
) -> None:
    client = signed_in(admin)
    assert client.get(reverse("web:manage-setup-index")).headers["Location"] == reverse(
        "web:manage-setup", args=[partnership.pk]
    )
    page = html(client.get(reverse("web:manage-setup", args=[partnership.pk])))
    for missing in ("No procedure is in force", "No agencies yet", "Nobody works in its "
                    "agencies", "Nobody is its business manager"):  # fmt: skip
        assert missing in page
    assert "Make the partnership live" in page
    refused = client.post(reverse("web:manage-go-live", args=[partnership.pk]))
    assert refused.status_code == 400
    assert "cannot go live yet: 4 things on the checklist still to do" in html(refused)
    partnership.refresh_from_db()
    assert not partnership.live


def test_a_ready_partnership_goes_live_and_then_cases_can_be_raised(
    partnership: Partnership, admin: Person
) -> None:
    make_ready(partnership)
    client = signed_in(admin)
    assert "Nothing is missing." in html(
        client.get(reverse("web:manage-setup", args=[partnership.pk]))
    )
    response = client.post(reverse("web:manage-go-live", args=[partnership.pk]))
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.live
    assert "Riverside Partnership went live" in html(client.get(reverse("web:manage-changes")))


def test_nothing_can_be_raised_before_the_partnership_is_live(partnership: Partnership) -> None:
    PolicyVersionFactory(partnership=partnership)
    school = AgencyFactory(home_partnership=partnership, kind=AgencyKind.EDUCATION)
    start = signed_in(PersonFactory(agency=school)).get(reverse("web:raise-start"))
    assert "Riverside Partnership is not live yet" in html(start)
    assert "Start now" not in html(start)
    with pytest.raises(CaseActionRejected, match="not live yet"):
        OpenCaseFactory(partnership=partnership)


def test_a_live_partnership_stops_new_cases_and_its_open_cases_go_on(
    partnership: Partnership, admin: Person
) -> None:
    make_ready(partnership)
    client = signed_in(admin)
    client.post(reverse("web:manage-go-live", args=[partnership.pk]))
    partnership.refresh_from_db()
    open_case = OpenCaseFactory(partnership=partnership)
    stop = reverse("web:manage-stop-new-cases", args=[partnership.pk])
    assert stop in html(client.get(reverse("web:manage-setup", args=[partnership.pk])))
    blank = client.post(stop, {"reason": " "})
    assert "Say why new cases are stopped" in html(blank)
    partnership.refresh_from_db()
    assert partnership.live
    done = client.post(stop, {"reason": "The procedure is being rewritten"})
    assert done.status_code == 302
    partnership.refresh_from_db()
    assert not partnership.live
    event = AdminEvent.objects.get(kind="partnership_not_live", partnership=partnership)
    assert event.details == {"reason": "The procedure is being rewritten"}
    with pytest.raises(CaseActionRejected, match="not live yet"):
        OpenCaseFactory(partnership=partnership)
    holder = open_case.holdings.get(side="receiving").person
    page = signed_in(holder).get(reverse("web:case-detail", args=[open_case.reference]))
    assert page.status_code == 200
    assert reverse("web:case-respond", args=[open_case.reference]) in html(page)  # it goes on
    assert client.post(reverse("web:manage-go-live", args=[partnership.pk])).status_code == 302
    partnership.refresh_from_db()
    assert partnership.live


def test_the_alert_time_is_changed_on_its_page(partnership: Partnership, admin: Person) -> None:
    client = signed_in(admin)
    page = reverse("web:manage-alert-time", args=[partnership.pk])
    assert page in html(client.get(reverse("web:manage-setup", args=[partnership.pk])))
    assert 'value="09:00"' in html(client.get(page))
    wrong = client.post(page, {"at": "25:00"})
    assert "Alert time must be a real time" in html(wrong)
    assert "govuk-error-summary" in html(wrong)
    same = client.post(page, {"at": "9am"})
    assert "Alerts are already given at 09:00" in html(same)
    assert client.post(page, {"at": "10:30am"}).status_code == 302
    partnership.refresh_from_db()
    assert partnership.alert_time.isoformat() == "10:30:00"
    event = AdminEvent.objects.get(kind="alert_time_changed", partnership=partnership)
    assert event.details == {"before": "09:00", "after": "10:30"}


def test_assign_and_remove_a_policy_role(partnership: Partnership, admin: Person) -> None:
    make_ready(partnership)
    RoleAssignment.objects.filter(role_key="standards_manager").delete()
    school = partnership.home_agencies.get(kind=AgencyKind.EDUCATION)
    manager = PersonFactory(agency=school, email="standards@school.example")
    client = signed_in(admin)
    listing = html(client.get(reverse("web:manage-policy-roles", args=[partnership.pk])))
    assert "Nobody holds yet: Safeguarding Standards Manager." in listing
    add = reverse("web:manage-policy-role-add", args=[partnership.pk])
    refused = client.post(add, {"role_key": "practitioner", "email": manager.email})
    assert "Choose one of the policy" in html(refused)  # a stage holder's role is not assigned
    assert not RoleAssignment.objects.filter(role_key="practitioner").exists()
    outsider = client.post(add, {"role_key": "standards_manager", "email": "x@elsewhere.example"})
    assert "Nobody active with this e-mail address works for Riverside Partnership" in html(
        outsider
    )
    client.post(add, {"role_key": "standards_manager", "email": manager.email})
    assignment = RoleAssignment.objects.get(role_key="standards_manager")
    assert assignment.person == manager
    assert assignment.agency is None
    assert AdminEvent.objects.filter(kind="policy_role_added", target_person=manager).exists()
    client.post(reverse("web:manage-policy-role-remove", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(role_key="standards_manager").exists()
    assert AdminEvent.objects.filter(kind="policy_role_removed").exists()


def test_another_partnerships_administrator_cannot_set_it_up(partnership: Partnership) -> None:
    other = PartnershipRoleFactory(role="administrator").person
    client = signed_in(other)
    for name in ("web:manage-setup", "web:manage-closures", "web:manage-policy-roles"):
        assert client.get(reverse(name, args=[partnership.pk])).status_code == 403
    closure = Closure.objects.create(partnership=partnership, date=date(2026, 12, 24), reason="X")
    assert client.post(reverse("web:manage-closure-remove", args=[closure.pk])).status_code == 403
    assert Closure.objects.filter(pk=closure.pk).exists()


@time_machine.travel(RAISED_AT + timedelta(hours=2), tick=False)
def test_a_closure_day_moves_open_deadlines_and_is_recorded() -> None:
    case = OpenCaseFactory()  # raised on Monday 1 June 2026: its response is due on the 2nd
    partnership = case.partnership
    admin = PartnershipRoleFactory(partnership=partnership, role="administrator").person
    response_due = case.deadlines.get(key="stage:1/step:response")
    assert response_due.due_on == date(2026, 6, 2)
    client = signed_in(admin)
    response = client.post(
        reverse("web:manage-closure-add", args=[partnership.pk]),
        {"day_day": "2", "day_month": "6", "day_year": "2026", "reason": "Staff training day"},
    )
    assert response.status_code == 302
    response_due.refresh_from_db()
    assert response_due.due_on == date(2026, 6, 3)
    assert CaseEvent.objects.filter(case=case, kind="deadlines_recomputed").exists()
    assert AdminEvent.objects.filter(kind="closure_added", partnership=partnership).exists()
    closure = Closure.objects.get(partnership=partnership, date=date(2026, 6, 2))
    client.post(reverse("web:manage-closure-remove", args=[closure.pk]))
    assert not Closure.objects.filter(pk=closure.pk).exists()
    assert AdminEvent.objects.filter(kind="closure_removed").exists()
    response_due.refresh_from_db()
    assert response_due.due_on == date(2026, 6, 2)


def test_a_closure_day_twice_is_refused_on_its_field(
    partnership: Partnership, admin: Person
) -> None:
    Closure.objects.create(partnership=partnership, date=date(2026, 12, 24), reason="Christmas")
    response = signed_in(admin).post(
        reverse("web:manage-closure-add", args=[partnership.pk]),
        {"day_day": "24", "day_month": "12", "day_year": "2026", "reason": "Again"},
    )
    assert "24 December 2026 is already a closure day" in html(response)
    assert Closure.objects.filter(partnership=partnership).count() == 1


def test_a_site_administrator_sees_every_partnership_to_set_up() -> None:
    PartnershipFactory(name="Live One")
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    page = html(signed_in(site_admin).get(reverse("web:manage-setup-index")))
    assert "Live One" in page
    assert "Create a partnership" in page


def test_a_site_administrator_is_offered_set_up_in_the_navigation() -> None:
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    page = html(signed_in(site_admin).get(reverse("web:case-list")))
    assert f'href="{reverse("web:manage-setup-index")}"' in page
    page = html(signed_in(PersonFactory()).get(reverse("web:case-list")))
    assert reverse("web:manage-setup-index") not in page


def test_the_import_page_gives_the_roles_its_file_names(
    partnership: Partnership, admin: Person
) -> None:
    PolicyVersionFactory(partnership=partnership)
    AgencyFactory(home_partnership=partnership, name="School")
    client = signed_in(admin)
    text = (
        "email,full_name,agency,level,roles\n"
        "head@school.example,Hana Head,School,director,Safeguarding Standards Manager\n"
    )
    upload = SimpleUploadedFile("people.csv", text.encode("utf-8"), content_type="text/csv")
    check = html(client.post(reverse("web:manage-import"), {"file": upload}))
    assert "director, standards_manager" in check
    client.post(reverse("web:manage-import-confirm"), {"text": text, "partnership": partnership.pk})
    head = Person.objects.get(email="head@school.example")
    assert list(RoleAssignment.objects.filter(person=head).values_list("role_key", flat=True)) == [
        "standards_manager"
    ]
    page = html(client.get(reverse("web:manage-policy-roles", args=[partnership.pk])))
    assert "Hana Head" in page
