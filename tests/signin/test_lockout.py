"""Lock-out (django-axes): 5 wrong passwords for an address from one place lock it out for
30 minutes."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def attempt(email: str, password: str, ip: str = "192.0.2.10") -> object:
    return Client(REMOTE_ADDR=ip).post(
        reverse("account_login"), {"login": email, "password": password}
    )


def test_five_failures_lock_the_address_from_that_place_for_30_minutes() -> None:
    person = PersonFactory(email="sam@school.example")
    for _ in range(4):
        response = attempt(person.email, "wrong")
        assert response.status_code == 200  # type: ignore[attr-defined]
    locked = attempt("Sam@School.example", "wrong")  # the same address, however written
    assert locked.status_code == 429  # type: ignore[attr-defined]
    html = locked.content.decode()  # type: ignore[attr-defined]
    assert "<title>You cannot sign in for 30 minutes – Accord</title>" in html
    assert "reset your password" in html
    assert person.email not in html

    # Even the right password is refused while locked ...
    assert attempt(person.email, PASSWORD).status_code == 429  # type: ignore[attr-defined]
    # ... but only for that address from that place.
    elsewhere = attempt(person.email, PASSWORD, ip="198.51.100.7")
    assert elsewhere.status_code == 302  # type: ignore[attr-defined]
    assert attempt("someone.else@school.example", "wrong").status_code == 200  # type: ignore[attr-defined]

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert attempt(person.email, PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_an_address_with_no_account_locks_the_same_way() -> None:
    """The lock-out says nothing about whether an account exists."""
    for _ in range(4):
        attempt("nobody@school.example", "wrong")
    assert attempt("nobody@school.example", "wrong").status_code == 429  # type: ignore[attr-defined]


def test_a_success_clears_the_failures() -> None:
    person = PersonFactory()
    for _ in range(4):
        attempt(person.email, "wrong")
    assert attempt(person.email, PASSWORD).status_code == 302  # type: ignore[attr-defined]
    assert not AccessAttempt.objects.filter(username=person.email).exists()
    for _ in range(4):
        assert attempt(person.email, "wrong").status_code == 200  # type: ignore[attr-defined]


def test_the_logs_never_name_the_address(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        attempt("sam@school.example", "wrong")
    assert "sam@school.example" not in caplog.text
    assert "192.0.2.10" in caplog.text  # where from, for whoever looks into it
