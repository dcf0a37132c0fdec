"""The notifications page, the header's unread count, marking read, the e-mail choice, and what
the business manager sees: notifications that reached no one and e-mails given up on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accord.accounts.models import EmailFrequency, PartnershipRoleKind
from accord.notifications.models import InAppNotification, OutboxMessage, OutboxStatus
from accord.partnerships.models import RoleAssignment
from tests.notifications.walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def urgent() -> Any:
    """A Blackburn with Darwen case raised as urgent: its Head of Safeguarding is told."""
    demo = partnership_for("blackburn-with-darwen.toml")
    case = Walker(demo).raise_case(london("2027-03-22"), stage=2, urgent=True)
    head = RoleAssignment.objects.get(role_key="head_of_safeguarding").person
    return demo, case, head


def test_the_header_counts_unread_notifications_and_the_page_lists_them(urgent: Any) -> None:
    _, case, head = urgent
    client = signed_in(head)
    html = client.get(reverse("web:case-list")).content.decode()
    assert re.search(r'href="/notifications/">Notifications <span class="moj-badge', html)
    assert '<span class="govuk-visually-hidden">1 unread</span>' in html
    page = client.get(reverse("web:notifications")).content.decode()
    assert "<title>Notifications – Accord</title>" in page
    assert f'<a class="govuk-link" href="/cases/{case.reference}/">{case.reference}</a>' in page
    assert "An urgent case has been raised" in page
    assert "You have 1 unread notification." in page
    # Anyone told can open the case: the notification's link leads somewhere.
    assert client.get(f"/cases/{case.reference}/").status_code == 200


def test_marking_one_then_all_read(urgent: Any) -> None:
    _, _, head = urgent
    client = signed_in(head)
    item = InAppNotification.objects.get(person=head)
    response = client.post(reverse("web:notifications-read"), {"notification": item.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_at is not None
    html = client.get(reverse("web:case-list")).content.decode()
    assert "(none unread)" in html
    assert client.get(reverse("web:notifications-read")).status_code == 405  # POST only
    InAppNotification.objects.filter(pk=item.pk).update(read_at=None)
    page = client.post(reverse("web:notifications-read"), follow=True).content.decode()
    assert "1 notification marked as read" in page
    assert not InAppNotification.objects.filter(person=head, read_at__isnull=True).exists()


def test_nobody_else_can_mark_my_notifications_read(urgent: Any) -> None:
    demo, _, head = urgent
    other = demo.staff[PartnershipRoleKind.ADMINISTRATOR]
    item = InAppNotification.objects.get(person=head)
    signed_in(other).post(reverse("web:notifications-read"), {"notification": item.pk})
    item.refresh_from_db()
    assert item.read_at is None


def test_choosing_a_daily_digest(urgent: Any) -> None:
    _, _, head = urgent
    client = signed_in(head)
    form = client.get(reverse("web:notification-preferences")).content.decode()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">' in form
    assert 'value="immediate" checked' in form
    missing = client.post(reverse("web:notification-preferences"), {}).content.decode()
    assert "<title>Error: Notification e-mails – Accord</title>" in missing
    assert "Select how you want notification e-mails" in missing
    done = client.post(
        reverse("web:notification-preferences"), {"frequency": "daily"}, follow=True
    ).content.decode()
    assert "Your choice of notification e-mails has been saved" in done
    head.refresh_from_db()
    assert head.email_frequency == EmailFrequency.DAILY


def test_the_business_manager_sees_what_reached_no_one_and_dead_emails() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    RoleAssignment.objects.filter(role_key="head_of_safeguarding").delete()
    case = Walker(demo).raise_case(london("2027-03-22"), stage=2, urgent=True)
    manager = demo.staff[PartnershipRoleKind.BUSINESS_MANAGER]
    OutboxMessage.objects.create(
        key="x/email",
        partnership=demo.partnership,
        person=manager,
        reference=case.reference,
        to_address=manager.email,
        subject="s",
        body="b",
        message_id="<x@accord>",
        status=OutboxStatus.DEAD,
        attempts=8,
        next_attempt_at=london("2027-03-22"),
        created_at=london("2027-03-22"),
        last_error="SMTPRecipientsRefused",
    )
    page = signed_in(manager).get(reverse("web:notifications")).content.decode()
    assert "Notifications that reached no one" in page
    assert "No recipient" in page
    assert "head_of_safeguarding" in page
    assert "E-mails that could not be delivered" in page
    assert "SMTPRecipientsRefused" in page
    # Others see neither section.
    holder = case.raised_by
    other = signed_in(holder).get(reverse("web:notifications")).content.decode()
    assert "reached no one" not in other
    assert "could not be delivered" not in other


def test_the_notifications_page_takes_a_fixed_number_of_queries(
    urgent: Any, django_assert_max_num_queries: Any
) -> None:
    _, _, head = urgent
    client = signed_in(head)
    client.get(reverse("web:case-list"))
    # session, person, the navigation's partnership roles, count, page of notifications, unread
    # count (shared with the header), is business manager (2), the partnership's default
    # language (someone who has not chosen one: decision 35)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("web:notifications")).status_code == 200


def test_the_list_is_unread_first_then_newest_first_by_when_each_fell_due() -> None:
    """Three cases left alone, then one sweep catching up: every notification is recorded at the
    same moment, yet the list follows when each fell due, not the case it is about; reading one
    moves it below every unread one."""
    from accord.cases.sweep import tick
    from accord.notifications.queries import notifications_for

    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    cases = [walker.raise_case(london(day)) for day in ("2027-03-01", "2027-03-03", "2027-03-08")]
    tick(now=london("2027-03-22"))
    holder = cases[0].holdings.get(side="receiving").person
    listed = list(notifications_for(holder))
    assert len({n.reference for n in listed}) == 3
    assert [n.due_at for n in listed] == sorted((n.due_at for n in listed), reverse=True)
    # one sweep recorded them all, but for the raisings, told at once by the actions
    assert len({n.created_at for n in listed if n.kind != "raised"}) == 1
    assert {n.created_at for n in listed if n.kind == "raised"} == {c.raised_at for c in cases}
    newest = listed[0]
    signed_in(holder).post(reverse("web:notifications-read"), {"notification": newest.pk})
    again = list(notifications_for(holder))
    assert again[-1].pk == newest.pk
    assert all(n.read_at is None for n in again[:-1])
