"""`seed_demo` loads every policy, people at every level and cases in every state."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Person
from accord.cases.chain import verify
from accord.cases.models import Case
from accord.demo.people import PARTNERSHIPS
from accord.demo.signin import DEMO_PASSWORD
from accord.partnerships.models import BankHoliday, Partnership

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]


def test_seed_demo_makes_cases_in_every_state_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", today="2026-11-23", stdout=out)
    assert Partnership.objects.count() == len(PARTNERSHIPS)
    # the Welsh board's working days leave out the bank holidays of Wales
    wales = Partnership.objects.get(slug="cwm-taf-morgannwg-demo")
    assert wales.jurisdiction == "WLS"
    assert BankHoliday.objects.filter(jurisdiction="WLS", date=date(2026, 12, 28)).exists()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= {"open", "resolved", "signed_off", "referred", "closed", "withdrawn"}
    assert Case.objects.filter(urgent=True).count() >= 5
    overdue = Case.objects.filter(
        status="open", deadlines__done_at__isnull=True, deadlines__due_on__lt=date(2026, 11, 23)
    )
    assert overdue.exists()
    for partnership in Partnership.objects.all():
        top = max(c.stage for c in partnership.cases.all())
        open_stages = set(partnership.cases.filter(status="open").values_list("stage", flat=True))
        assert open_stages == set(range(1, top + 1)), partnership.slug
    assert all(not list(verify(case.reference)) for case in Case.objects.all()[:10])
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    admin = Person.objects.get(is_superuser=True)
    assert admin.email in text
    assert admin.check_password(DEMO_PASSWORD)

    cases = Case.objects.count()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already loaded" in again.getvalue()
    assert Case.objects.count() == cases

    call_command("seed_demo", reset=True, today="2026-11-23", stdout=StringIO())
    assert Case.objects.count() == cases
    assert Partnership.objects.count() == len(PARTNERSHIPS)


def test_a_bad_date_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_demo", today="23/11/2026", stdout=StringIO())
    assert not Partnership.objects.exists()


def test_demo_people_sign_in_with_the_demo_authenticator_code() -> None:
    from django.test import Client

    from accord.demo.two_factor import DEMO_TOTP_SECRET, current_code
    from tests.signing_in import secret_of

    out = StringIO()
    call_command("seed_demo", today="2026-11-23", stdout=out)
    assert "demo_totp" in out.getvalue()
    assert DEMO_TOTP_SECRET in out.getvalue()
    admin = Person.objects.get(is_superuser=True)
    assert secret_of(admin) == DEMO_TOTP_SECRET
    assert all(secret_of(p) == DEMO_TOTP_SECRET for p in Person.objects.all()[:20])

    code = StringIO()
    call_command("demo_totp", admin.email, stdout=code, stderr=StringIO())
    assert code.getvalue().strip() == current_code()[0]

    client = Client()
    client.post("/sign-in/", {"login": admin.email, "password": DEMO_PASSWORD})
    response = client.post("/two-factor/code/", {"code": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200


def test_demo_totp_refuses_people_who_are_not_demo_people() -> None:
    from tests.factories import PersonFactory
    from tests.signing_in import give_authenticator

    person = PersonFactory()
    give_authenticator(person)
    with pytest.raises(CommandError, match="only gives codes for the demo accounts"):
        call_command("demo_totp", person.email, stdout=StringIO(), stderr=StringIO())
