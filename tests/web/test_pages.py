"""The pages: sign-in, the case list, the case page (logged), errors and the health check."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from accord.cases.models import AccessLog, Case
from tests.factories import PASSWORD, EscalatedCaseFactory, OpenCaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_sign_in_with_email_and_password() -> None:
    person = PersonFactory(email="Amara.Okafor@School.example")
    page = Client().get(reverse("web:sign-in"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en-GB">' in html
    assert 'href="#main-content"' in html
    assert '<label for="id_username">Email address</label>' in html
    response = Client().post(
        reverse("web:sign-in"), {"username": "amara.okafor@school.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("web:case-list")
    assert response.wsgi_request.user == person


def test_wrong_password_says_what_to_do() -> None:
    PersonFactory(email="x@school.example")
    response = Client().post(
        reverse("web:sign-in"), {"username": "x@school.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter the email address and password" in response.content.decode()


def test_pages_need_sign_in() -> None:
    response = Client().get(reverse("web:case-list"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("web:sign-in"))


def test_case_list_shows_visible_cases_without_the_childs_name() -> None:
    mine = OpenCaseFactory(subject_name="Zebedee Quartermaine")
    theirs = OpenCaseFactory()
    response = signed_in(mine.raised_by).get(reverse("web:case-list"))
    html = response.content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert "Zebedee" not in html
    assert "<title>Your cases - Accord</title>" in html
    assert "2 June 2026" in html  # the next due date: stage 1's step `response`


def test_case_page_shows_the_case_and_logs_the_view() -> None:
    case = EscalatedCaseFactory(to_stage=2, subject_name="Zebedee Quartermaine")
    client = signed_in(case.raised_by)
    response = client.get(
        reverse("web:case-detail", args=[case.reference]), REMOTE_ADDR="192.0.2.7"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{case.reference} - Accord</title>" in html
    assert "Zebedee" not in html
    assert "Escalated from stage 1 to stage 2" in html
    log = AccessLog.objects.get()
    assert (log.person, log.case, log.ip_address) == (case.raised_by, case, "192.0.2.7")


def test_case_page_is_a_plain_404_for_someone_without_access() -> None:
    case = OpenCaseFactory()
    response = signed_in(PersonFactory()).get(reverse("web:case-detail", args=[case.reference]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert not AccessLog.objects.exists()


def _with_events(case: Case, extra: int) -> None:
    """Add `extra` timeline events (task records) to the case, chained like the real ones."""
    from accord.cases.audit import append_event

    last = case.events.order_by("sequence").last()
    for n in range(extra):
        last = append_event(
            case=case, previous=last, kind="task_added", actor=case.raised_by,
            at=case.last_event_at, payload={"type": "task_added", "n": n}, summary="Task added",
        )  # fmt: skip


@pytest.mark.parametrize("events", [5, 500])
def test_case_page_queries_do_not_grow_with_the_timeline(
    events: int, django_assert_max_num_queries: Any
) -> None:
    case = EscalatedCaseFactory(to_stage=3)
    _with_events(case, events - case.events.count())
    assert case.events.count() == events
    client = signed_in(case.raised_by)
    client.get(reverse("web:case-list"))  # warm the session
    with django_assert_max_num_queries(7):  # session, person, case, holders, deadlines, events, log
        response = client.get(reverse("web:case-detail", args=[case.reference]))
    assert response.status_code == 200


@pytest.mark.parametrize("cases", [2, 30])
def test_case_list_queries_do_not_grow_with_the_cases(
    cases: int, django_assert_max_num_queries: Any
) -> None:
    first = OpenCaseFactory()
    staff = PersonFactory(agency=first.receiving_agency, is_safeguarding_lead=True)
    for _ in range(cases - 1):
        OpenCaseFactory(
            partnership=first.partnership,
            policy_version=first.policy_version,
            raising_agency=first.raising_agency,
            receiving_agency=first.receiving_agency,
        )
    client = signed_in(staff)
    with django_assert_max_num_queries(3):  # session, person, the cases with their next due
        response = client.get(reverse("web:case-list"))
    assert response.content.decode().count('<a href="/cases/ACC-2026-') == cases


def test_healthz_ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_down() -> None:
    with mock.patch("accord.web.views.health.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_a_server_error_shows_no_stack_trace() -> None:
    client = Client(raise_request_exception=False)
    person = PersonFactory()
    client.force_login(person)
    with mock.patch("accord.web.views.cases.case_list_for", side_effect=RuntimeError("boom")):
        response = client.get(reverse("web:case-list"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html
    assert "boom" not in html


def test_admin_lists_subjects_without_their_names() -> None:
    case = OpenCaseFactory(subject_name="Zebedee Quartermaine")
    admin = PersonFactory(agency=None, is_staff=True, is_superuser=True)
    client = signed_in(admin)
    listing = client.get("/admin/cases/subject/")
    assert listing.status_code == 200
    assert "Zebedee" not in listing.content.decode()
    cases = client.get("/admin/cases/case/")
    assert case.reference in cases.content.decode()
