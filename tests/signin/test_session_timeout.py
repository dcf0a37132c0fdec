"""The session ends after 30 minutes without a request, and 12 hours after signing in however
active, on the server (no JavaScript needed); pages carry the warning dialog's figures, and
"Stay signed in" counts as activity but never outlasts the 12 hours."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OpenCaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_and_the_page_says_why() -> None:
    case = OpenCaseFactory()
    client = Client()
    client.force_login(case.raised_by)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=29)):
        assert client.get("/cases/").status_code == 200  # activity: the half hour starts again
    with time_machine.travel(start + timedelta(minutes=58)):
        assert client.get("/cases/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89)):
        response = client.get(f"/cases/{case.reference}/")
        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"{reverse('web:session-ended')}?next=%2Fcases%2F{case.reference}%2F"
        )
        page = client.get(response.headers["Location"])
        html = page.content.decode()
        assert "<title>You have been signed out – Accord</title>" in html
        assert "You did not use Accord for 30 minutes" in html
        assert f'href="/sign-in/?next=%2Fcases%2F{case.reference}%2F"' in html
        assert not page.wsgi_request.user.is_authenticated
        assert client.get("/cases/").headers["Location"].startswith("/sign-in/")


def test_a_form_sent_after_the_timeout_is_not_accepted() -> None:
    person = PersonFactory()
    client = Client()
    client.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.post(reverse("web:notifications-read"))
        assert response.headers["Location"] == reverse("web:session-ended")


def test_pages_carry_the_warning_with_the_time_left() -> None:
    client = Client()
    client.force_login(PersonFactory())
    html = client.get("/cases/").content.decode()
    dialog = re.search(r"<dialog [^>]*>", html)
    assert dialog is not None
    assert 'aria-labelledby="accord-timeout-heading"' in dialog.group(0)
    expires_in = re.search(r'data-expires-in="(\d+)"', dialog.group(0))
    assert expires_in is not None
    assert 1740 <= int(expires_in.group(1)) <= 1800
    assert 'data-warn-before="120"' in dialog.group(0)
    assert re.search(
        r'<script type="module" src="/static/accord/js/session-timeout.js" nonce="', html
    )
    # Nobody signed in, no warning.
    assert "accord-timeout-dialog" not in Client().get(reverse("web:sign-in")).content.decode()


def test_stay_signed_in_counts_as_activity_but_asking_does_not() -> None:
    client = Client()
    client.force_login(PersonFactory())
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=20)):
        asked = client.get(reverse("web:session-keep-alive"))
        assert asked.json()["expires_in"] == pytest.approx(600, abs=2)
        stayed = client.post(reverse("web:session-keep-alive"))
        assert stayed.json() == {"signed_in": True, "expires_in": 1800}
    with time_machine.travel(start + timedelta(minutes=45)):
        assert client.get("/cases/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=80)):
        ended = client.get(reverse("web:session-keep-alive"))
        assert ended.status_code == 401
        assert ended.json() == {"signed_in": False}


def test_the_warnings_end_form_signs_out() -> None:
    client = Client()
    client.force_login(PersonFactory())
    response = client.post(reverse("web:session-ended"), {"next": "/cases/"})
    assert response.headers["Location"] == f"{reverse('web:session-ended')}?next=%2Fcases%2F"
    assert client.get("/cases/").status_code == 302


def test_a_page_does_not_write_the_session_each_time() -> None:
    """The last activity is kept to the minute: an ordinary page adds no query."""
    client = Client()
    client.force_login(PersonFactory())
    client.get("/cases/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/cases/")
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == []


def test_an_active_session_still_ends_twelve_hours_after_signing_in() -> None:
    client = Client()
    client.force_login(PersonFactory())
    start = timezone.now()
    with time_machine.travel(start):
        assert client.get("/cases/").status_code == 200  # the session's first request
    for minutes in range(20, 12 * 60, 20):  # a page every 20 minutes: never idle
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/cases/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, seconds=1)):
        response = client.get("/cases/")
        assert response.headers["Location"] == (
            f"{reverse('web:session-ended')}?next=%2Fcases%2F&reason=limit"
        )
        html = client.get(response.headers["Location"]).content.decode()
        assert "You signed in 12 hours ago, the longest anyone stays signed in" in html
        assert "You did not use Accord" not in html
        assert client.get("/cases/").headers["Location"].startswith("/sign-in/")


def test_the_time_left_never_goes_past_the_sessions_end() -> None:
    client = Client()
    client.force_login(PersonFactory())
    start = timezone.now()
    for minutes in range(0, 11 * 60 + 50, 25):  # active all day
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/cases/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=11, minutes=50)):
        html = client.get("/cases/").content.decode()
        expires_in = re.search(r'data-expires-in="(\d+)"', html)
        assert expires_in is not None
        assert 595 <= int(expires_in.group(1)) <= 600  # ten minutes, not the idle thirty
        stayed = client.post(reverse("web:session-keep-alive"))
        assert stayed.json()["expires_in"] == pytest.approx(600, abs=5)
