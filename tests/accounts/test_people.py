"""People sign in by e-mail, matched without regard to case."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from accord.accounts.models import Person

pytestmark = pytest.mark.django_db


def test_the_user_model_is_person() -> None:
    assert get_user_model() is Person


def test_create_user_stores_the_address_in_lower_case_and_signs_in_by_it() -> None:
    person = Person.objects.create_user(
        "Sam.Jones@Police.Example", "a long password", full_name="Sam"
    )
    assert person.email == "sam.jones@police.example"
    # Every real sign-in has a request: django-axes needs it to count failures.
    request = RequestFactory().post("/sign-in/")
    signed_in = authenticate(
        request, username="SAM.JONES@police.example", password="a long password"
    )
    assert signed_in == person
    assert authenticate(request, username="sam.jones@police.example", password="wrong") is None


def test_create_superuser_is_staff() -> None:
    admin = Person.objects.create_superuser("admin@accord.example", "pw", full_name="Admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.agency is None
