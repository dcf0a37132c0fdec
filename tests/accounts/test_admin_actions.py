"""The administrators' actions: scoped to their partnership, one transaction, logged, refused
with a message (and nothing written) otherwise."""

from __future__ import annotations

from datetime import datetime

import pytest

from accord.accounts import actions
from accord.accounts.actions import AdminActionRejected
from accord.accounts.models import (
    AdminEvent,
    AdminEventAppendOnly,
    Agency,
    Level,
    PartnershipRole,
    Person,
)
from accord.engine.london import LONDON
from tests.factories import AgencyFactory, PartnershipFactory, PartnershipRoleFactory, PersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(role="administrator").person


def partnership_of(admin: Person) -> object:
    return admin.partnership_roles.get().partnership


def writes() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Agency.objects.count(),
        PartnershipRole.objects.count(),
        AdminEvent.objects.count(),
    )


def refused(call: object, **kwargs: object) -> AdminActionRejected:
    before = writes()
    with pytest.raises(AdminActionRejected) as refusal:
        call(**kwargs)  # type: ignore[operator]
    assert writes() == before
    return refusal.value


def test_create_and_update_an_agency_logs_each_change(admin: Person) -> None:
    home = partnership_of(admin)
    neighbour = PartnershipFactory()
    agency = actions.create_agency(
        actor=admin, partnership=home, name=" Riverside School ", kind="education", now=NOW
    )
    assert agency.name == "Riverside School"
    assert set(agency.serves.all()) == {home}
    actions.update_agency(
        actor=admin, agency=agency, name="Riverside Academy", kind="education",
        serves=[neighbour], now=NOW,
    )  # fmt: skip
    assert set(agency.serves.all()) == {home, neighbour}
    changed = AdminEvent.objects.get(kind="agency_changed")
    assert changed.details["name"] == ["Riverside School", "Riverside Academy"]
    assert changed.actor == admin


def test_agency_names_are_unique_in_a_partnership(admin: Person) -> None:
    home = partnership_of(admin)
    AgencyFactory(home_partnership=home, name="Police")
    error = refused(
        actions.create_agency, actor=admin, partnership=home, name="police", kind="police",
        now=NOW,
    )  # fmt: skip
    assert error.field == "name"


def test_administrators_change_only_their_own_partnership(admin: Person) -> None:
    theirs = AgencyFactory()
    refused(actions.create_agency, actor=admin, partnership=theirs.home_partnership, name="X",
            kind="other", now=NOW)  # fmt: skip
    refused(actions.update_agency, actor=admin, agency=theirs, name="X", kind="other", serves=[],
            now=NOW)  # fmt: skip
    refused(actions.create_person, actor=admin, email="a@b.example", full_name="A",
            agency=theirs, level=Level.PRACTITIONER, now=NOW)  # fmt: skip
    refused(actions.set_person_active, actor=admin, person=PersonFactory(agency=theirs),
            active=False, now=NOW)  # fmt: skip
    business_manager = PartnershipRoleFactory(
        partnership=partnership_of(admin), role="business_manager"
    ).person
    refused(actions.create_agency, actor=business_manager, partnership=partnership_of(admin),
            name="Y", kind="other", now=NOW)  # fmt: skip


def test_create_a_person_with_a_line_manager_in_the_same_agency(admin: Person) -> None:
    agency = AgencyFactory(home_partnership=partnership_of(admin))
    manager = PersonFactory(agency=agency, level=Level.FIRST_LINE_MANAGER)
    person = actions.create_person(
        actor=admin, email="New.Starter@School.Example", full_name="New Starter",
        agency=agency, level=Level.PRACTITIONER, line_manager=manager, now=NOW,
    )  # fmt: skip
    assert person.email == "new.starter@school.example"
    assert not person.has_usable_password()
    assert person.line_manager == manager
    event = AdminEvent.objects.get(kind="person_added")
    assert event.target_person == person
    other = PersonFactory(agency=AgencyFactory(home_partnership=partnership_of(admin)))
    error = refused(
        actions.create_person, actor=admin, email="x@y.example", full_name="X", agency=agency,
        level=Level.PRACTITIONER, line_manager=other, now=NOW,
    )  # fmt: skip
    assert error.field == "line_manager"
    error = refused(
        actions.create_person, actor=admin, email="NEW.starter@school.example", full_name="X",
        agency=agency, level=Level.PRACTITIONER, now=NOW,
    )  # fmt: skip
    assert (error.field, error.message) == (
        "email", "There is already an account with this e-mail address",
    )  # fmt: skip


def test_a_line_manager_loop_is_refused(admin: Person) -> None:
    agency = AgencyFactory(home_partnership=partnership_of(admin))
    top = PersonFactory(agency=agency)
    middle = PersonFactory(agency=agency, line_manager=top)
    bottom = PersonFactory(agency=agency, line_manager=middle)
    error = refused(
        actions.update_person, actor=admin, person=top, email=top.email, full_name=top.full_name,
        job_title="", agency=agency, level=top.level, is_safeguarding_lead=False,
        line_manager=bottom, now=NOW,
    )  # fmt: skip
    assert "loop" in error.message


def test_someone_who_manages_others_keeps_their_agency(admin: Person) -> None:
    agency = AgencyFactory(home_partnership=partnership_of(admin))
    other = AgencyFactory(home_partnership=partnership_of(admin))
    manager = PersonFactory(agency=agency)
    PersonFactory(agency=agency, line_manager=manager)
    error = refused(
        actions.update_person, actor=admin, person=manager, email=manager.email,
        full_name=manager.full_name, job_title="", agency=other, level=manager.level,
        is_safeguarding_lead=False, line_manager=None, now=NOW,
    )  # fmt: skip
    assert error.field == "agency"


def test_deactivate_and_reactivate(admin: Person) -> None:
    person = PersonFactory(agency=AgencyFactory(home_partnership=partnership_of(admin)))
    actions.set_person_active(actor=admin, person=person, active=False, now=NOW)
    person.refresh_from_db()
    assert not person.is_active
    assert Person.objects.filter(pk=person.pk).exists()  # never deleted
    actions.set_person_active(actor=admin, person=person, active=True, now=NOW)
    assert [e.kind for e in AdminEvent.objects.order_by("pk")] == [
        "person_deactivated", "person_reactivated",
    ]  # fmt: skip
    refused(actions.set_person_active, actor=admin, person=admin, active=False, now=NOW)


def test_staff_roles(admin: Person) -> None:
    home = partnership_of(admin)
    chair = actions.add_staff_role(
        actor=admin, partnership=home, email="chair@independent.example",
        role="independent_chair", full_name="Ada Chair", now=NOW,
    )  # fmt: skip
    assert chair.person.agency is None
    error = refused(
        actions.add_staff_role, actor=admin, partnership=home, email="nobody@x.example",
        role="panel_member", now=NOW,
    )  # fmt: skip
    assert error.field == "full_name"
    outsider = PersonFactory()  # an agency that does not serve this partnership
    refused(actions.add_staff_role, actor=admin, partnership=home, email=outsider.email,
            role="panel_member", now=NOW)  # fmt: skip
    refused(actions.add_staff_role, actor=admin, partnership=home,
            email="chair@independent.example", role="independent_chair", now=NOW)  # fmt: skip
    actions.remove_staff_role(actor=admin, role=chair, now=NOW)
    assert not PartnershipRole.objects.filter(pk=chair.pk).exists()
    last = admin.partnership_roles.get()
    error = refused(actions.remove_staff_role, actor=admin, role=last, now=NOW)
    assert "at least one" in error.message


def test_the_administration_log_is_append_only(admin: Person) -> None:
    actions.create_agency(
        actor=admin, partnership=partnership_of(admin), name="A", kind="other", now=NOW
    )
    event = AdminEvent.objects.get()
    with pytest.raises(AdminEventAppendOnly):
        event.save()
    with pytest.raises(AdminEventAppendOnly):
        event.delete()
    with pytest.raises(AdminEventAppendOnly):
        AdminEvent.objects.all().update(summary="x")
    with pytest.raises(AdminEventAppendOnly):
        AdminEvent.objects.all().delete()
