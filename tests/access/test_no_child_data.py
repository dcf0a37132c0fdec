"""Nothing identifying a child appears in any URL, page title or log line.

The whole demo is seeded (its children have names, dates of birth and addresses); then every
page of the application (from the URL configuration, as in the access matrix) is opened for a
demo case of each status and stage, and of each partnership, by people who may see it, and by
people who may not. `tests/privacy.py`, which guards every test of the suite, reads each URL
asked for, each redirect, each page title and each log line produced, and fails on any child's
details; this test also checks the titles itself, and that the children's details really are in
the database to be leaked.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accord.accounts.models import PartnershipRole, Person
from accord.cases.models import Case, LegalHold, Subject, SubjectAccessRequest
from accord.notifications.models import WebhookDelivery, WebhookEndpoint
from accord.partnerships.models import RoleAssignment
from tests.api.helpers import Api, api_as

from .helpers import server_error, signed_in
from .test_matrix import RULES, walk

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]


def in_role(role: str) -> dict[int, Person]:
    """Each partnership's person in `role` (its business manager, its administrator), by id."""
    found = PartnershipRole.objects.filter(role=role).select_related("person")
    return {assignment.partnership_id: assignment.person for assignment in found}


def page_urls(case: Case, person: Person, *, case_pages: bool) -> list[str]:
    """The application's pages (not the admin's, nor the public ones) for this case and person:
    only those with a case reference when `case_pages`, only the others otherwise."""
    values = {
        "reference": case.reference,
        "agency_id": case.raising_agency_id,
        "person_id": person.pk,
        "role_id": PartnershipRole.objects.filter(partnership=case.partnership).first().pk,  # type: ignore[union-attr]
        "side": "raising",
        "task_id": case.tasks.values_list("pk", flat=True).first() or 0,
        "meeting_id": case.meetings.values_list("pk", flat=True).first() or 0,
        "planned_id": case.meetings.filter(planned=True).values_list("pk", flat=True).first() or 0,
        "form_id": case.form_records.values_list("pk", flat=True).first() or 0,
        "partnership_id": case.partnership_id,
        "closure_id": case.partnership.closures.values_list("pk", flat=True).first() or 0,
        "assignment_id": RoleAssignment.objects.filter(partnership=case.partnership)
        .values_list("pk", flat=True)
        .first()
        or 0,
        "version_id": case.policy_version_id,
        "request_id": SubjectAccessRequest.objects.filter(partnership=case.partnership)
        .values_list("pk", flat=True)
        .first()
        or 0,
        "kind": "pdf",
        "hold_id": LegalHold.objects.filter(case__partnership=case.partnership)
        .values_list("pk", flat=True)
        .first()
        or 0,
        "endpoint_id": WebhookEndpoint.objects.filter(partnership=case.partnership)
        .values_list("pk", flat=True)
        .first()
        or 0,
        "delivery_id": WebhookDelivery.objects.filter(endpoint__partnership=case.partnership)
        .values_list("pk", flat=True)
        .first()
        or 0,
        "token_id": 0,
        "client_id": 0,
        "rest": "no-such/",
    }
    urls = []
    for route in walk():
        if route.is_admin or RULES[route.name or ""].kind == "public":
            continue
        if ("reference" in route.kwargs) != case_pages:
            continue
        urls.append(reverse(route.name or "", kwargs={k: values[k] for k in route.kwargs}))
    return urls


@pytest.mark.sqlite_only  # a page's words, title, URL and log lines are the same on PostgreSQL
def test_no_page_title_url_or_log_line_names_a_child(
    no_child_data_in_logs_urls_or_titles: list[str],
) -> None:
    call_command("seed_demo", today="2026-12-21", stdout=StringIO())
    subjects = list(Subject.objects.exclude(name=""))
    assert len(subjects) > 20  # there are children's details to leak
    assert all(s.date_of_birth and s.address for s in subjects)
    staff, admins = in_role("business_manager"), in_role("administrator")
    outsider = Person.objects.filter(agency__isnull=False, holdings__isnull=True).first()
    assert outsider is not None
    clients: dict[int, Client] = {}
    tokens: dict[int, Api] = {}

    def client_for(person: Person) -> Client:
        if person.pk not in clients:
            clients[person.pk] = signed_in(person)
        return clients[person.pk]

    done: set[int] = set()
    seen_partnerships: set[int] = set()
    kinds_seen: set[tuple[object, ...]] = set()
    for case in Case.objects.select_related("raised_by", "partnership").order_by("pk"):
        # One case of each kind (every state's pages), and each partnership's first (its
        # procedure's own pages, and its administration).
        kind = (case.status, case.stage, case.urgent)
        if kind in kinds_seen and case.partnership_id in seen_partnerships:
            continue
        kinds_seen.add(kind)
        viewers = [case.raised_by, staff[case.partnership_id]]
        if case.partnership_id not in seen_partnerships:  # refused, and administration, once
            viewers += [admins[case.partnership_id], outsider]
            seen_partnerships.add(case.partnership_id)
        for viewer in viewers:
            urls = page_urls(case, viewer, case_pages=True)
            if viewer.pk not in done:  # the pages without a case, once for each person
                urls += page_urls(case, viewer, case_pages=False)
                done.add(viewer.pk)
            for url in urls:
                response = client_for(viewer).get(url)
                assert not server_error(url, response.status_code), url
            api = tokens.setdefault(viewer.pk, api_as(viewer, "read"))
            read = api.get(f"/api/v1/cases/{case.reference}/")  # the API's case, logged too
            assert read.status_code in {200, 404}, read.content[:200]
            child = Subject.objects.filter(case=case).first()
            if child is not None and child.name:
                assert child.name not in read.content.decode()
        anonymous = Client().get(reverse("web:case-detail", args=[case.reference]))
        assert anonymous.status_code == 302
    pages = [line for line in no_child_data_in_logs_urls_or_titles if line.startswith("title ")]
    assert len(pages) > 250
    case_titles = [line for line in pages if "ACC-" in line]
    assert case_titles  # case pages are titled by their reference
    everything = "\n".join(no_child_data_in_logs_urls_or_titles)
    for subject in subjects:
        assert subject.name not in everything
        assert subject.address not in everything
