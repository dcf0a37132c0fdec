"""`make serve`'s sign-in help: which procedure each demo partnership runs, and every demo
account that has a part in it (an address at the first partnership stands for the same address
at each of the others)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accord.accounts.models import Person
from accord.demo.people import EMAIL_DOMAIN_SUFFIX, PARTNERSHIPS
from accord.demo.signin import sign_in_help
from accord.partnerships.models import Partnership
from accord.partnerships.policies import policy_of

pytestmark = pytest.mark.django_db


def test_the_help_names_each_partnerships_procedure_and_every_account() -> None:
    call_command("seed_demo", today="2026-11-23", stdout=StringIO())
    shown = sign_in_help()
    for partnership in Partnership.objects.filter(slug__in=[p[1] for p in PARTNERSHIPS]):
        version = partnership.policy_versions.first()
        assert version is not None
        assert f"{partnership.name}\n      runs: {policy_of(version).title}" in shown
    example = f"{PARTNERSHIPS[0][3]}{EMAIL_DOMAIN_SUFFIX}"
    people = Person.objects.filter(is_active=True, email__endswith=EMAIL_DOMAIN_SUFFIX)
    assert people.count() > 100
    for person in people:
        local = person.email.split("@")[0]
        assert person.email in shown or f"{local}@{example}" in shown, person.email
