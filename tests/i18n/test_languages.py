"""Choosing English or Cymraeg (decision 35): the language link, saved on a signed-in person's
account; a visitor's cookie; the partnership's default; `<html lang>`; e-mails and PDFs in the
reader's language; dates and working days in Welsh."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.actions import AdminActionRejected, set_default_language
from accord.accounts.languages import choose_language, language_of
from accord.accounts.models import AdminEvent, Person
from accord.notifications.messages import ByWhen, by_when_text
from accord.notifications.models import OutboxMessage
from accord.notifications.outbox import Delivery, record_deliveries
from accord.partnerships.models import Partnership
from tests.access.helpers import signed_in
from tests.factories import AgencyFactory, PartnershipFactory, PartnershipRoleFactory, PersonFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
SIGN_IN = "/sign-in/"


def page(client: Client, url: str = SIGN_IN) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def person_of(partnership: Partnership, **fields: object) -> Person:
    agency = AgencyFactory(home_partnership=partnership)
    person: Person = PersonFactory(agency=agency, **fields)
    return person


def test_a_visitor_reads_english_with_a_link_to_cymraeg_in_its_own_language() -> None:
    html = page(Client())
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert ">Skip to main content</a>" in html
    link = f'href="{reverse("web:language")}?to=cy&amp;next=/sign-in/"'
    assert f'{link} lang="cy" hreflang="cy">Cymraeg</a>' in html


def test_the_link_sets_a_visitors_cookie_and_returns_them_to_the_same_page_in_welsh() -> None:
    client = Client()
    response = client.get(reverse("web:language"), {"to": "cy", "next": SIGN_IN})
    assert response.status_code == 302
    assert response.headers["Location"] == SIGN_IN
    assert response.cookies[COOKIE].value == "cy"
    html = page(client)
    assert '<html lang="cy" class="govuk-template">' in html
    assert ">Neidio i’r prif gynnwys</a>" in html
    assert 'lang="en-GB" hreflang="en-GB">English</a>' in html
    assert client.get(SIGN_IN).headers["Content-Language"] == "cy"
    client.get(reverse("web:language"), {"to": "en-gb", "next": SIGN_IN})
    assert '<html lang="en-GB"' in page(client)


def test_the_link_returns_nobody_to_another_site_and_refuses_a_language_accord_lacks() -> None:
    client = Client()
    away = client.get(reverse("web:language"), {"to": "cy", "next": "https://evil.example/"})
    assert away.headers["Location"] == "/"
    unknown = Client().get(reverse("web:language"), {"to": "fr", "next": SIGN_IN})
    assert unknown.status_code == 400
    assert COOKIE not in unknown.cookies
    assert "Accord is in English and Cymraeg only" in unknown.content.decode()


def test_a_signed_in_persons_choice_is_saved_on_their_account_and_outranks_the_cookie() -> None:
    partnership = PartnershipFactory()
    person = person_of(partnership)
    client = signed_in(person)
    here = reverse("web:notifications")
    html = page(client, here)
    assert f'<input type="hidden" name="next" value="{here}">' in html
    assert '<button type="submit" name="language" value="cy" lang="cy"' in html
    response = client.post(reverse("web:language"), {"language": "cy", "next": here})
    assert response.headers["Location"] == here
    person.refresh_from_db()
    assert person.language == "cy"
    client.cookies[COOKIE] = "en-gb"  # an old visitor's choice on this browser
    html = page(client, here)
    assert '<html lang="cy"' in html
    assert "Wedi mewngofnodi fel" in html


def test_choosing_the_same_language_again_changes_nothing() -> None:
    person = person_of(PartnershipFactory(), language="cy")
    assert choose_language(person=person, code="cy") is False
    with pytest.raises(ValueError, match="a language is one of"):
        choose_language(person=person, code="fr")


def test_the_partnerships_default_is_used_until_the_person_or_the_link_chooses() -> None:
    partnership = PartnershipFactory(default_language="cy")
    person = person_of(partnership)
    assert language_of(person) == "cy"
    client = signed_in(person)
    assert '<html lang="cy"' in page(client, reverse("web:notifications"))
    client.cookies[COOKIE] = "en-gb"
    assert '<html lang="en-GB"' in page(client, reverse("web:notifications"))
    person.language = "en-gb"
    person.save()
    assert language_of(person) == "en-gb"
    staff = PartnershipRoleFactory(partnership=partnership, role="business_manager").person
    staff.agency = None
    staff.save()
    assert language_of(staff) == "cy"
    assert language_of(PersonFactory(agency=None)) == "en-gb"


def test_an_administrator_changes_the_default_on_its_page_and_the_log_says_so() -> None:
    partnership = PartnershipFactory(live=False)
    admin = PartnershipRoleFactory(partnership=partnership, role="administrator").person
    client = signed_in(admin)
    url = reverse("web:manage-default-language", args=[partnership.pk])
    assert "English" in page(client, url)
    refused = client.post(url, {"language": "en-gb"})
    assert refused.status_code == 200
    assert "English is the default language already" in refused.content.decode()
    response = client.post(url, {"language": "cy"})
    assert response.headers["Location"] == reverse("web:manage-setup", args=[partnership.pk])
    partnership.refresh_from_db()
    assert partnership.default_language == "cy"
    event = AdminEvent.objects.get(kind="default_language_changed", partnership=partnership)
    assert event.summary == "Default language changed from English to Cymraeg"
    assert event.details == {"before": "en-gb", "after": "cy"}
    assert event.actor == admin
    checklist = page(client, reverse("web:manage-setup", args=[partnership.pk]))
    # the administrator chose no language: the partnership's new default is theirs too
    assert "Cymraeg, i bobl nad ydynt wedi dewis Cymraeg neu Saesneg eu hunain" in checklist


def test_only_its_administrators_change_the_default() -> None:
    partnership = PartnershipFactory()
    other = PartnershipRoleFactory(role="administrator").person
    with pytest.raises(AdminActionRejected):
        set_default_language(
            actor=other, partnership=partnership, language="cy", now=timezone.now()
        )
    with pytest.raises(AdminActionRejected):
        set_default_language(actor=None, partnership=partnership, language="fr", now=timezone.now())
    assert not AdminEvent.objects.filter(kind="default_language_changed").exists()


def _delivery(person: Person, partnership: Partnership, by: ByWhen | None = None) -> Delivery:
    return Delivery(
        key=f"test/{person.pk}",
        partnership_id=partnership.pk,
        person=person,
        roles=("receiving_holder",),
        reference="ACC-2026-00042",
        kind="stage_started",
        what="Respond to the disagreement",
        link="/cases/ACC-2026-00042/",
        due_at=timezone.now(),
        by=by,
    )


def test_each_e_mail_is_in_its_recipients_language() -> None:
    partnership = PartnershipFactory()
    welsh = person_of(partnership, language="cy")
    english = person_of(partnership)
    by = ByWhen(due=date(2027, 1, 12), working_days=2)
    with translation.override("cy"):  # the request of whoever acted is in Welsh
        record_deliveries(
            [_delivery(welsh, partnership, by), _delivery(english, partnership, by)],
            now=timezone.now(),
        )
    to_welsh = OutboxMessage.objects.get(person=welsh)
    assert to_welsh.subject == "Accord: mae angen eich sylw ar achos ACC-2026-00042"
    assert "Achos: ACC-2026-00042" in to_welsh.body
    assert "Mae ei angen erbyn Dydd Mawrth 12 Ionawr 2027, mewn 2 ddiwrnod gwaith." in to_welsh.body
    to_english = OutboxMessage.objects.get(person=english)
    assert to_english.subject == "Accord: case ACC-2026-00042 needs your attention"
    assert "Needed by Tuesday 12 January 2027, in 2 working days." in to_english.body


def test_a_partnerships_default_decides_the_e_mail_of_someone_who_has_not_chosen() -> None:
    partnership = PartnershipFactory(default_language="cy")
    person = person_of(partnership)
    record_deliveries([_delivery(person, partnership)], now=timezone.now())
    assert OutboxMessage.objects.get(person=person).subject.startswith("Accord: mae angen")


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "mewn 1 diwrnod gwaith"),
        (2, "mewn 2 ddiwrnod gwaith"),
        (3, "mewn 3 diwrnod gwaith"),
        (6, "mewn 6 diwrnod gwaith"),
        (8, "mewn 8 diwrnod gwaith"),
        (11, "mewn 11 diwrnod gwaith"),
    ],
)
def test_working_days_take_the_welsh_plural_forms(days: int, words: str) -> None:
    by = ByWhen(due=date(2027, 3, 1), working_days=days)
    with translation.override("cy"):
        text = by_when_text(by, "cy")
    assert text == f"Mae ei angen erbyn Dydd Llun 1 Mawrth 2027, {words}."


def test_times_and_passed_deadlines_in_welsh() -> None:
    london = ZoneInfo("Europe/London")
    due = datetime(2027, 6, 1, 14, 30, tzinfo=london)
    with translation.override("cy"):
        passed = by_when_text(ByWhen(due, 0, passed=True), "cy")
        today = by_when_text(ByWhen(due, 0), "cy")
    assert (
        passed == "Roedd ei angen erbyn 14:30 ar Dydd Mawrth 1 Mehefin 2027, sydd wedi mynd heibio."
    )
    assert today == "Mae ei angen erbyn 14:30 ar Dydd Mawrth 1 Mehefin 2027, heddiw."


def test_a_documents_dates_and_language_follow_the_reader() -> None:
    from accord.documents.templatetags.accord_documents import day, when

    at = datetime(2026, 6, 1, 10, 5, tzinfo=ZoneInfo("Europe/London"))
    assert (day(at), when(at)) == ("1 June 2026", "1 June 2026 at 10:05am")
    with translation.override("cy"):
        assert (day(at), when(at)) == ("1 Mehefin 2026", "1 Mehefin 2026 am 10:05yb")


def test_a_welsh_speakers_case_list_is_in_welsh() -> None:
    person = person_of(PartnershipFactory(), language="cy")
    html = page(signed_in(person), reverse("web:case-list"))
    assert '<html lang="cy" class="govuk-template">' in html
    for welsh in (
        "Neidio i’r prif gynnwys",
        "Allgofnodi",
        "Eich tasgau",
        "Hysbysiadau",
        "Achosion",
    ):
        assert welsh in html
    assert 'name="language" value="en-gb" lang="en-GB"' in html


def test_a_password_reset_e_mail_is_in_the_persons_own_language() -> None:
    person = person_of(PartnershipFactory(), language="cy")
    Client().post(reverse("account_reset_password"), {"email": person.email})
    message = OutboxMessage.objects.get(to_address=person.email)
    assert message.subject == "Accord: Ailosod eich cyfrinair"
    assert "Gofynnodd rhywun am ailosod cyfrinair eich cyfrif Accord." in message.body
