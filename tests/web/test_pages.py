"""The pages: sign-in, the case list, the case page (logged), errors and the health check."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from accord.cases.models import AccessLog, Case
from tests.factories import (
    PASSWORD,
    ClosedCaseFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    SignedOffCaseFactory,
    WithdrawnCaseFactory,
)
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_sign_in_with_email_password_and_authenticator_code() -> None:
    person = PersonFactory(email="Amara.Okafor@School.example")
    secret = give_authenticator(person)
    client = Client()
    page = client.get(reverse("web:sign-in"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert 'href="#main-content"' in html
    assert re.search(r'<label class="govuk-label" for="id_login">\s*Email address\s*</label>', html)
    assert "<title>Sign in – Accord</title>" in html
    response = client.post(
        reverse("web:sign-in"), {"login": "amara.okafor@school.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert not response.wsgi_request.user.is_authenticated  # not until the second factor
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("web:case-list")
    assert response.wsgi_request.user == person


def test_wrong_password_says_what_to_do() -> None:
    PersonFactory(email="x@school.example")
    response = Client().post(
        reverse("web:sign-in"), {"login": "x@school.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_pages_need_sign_in() -> None:
    response = Client().get(reverse("web:case-list"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("web:sign-in"))


def test_case_list_shows_visible_cases_without_the_childs_name() -> None:
    mine = OpenCaseFactory(subject_name="Zebedee Quartermaine")
    theirs = OpenCaseFactory()
    response = signed_in(mine.raised_by).get(reverse("web:cases-all"))
    html = response.content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert "Zebedee" not in html
    assert "<title>All my cases – Your cases – Accord</title>" in html
    assert "2 June 2026" in html  # the next due date: stage 1's step `response`


def test_case_page_shows_the_case_and_logs_the_view() -> None:
    case = EscalatedCaseFactory(to_stage=2, subject_name="Zebedee Quartermaine")
    client = signed_in(case.raised_by)
    response = client.get(
        reverse("web:case-detail", args=[case.reference]), REMOTE_ADDR="192.0.2.7"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Overview – {case.reference} – Accord</title>" in html
    assert "Zebedee" not in html.split("<main")[0]  # the name is shown only under "About"
    assert html.count("Zebedee") == 1
    assert "Now at stage 2: First line managers" in html
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
    # session, person, case, holders, deadlines, events, log, the header's unread count, the
    # person's partnership roles (the access rules: remembered for the whole request), the
    # calendar (the overview replays the case) and its subject: at most 15 (tests/web/
    # test_case_page.py counts every section, with advisers and an outcome)
    with django_assert_max_num_queries(15):
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
    # session, person, the cases with their next due, the header's unread count, the
    # person's partnership roles (the navigation's administration link; the access rules),
    # the bank holidays (what is due soon), the five queues' counts (tests/web/test_queues.py)
    # and the partnership's default language (someone who has not chosen one: decision 35)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("web:cases-all"))
    assert response.content.decode().count('href="/cases/ACC-2026-') == cases


def test_healthz_ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_down() -> None:
    with mock.patch(
        "accord.web.operations.checks.connection.cursor", side_effect=DatabaseError("down")
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_a_server_error_shows_no_stack_trace() -> None:
    client = Client(raise_request_exception=False)
    person = PersonFactory()
    client.force_login(person)
    with mock.patch("accord.web.views.queues.queue_cases", side_effect=RuntimeError("boom")):
        response = client.get(reverse("web:case-list"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html
    assert "boom" not in html


def test_the_admin_has_no_subjects_and_lists_cases_without_their_names() -> None:
    case = OpenCaseFactory(subject_name="Zebedee Quartermaine")
    admin = PersonFactory(agency=None, is_staff=True, is_superuser=True)
    client = signed_in(admin)
    assert client.get("/admin/cases/subject/").status_code == 404  # tests/web/test_admin.py
    cases = client.get("/admin/cases/case/").content.decode()
    assert case.reference in cases
    assert "Zebedee" not in cases


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email() -> None:
    PersonFactory(email="x@school.example")
    response = Client().post(
        reverse("web:sign-in"), {"login": "x@school.example", "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – Accord</title>" in html
    summary = html[html.index('<div class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    assert "There is a problem" in summary
    assert "Enter a correct email address and password" in summary
    assert re.search(r'<input [^>]*name="login"[^>]*value="x@school.example"', html)
    assert 'value="wrong"' not in html
    assert "autofocus" not in html  # the error summary takes the focus


def test_sign_in_field_errors_are_linked_from_the_summary() -> None:
    response = Client().post(reverse("web:sign-in"), {"login": "not-an-address", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_login">Enter an email address in the correct format' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="id_login_error" class="govuk-error-message"' in html
    assert 'class="govuk-input govuk-!-width-two-thirds govuk-input--error"' in html
    assert 'value="not-an-address"' in html
    assert "This field is required" not in html


def test_the_case_list_says_no_date_set_for_a_case_without_a_due_date() -> None:
    case = ResolvedCaseFactory()
    assert not case.deadlines.filter(done_at__isnull=True).exclude(status="dropped").exists()
    html = signed_in(case.raised_by).get(reverse("web:case-list")).content.decode()
    assert "No date set" in html
    assert "None" not in html


def test_the_case_list_words_each_status_and_flags_urgent_and_overdue() -> None:
    factories = {
        "Open": OpenCaseFactory,
        "Resolved – awaiting sign-off": ResolvedCaseFactory,
        "Signed off": SignedOffCaseFactory,
        "Closed": ClosedCaseFactory,
        "Withdrawn": WithdrawnCaseFactory,
        "Referred to the partnership": ReferredCaseFactory,
    }
    partnership = PartnershipFactory()
    manager = PersonFactory(agency=None)
    PartnershipRoleFactory(person=manager, partnership=partnership)
    for make in factories.values():
        make(partnership=partnership)
    OpenCaseFactory(partnership=partnership, urgent=True, reason="Risk of harm tonight")
    html = signed_in(manager).get(reverse("web:cases-all")).content.decode()
    for words in factories:
        assert re.search(rf'<strong class="govuk-tag[^"]*">{re.escape(words)}</strong>', html), (
            words
        )
    assert "signed_off" not in html
    assert "resolved<" not in html
    assert '<strong class="govuk-tag govuk-tag--pink">Urgent</strong>' in html
    # The open cases' first deadlines (June 2026) have passed: `today` is later in these tests.
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_the_case_page_uses_the_govuk_components() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    html = (
        signed_in(case.raised_by)
        .get(reverse("web:case-detail", args=[case.reference]))
        .content.decode()
    )
    assert '<dl class="govuk-summary-list">' in html
    assert '<strong class="govuk-tag">Open</strong>' in html
    assert '<nav class="moj-sub-navigation"' in html
    client = signed_in(case.raised_by)
    html = client.get(reverse("web:case-deadlines", args=[case.reference])).content.decode()
    assert html.count('<table class="govuk-table govuk-table--small-text-until-tablet">') == 1
    assert "No longer applies" in html  # stage 1's deadlines were dropped on escalation
    html = client.get(reverse("web:case-timeline", args=[case.reference])).content.decode()
    assert '<div class="moj-timeline">' in html
    assert (
        '<h3 class="moj-timeline__title" lang="en-GB">Escalated from stage 1 to stage 2</h3>'
        in html
    )
    assert html.index("Escalated from stage 1 to stage 2") < html.index("Case raised at stage 1")


def test_the_service_navigation_and_phase_banner() -> None:
    person = PersonFactory(full_name="Amara Okafor")
    client = signed_in(person)
    html = client.get(reverse("web:case-list")).content.decode()
    assert 'class="govuk-service-navigation__link" href="/cases/" aria-current="page"' in html
    assert f'action="{reverse("web:sign-out")}"' in html
    assert "Signed in as Amara Okafor" in html
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in html
    signed_out = Client().get(reverse("web:sign-in")).content.decode()
    assert "govuk-service-navigation" not in signed_out
    assert "Sign out" not in signed_out
    assert "Beta" in signed_out
