"""The case page's sections: Overview, Deadlines, Stages, Timeline (and the layout they share):
what each shows, that each view is logged, that no title names the child, and that each runs a
fixed number of queries however long the case's history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import accord
from accord.cases import actions
from accord.cases.audit import append_event
from accord.cases.models import AccessLog, Case
from accord.partnerships.models import RoleAssignment
from accord.partnerships.policies import load_policy_version
from tests.access.helpers import signed_in
from tests.factories import (
    RAISED_AT,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

SECTIONS = {
    "web:case-detail": "Overview",
    "web:case-deadlines": "Deadlines",
    "web:case-stages": "Stages",
    "web:case-timeline": "Timeline",
}
CHILD = "Zebedee Quill"
# Tuesday 2 June 2026, 09:30: the response step (due Tue 2 Jun) is due soon, stage 1 (Wed 3) open.
TUESDAY = RAISED_AT + timedelta(hours=23, minutes=30)


@pytest.fixture
def tuesday() -> Iterator[None]:
    with time_machine.travel(TUESDAY, tick=False):
        yield


def _get(client: Client, name: str, case: Case) -> tuple[int, str]:
    response = client.get(reverse(name, args=[case.reference]))
    return response.status_code, response.content.decode()


def _main(html: str) -> str:
    """The page's main content as text (people's words are isolated in inline `<bdi>`s, which
    add no space)."""
    main = re.sub(r"</?bdi>", "", html[html.index("<main") : html.index("</main>")])
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _shipped(name: str) -> Any:
    """A partnership with one of the shipped policies loaded as its version."""
    partnership = PartnershipFactory()
    text = (Path(accord.__file__).parent / "policies" / name).read_text(encoding="utf-8")
    return load_policy_version(
        partnership=partnership, text=text, file_name=name, now=RAISED_AT - timedelta(days=30)
    )


@pytest.mark.usefixtures("tuesday")
@pytest.mark.parametrize("name", list(SECTIONS))
def test_each_section_has_its_title_and_current_item_and_names_the_child_only_on_the_overview(
    name: str,
) -> None:
    case = OpenCaseFactory(subject_name=CHILD)
    status, html = _get(signed_in(case.raised_by), name, case)
    assert status == 200
    assert f"<title>{SECTIONS[name]} – {case.reference} – Accord</title>" in html
    assert re.search(r"<h1[^>]*>\s*" + re.escape(case.reference) + r"\s*</h1>", html)
    current = re.findall(r'<a class="moj-sub-navigation__link" href="([^"]+)" aria-current', html)
    assert current == [reverse(name, args=[case.reference])]
    for other in SECTIONS:
        assert f'href="{reverse(other, args=[case.reference])}"' in html
    assert (CHILD in html) is (name == "web:case-detail")
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title is not None
    assert "Zebedee" not in title.group(1)


@pytest.mark.usefixtures("tuesday")
def test_viewing_any_section_is_logged() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    for number, name in enumerate(SECTIONS, start=1):
        client.get(reverse(name, args=[case.reference]), REMOTE_ADDR="192.0.2.9")
        assert AccessLog.objects.filter(case=case, person=case.raised_by).count() == number
    actions_logged = set(AccessLog.objects.values_list("action", flat=True))
    assert actions_logged == {
        "viewed case page", "viewed case deadlines", "viewed case stages", "viewed case timeline",
    }  # fmt: skip
    assert set(AccessLog.objects.values_list("ip_address", flat=True)) == {"192.0.2.9"}


@pytest.mark.usefixtures("tuesday")
def test_the_log_names_the_client_behind_the_proxy_not_the_proxy(settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # production's reverse proxy
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    client.get(
        reverse("web:case-detail", args=[case.reference]),
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR="198.51.100.23",  # the person's browser, as the proxy saw it
    )
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["198.51.100.23"]


@pytest.mark.parametrize("name", list(SECTIONS))
def test_someone_who_cannot_see_the_case_gets_a_404_and_nothing_is_logged(name: str) -> None:
    case = OpenCaseFactory()
    status, _ = _get(signed_in(PersonFactory(agency=case.raising_agency)), name, case)
    assert status == 404
    assert not AccessLog.objects.exists()


@pytest.mark.usefixtures("tuesday")
def test_the_overview_shows_the_stage_its_holders_guidance_checklist_and_what_happens_next() -> (
    None
):
    case = OpenCaseFactory()
    receiving = holder(case, "receiving")
    _, html = _get(signed_in(receiving), "web:case-detail", case)
    text = _main(html)
    assert "Now at stage 1: Practitioners" in text
    assert f"{case.raised_by.full_name}, Practitioner ({case.raising_agency.name})" in text
    assert f"{receiving.full_name}, Practitioner ({case.receiving_agency.name})" in text
    assert "Stage due 3 June 2026 Due soon" in text
    assert '<div class="govuk-inset-text">' in html
    assert "Talk to the person who made the decision" in text
    assert "Checklist for this stage" in text
    assert "Record the disagreement on your agency" in text
    assert (
        "What happens next The receiving side responds by 3 June 2026. When the holders agree, "
        "they record the outcome, and each side signs it off. If the disagreement cannot be "
        "resolved at this stage, either side may escalate it to stage 2 (First line managers)."
    ) in text
    assert "Open" in _main(html)  # the status tag


@pytest.mark.usefixtures("tuesday")
def test_the_overview_offers_each_person_only_their_actions() -> None:
    case = OpenCaseFactory()
    ref = case.reference

    def links(person: Any) -> set[str]:
        _, html = _get(signed_in(person), "web:case-detail", case)
        return {
            href.removeprefix(f"/cases/{ref}/")
            for href in re.findall(r'href="(/cases/[^"]+/[a-z-]+/[a-z/-]*)"', html)
            if not href.endswith(("deadlines/", "stages/", "timeline/", "work/", "access-log/"))
            and "forms" not in href
        }

    receiving = links(holder(case, "receiving"))
    assert {"respond/", "escalate/", "set-deadline/", "set-fact/", "complete-step/"} <= receiving
    assert "withdraw/" not in receiving
    raiser = links(case.raised_by)  # the raising side's holder at stage 1
    assert {"escalate/", "withdraw/", "set-deadline/"} <= raiser
    assert "respond/" not in raiser
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person
    staff = links(manager)
    assert "set-fact/" in staff
    assert not {"respond/", "escalate/", "set-deadline/", "withdraw/"} & staff


@pytest.mark.usefixtures("tuesday")
def test_a_withdrawn_case_offers_nothing_and_says_so() -> None:
    case = OpenCaseFactory()
    actions.withdraw_case(
        case=case, actor=case.raised_by, reason="Resolved by phone", now=later(case, 1)
    )
    _, html = _get(signed_in(case.raised_by), "web:case-detail", case)
    text = _main(html)
    assert "Withdrawn" in text
    assert "The case was withdrawn. Nothing more happens to it." in text
    assert "govuk-button" not in html.split("What happens next")[1].split("About the case")[0]


@pytest.mark.usefixtures("tuesday")
def test_the_overview_names_the_stages_advisers() -> None:
    version = _shipped("generic-lscb.toml")  # stage 1: advisers = ["practitioner_lead"]
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    _, html = _get(signed_in(case.raised_by), "web:case-detail", case)
    assert "nobody is named for this role yet" in _main(html)
    lead = PersonFactory(agency=case.raising_agency, full_name="Priya Lead", job_title="Lead")
    RoleAssignment.objects.create(
        partnership=case.partnership, role_key="practitioner_lead", person=lead
    )
    _, html = _get(signed_in(case.raised_by), "web:case-detail", case)
    text = _main(html)
    assert "Advisers" in text
    assert (
        "Own line manager or practitioner lead (consulted for support, 14.6): "
        f"Priya Lead, Lead ({case.raising_agency.name})"
    ) in text


@pytest.mark.usefixtures("tuesday")
def test_the_overview_shows_the_outcome_once_resolved() -> None:
    case = OpenCaseFactory()
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="An assessment will start on Monday",
        outstanding_issues="Who funds the transport", pursuit="Managers meet on Friday",
        now=later(case, 1),
    )  # fmt: skip
    _, html = _get(signed_in(case.raised_by), "web:case-detail", case)
    text = _main(html)
    assert "Outcome Agreed outcome An assessment will start on Monday" in text
    assert "Who funds the transport" in text
    assert "Managers meet on Friday" in text
    assert "Signed off by Nobody yet" in text
    assert "It waits for the raising side and the receiving side to sign it off." in text


@pytest.mark.usefixtures("tuesday")
def test_the_deadlines_section_shows_status_tags_and_who_set_a_date_and_why() -> None:
    case = OpenCaseFactory()
    raiser = case.raised_by
    actions.set_deadline(
        case=case, actor=raiser, deadline="stage:1", due=date(2026, 6, 2),
        reason="The child goes home tonight", now=TUESDAY - timedelta(hours=1),
    )  # fmt: skip
    _, html = _get(signed_in(raiser), "web:case-deadlines", case)
    text = _main(html)
    rows = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.DOTALL)
    }
    assert (
        "Stage 1: Practitioners 2 June 2026 Due soon By "
        f"{raiser.full_name} on 2 June 2026: The child goes home tonight "
        "(counted from the policy: 3 June 2026)"
    ) in rows
    assert (
        "Receiving agency reviews its decision and responds 2 June 2026 Due soon "
        "Counted from the procedure"
    ) in rows
    assert "Bring a deadline forward or set an agreed date" in text  # offered to a holder
    with time_machine.travel(TUESDAY + timedelta(days=1), tick=False):
        _, html = _get(signed_in(raiser), "web:case-deadlines", case)
    assert "Overdue" in _main(html)


def test_the_stages_section_lists_every_stage_visited_with_both_sides_and_steps() -> None:
    case = EscalatedCaseFactory(to_stage=2)  # escalated on Tue 2 Jun at 10:00
    stage_1 = [h.person for h in case.holdings.filter(stage=1).order_by("side")]
    stage_2 = [h.person for h in case.holdings.filter(stage=2).order_by("side")]
    with time_machine.travel(TUESDAY + timedelta(hours=2), tick=False):
        _, html = _get(signed_in(case.raised_by), "web:case-stages", case)
    text = _main(html)
    first, second = text.split("Stage 1: Practitioners")[1].split("Stage 2: First line managers")
    assert "Escalated on 2 June 2026" in first
    for person in stage_1:
        assert person.full_name in first
    for person in stage_2:
        assert person.full_name in second
        assert person.full_name not in first
    assert "Steps of stage 1" in first
    assert "Receiving agency reviews its decision and responds" in first
    assert "Stage 2: First line managers (now)" in text
    assert "Entered 2 June 2026: No agreement" in second


@pytest.mark.usefixtures("tuesday")
def test_the_timeline_lists_every_event_newest_first_with_who_and_why() -> None:
    case = OpenCaseFactory()
    raiser = case.raised_by
    actions.set_deadline(
        case=case, actor=raiser, deadline="stage:1", due=date(2026, 6, 2),
        reason="The child goes home tonight", now=later(case, 1),
    )  # fmt: skip
    case.refresh_from_db()
    actions.record_response(
        case=case, actor=holder(case), position="disagree", note="Threshold not met",
        now=later(case, 1),
    )  # fmt: skip
    case.refresh_from_db()
    actions.escalate_case(
        case=case, actor=raiser, raising_holder=raiser, receiving_holder=holder(case),
        reason="We still disagree about the threshold", now=later(case, 1),
    )  # fmt: skip
    _, html = _get(signed_in(raiser), "web:case-timeline", case)
    titles = re.findall(r'<h3 class="moj-timeline__title" lang="en-GB">(.*?)</h3>', html)
    assert titles == [
        "Escalated from stage 1 to stage 2",
        "Receiving side responded at stage 1: disagree",
        "Deadline “Stage 1: Practitioners” set to 2 June 2026",
        "Case raised at stage 1",
    ]
    text = _main(html)
    assert "Reason: We still disagree about the threshold" in text
    assert "Disagreed. Note: Threshold not met" in text
    assert "New due: 2 June 2026. Reason: The child goes home tonight" in text
    assert f"by {raiser.full_name}, Practitioner ({case.raising_agency.name})" in text


def _with_events(case: Case, total: int) -> None:
    """Add timeline events (task records) until the case has `total`, chained like real ones."""
    last = case.events.order_by("sequence").last()
    for n in range(total - case.events.count()):
        last = append_event(
            case=case, previous=last, kind="task_added", actor=case.raised_by,
            at=case.last_event_at, payload={"type": "task_added", "n": n}, summary="Task added",
        )  # fmt: skip
    assert case.events.count() == total


@pytest.mark.usefixtures("tuesday")
@pytest.mark.parametrize("events", [5, 500])
@pytest.mark.parametrize("name", list(SECTIONS))
def test_each_section_runs_at_most_15_queries_whatever_the_history(name: str, events: int) -> None:
    # The costliest overview: a stage with advisers (who are looked up), and an outcome.
    version = _shipped("generic-lscb.toml")
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    RoleAssignment.objects.create(
        partnership=case.partnership, role_key="practitioner_lead",
        person=PersonFactory(agency=case.raising_agency),
    )  # fmt: skip
    actions.resolve_case(case=case, actor=holder(case), agreed_outcome="Agreed", now=later(case, 1))
    _with_events(case, events)
    client = signed_in(case.raised_by)
    client.get(reverse("web:case-list"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[case.reference]))
    assert response.status_code == 200
    assert len(queries) <= 15, "\n".join(q["sql"][:150] for q in queries)
    if name == "web:case-timeline":
        assert response.content.decode().count("moj-timeline__item") == events


@pytest.mark.usefixtures("tuesday")
def test_only_oversight_staff_see_the_access_log_among_the_sections() -> None:
    case = OpenCaseFactory()
    log = reverse("web:case-access-log", args=[case.reference])
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person
    _, html = _get(signed_in(manager), "web:case-detail", case)
    assert f'href="{log}">Access log</a>' in html
    _, html = _get(signed_in(case.raised_by), "web:case-detail", case)
    assert log not in html
    response = signed_in(manager).get(log)
    assert _title_text(response.content.decode()) == f"Access log – {case.reference} – Accord"
    assert f'href="{log}" aria-current="page">Access log</a>' in response.content.decode()


def _title_text(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert found is not None
    return found.group(1).strip()
