"""The partnership pages: who opens them, what they show, and bad input answered with an error
summary (never a server error)."""

from __future__ import annotations

import re
import time
from io import BytesIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accord.accounts.models import AdminEvent
from accord.cases.models import AccessLog
from accord.partnerships.models import Theme
from accord.reports.models import LearningPoint, NationalReader, Recognition
from accord.web.signin.middleware import LAST_SEEN_SESSION_KEY
from tests.factories import PersonFactory
from tests.signing_in import record_full_sign_in

from .world import NOW, World

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _title(html: str) -> str:
    found = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S)
    assert found
    return found.group(1)


def test_the_board_shows_its_figures_each_linking_to_the_case_list(world: World) -> None:
    response = signed_in(world.staff["business_manager"]).get(reverse("web:partnership-board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _title(html) == "Partnership board – Accord"
    board = response.context["board"]
    links = re.findall(r'href="(/cases/partnership/\?[^"]+)"', html)
    queries = [{k: v[0] for k, v in parse_qs(urlparse(link.replace("&amp;", "&")).query).items()}
               for link in links]  # fmt: skip
    assert board.overdue.query in queries
    assert all(f.query in queries for f in board.by_stage)
    assert all(p.query in queries for p in board.by_pair)
    assert f">{board.overdue.count}<" in html


@pytest.mark.parametrize("who", ["practitioner", "safeguarding_lead"])
def test_people_who_are_not_partnership_staff_are_refused(world: World, who: str) -> None:
    person = PersonFactory(
        agency=world.agencies["school"], is_safeguarding_lead=who == "safeguarding_lead"
    )
    client = signed_in(person)
    for name in ("web:partnership-board", "web:partnership-trends", "web:partnership-report",
                 "web:partnership-learning", "web:partnership-report-pdf"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 403, name


def test_staff_of_several_partnerships_choose_and_cannot_reach_another(world: World) -> None:
    manager = world.staff["business_manager"]
    client = signed_in(manager)
    other = client.get(reverse("web:partnership-board"), {"partnership": world.other.pk})
    assert other.status_code == 200
    assert "Error: " in _title(other.content.decode())
    assert "Choose one of your partnerships" in other.content.decode()
    assert other.context["partnership"] == world.home  # never the other partnership's figures
    from tests.factories import PartnershipRoleFactory

    PartnershipRoleFactory(person=manager, partnership=world.neighbour, role="panel_member")
    chosen = signed_in(manager).get(
        reverse("web:partnership-board"), {"partnership": world.neighbour.pk}
    )
    assert chosen.context["partnership"] == world.neighbour
    assert 'name="partnership"' in chosen.content.decode()


def test_trends_draw_charts_with_their_tables(world: World) -> None:
    response = signed_in(world.staff["independent_chair"]).get(
        reverse("web:partnership-trends"), {"start": "2026-04", "end": "2026-06"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') >= 5
    assert "Apr 2026" in html
    assert "Jun 2026" in html
    assert response.context["trends"].raised == sum(
        1 for m in world.of(world.home) if 4 <= m.raised_on.month <= 6
    )
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-13", "end": "2026-06"},
        {"start": "2026-06", "end": "2026-04"},
        {"start": "nonsense"},
        {"partnership": "x"},
        {"start": "1999-01", "end": "2026-01"},
    ],
)
def test_bad_periods_are_explained_not_a_server_error(world: World, query: dict[str, str]) -> None:
    response = signed_in(world.staff["business_manager"]).get(
        reverse("web:partnership-trends"), query
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert _title(html).startswith("Error: ")
    assert "govuk-error-summary" in html


def test_the_report_page_and_its_downloads(world: World) -> None:
    client = signed_in(world.staff["business_manager"])
    page = client.get(reverse("web:partnership-report"), {"quarter": "2026-Q2"})
    assert page.status_code == 200
    assert "Figures below 5 are suppressed" in page.content.decode()
    query = {"partnership": world.home.pk, "quarter": "2026-Q2"}
    pdf = client.get(reverse("web:partnership-report-pdf"), query)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="home-board-report-2026-Q2.pdf"'
    sheet = client.get(reverse("web:partnership-report-xlsx"), query)
    assert sheet.status_code == 200
    book = load_workbook(BytesIO(sheet.content))
    assert "Summary" in book.sheetnames
    missing = client.get(reverse("web:partnership-report-pdf"))
    assert missing.status_code == 302
    assert missing["Location"].startswith("/partnership/report/")
    bad = client.get(reverse("web:partnership-report-pdf"), {"quarter": "2031-Q1"})
    assert bad.status_code == 302
    assert "Error: " in _title(client.get(bad["Location"]).content.decode())


def test_a_download_asks_to_confirm_it_is_you_after_a_while(world: World) -> None:
    manager = world.staff["business_manager"]
    client = signed_in(manager)
    session = client.session
    record_full_sign_in(session, manager, at=time.time() - 3 * 3600)
    session[LAST_SEEN_SESSION_KEY] = time.time()
    session.save()
    response = client.get(
        reverse("web:partnership-report-pdf"), {"partnership": world.home.pk, "quarter": "2026-Q2"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/confirm-its-you/")


def test_the_learning_page_logs_the_cases_whose_debriefs_it_shows(world: World) -> None:
    manager = world.staff["business_manager"]
    before = AccessLog.objects.filter(person=manager).count()
    response = signed_in(manager).get(reverse("web:partnership-learning"), {"quarter": "2026-Q2"})
    assert response.status_code == 200
    shown = response.context["page"].object_list
    assert shown
    assert AccessLog.objects.filter(person=manager).count() == before + len(shown)
    html = response.content.decode()
    assert all(row.reference in html for row in shown)


def test_recording_a_learning_point_and_good_practice_through_the_pages(world: World) -> None:
    client = signed_in(world.staff["panel_member"])
    url = reverse("web:partnership-learning-point-add")
    empty = client.post(url, {})
    assert empty.status_code == 200
    assert "Say what was learned" in empty.content.decode()
    assert _title(empty.content.decode()).startswith("Error: ")
    done = client.post(url, {"group": "learning", "summary": "Use the threshold document"})
    assert done.status_code == 302
    point = LearningPoint.objects.get(summary="Use the threshold document")
    assert point.partnership == world.home
    change = reverse("web:partnership-learning-point") + f"?point={point.pk}"
    assert client.post(change, {"status": "in_progress", "action": "Training"}).status_code == 302
    point.refresh_from_db()
    assert point.status == "in_progress"
    assert (
        client.get(reverse("web:partnership-learning-point") + "?point=999999").status_code == 404
    )
    outsider = signed_in(world.staff["other_manager"])
    assert outsider.post(change, {"status": "done"}).status_code == 403
    good = client.post(
        reverse("web:partnership-recognition-add"),
        {"summary": "Quick response", "agency": world.agencies["health"].pk},
    )
    assert good.status_code == 302
    assert Recognition.objects.get(summary="Quick response").agency == world.agencies["health"]


def test_administrators_manage_themes_on_their_page(world: World) -> None:
    admin = world.staff["administrator"]
    client = signed_in(admin)
    url = reverse("web:partnership-themes")
    page = client.get(url)
    assert page.status_code == 200
    assert not Theme.objects.filter(partnership=world.home).exists()
    assert client.post(url, {"change": "adopt"}).status_code == 302
    themes = list(Theme.objects.filter(partnership=world.home).order_by("position"))
    assert themes
    assert client.post(url, {"change": "retire", "theme": themes[0].pk}).status_code == 302
    assert client.post(url, {"change": "down", "theme": themes[1].pk}).status_code == 302
    assert client.post(url, {"change": "add", "name": "Early help"}).status_code == 302
    names = list(
        Theme.objects.filter(partnership=world.home, active=True)
        .order_by("position")
        .values_list("name", flat=True)
    )
    assert names == [themes[2].name, themes[1].name, *[t.name for t in themes[3:]], "Early help"]
    duplicate = client.post(url, {"change": "add", "name": "early help"})
    assert duplicate.status_code == 200
    assert "already has the theme" in duplicate.content.decode()
    nonsense = client.post(url, {"change": "retire", "theme": "x"})
    assert nonsense.status_code == 200
    assert "govuk-error-summary" in nonsense.content.decode()
    assert AdminEvent.objects.filter(partnership=world.home, kind="theme_added").exists()
    assert signed_in(world.staff["business_manager"]).get(url).status_code == 403


def test_a_national_reader_sees_counts_only(world: World) -> None:
    reader = PersonFactory(agency=None)
    NationalReader.objects.create(person=reader, granted_at=NOW)
    client = signed_in(reader)
    board = client.get(reverse("web:partnership-board"))
    assert board.status_code == 302
    assert board["Location"] == reverse("web:partnership-national")
    page = client.get(reverse("web:partnership-national"), {"quarter": "2026-Q2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert world.home.name in html
    assert world.other.name in html
    assert "/cases/" not in html.split("<main", 1)[1]
    assert not re.search(r"ACC-\d{4}-\d+", html)
    assert (
        signed_in(world.staff["business_manager"])
        .get(reverse("web:partnership-national"))
        .status_code
        == 403
    )
