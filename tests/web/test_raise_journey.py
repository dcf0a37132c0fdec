"""The raise journey's pages: order and skipping, every page's errors, exceptions and their
routes, the urgent start above stage 1, a theme instead of a person, check answers and its
Change links, raising once however often the answers are sent, and the confirmation.

The partnership runs the example policy (tests/engine/fixtures/example-borough.toml: two
exceptions, may_start_at [1, 2, 3], a fact, five themes), changed where a test needs it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from accord.accounts.models import Agency, AgencyKind, Level, Person
from accord.cases.access import get_case_for
from accord.cases.models import AccessLog, Case
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import load_policy_version
from tests.access.helpers import signed_in
from tests.factories import (
    EXAMPLE_POLICY,
    AgencyFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
)

from .raising import CHILD, NOW, Walk, errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class World:
    partnership: Partnership
    version: PolicyVersion
    school: Agency
    social_care: Agency
    police: Agency
    raiser: Person
    head: Person
    social_worker: Person
    social_manager: Person
    lead: Person
    officer: Person


def load(partnership: Partnership, text: str, **replace: str) -> PolicyVersion:
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_policy_version(
        partnership=partnership, text=text, file_name="example.toml", now=NOW - timedelta(days=30)
    )


def world(**replace: str) -> World:
    """The example policy (its text changed by `replace`), a school, children's social care
    (with a safeguarding lead) and a police force (without one)."""
    partnership = PartnershipFactory()
    text = EXAMPLE_POLICY.read_text(encoding="utf-8")
    replace = {'id = "example-borough"': f'id = "example-{partnership.slug}"', **replace}
    version = load(partnership, text, **replace)
    school = AgencyFactory(home_partnership=partnership, kind=AgencyKind.EDUCATION, name="School")
    social = AgencyFactory(
        home_partnership=partnership, kind=AgencyKind.SOCIAL_CARE, name="Social Care"
    )
    police = AgencyFactory(home_partnership=partnership, kind=AgencyKind.POLICE, name="Police")
    head = PersonFactory(agency=school, level=Level.FIRST_LINE_MANAGER, full_name="Hana Head")
    social_manager = PersonFactory(
        agency=social, level=Level.FIRST_LINE_MANAGER, full_name="Mo Manager"
    )
    return World(
        partnership=partnership,
        version=version,
        school=school,
        social_care=social,
        police=police,
        raiser=PersonFactory(agency=school, line_manager=head, full_name="Rae Raiser"),
        head=head,
        social_worker=PersonFactory(
            agency=social, line_manager=social_manager, full_name="Sam Social"
        ),
        social_manager=social_manager,
        lead=PersonFactory(
            agency=social,
            is_safeguarding_lead=True,
            level=Level.SERVICE_LEADER,
            full_name="Lee Lead",
        ),
        officer=PersonFactory(agency=police, full_name="Olu Officer"),
    )


def answers(w: World, **changes: dict[str, object]) -> dict[str, dict[str, object]]:
    table: dict[str, dict[str, object]] = {
        "exception": {"answer": "no"},
        "immediate-risk": {"answer": "no"},
        "person": CHILD,
        "pattern": {"pattern": "How referrals from schools are screened"},
        "concern": {"concern_on_day": "28", "concern_on_month": "5", "concern_on_year": "2026"},
        "decision": {"decision": "Referral closed.", "decision_by": "Duty team manager"},
        "outcome": {"outcome": "An assessment."},
        "agency-kind": {"agency_kind": AgencyKind.SOCIAL_CARE},
        "agency": {"agency": str(w.social_care.pk)},
        "counterpart": {"counterpart": str(w.social_worker.pk)},
        "theme": {"theme": "Communication"},
        "facts": {"fact_cp_plan": "no"},
    }
    table.update(changes)
    return table


def walk_to(w: World, stop: str, **changes: dict[str, object]) -> Walk:
    return Walk(signed_in(w.raiser)).begin().until(stop, answers(w, **changes))


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def title(response: object) -> str:
    page = html(response)
    return page[page.index("<title>") + 7 : page.index("</title>")]


# --- Starting ----------------------------------------------------------------------------------


def test_the_start_page_names_the_procedure_and_the_navigation_offers_it() -> None:
    w = world()
    response = signed_in(w.raiser).get(reverse("web:raise-start"))
    assert title(response) == "Raise a disagreement – Accord"
    assert w.version.title in html(response)
    assert 'href="/raise/"' in html(response)  # in the service navigation
    assert "Start now" in html(response)


def test_someone_of_no_agency_is_told_why_they_cannot_raise() -> None:
    w = world()
    staff = PartnershipRoleFactory(partnership=w.partnership).person
    client = signed_in(staff)
    response = client.get(reverse("web:raise-start"))
    assert response.status_code == 200
    assert title(response) == "You cannot raise a disagreement – Accord"
    assert "Raise a disagreement</" not in html(client.get(reverse("web:notifications")))
    started = client.post(reverse("web:raise-start"))
    assert started.status_code == 200
    assert "Start now" not in html(started)


def test_no_policy_in_force_means_nothing_to_start() -> None:
    agency = AgencyFactory()
    response = signed_in(PersonFactory(agency=agency)).post(reverse("web:raise-start"))
    assert response.status_code == 200
    assert "no procedure in Accord yet" in html(response)


def test_an_agency_in_two_partnerships_is_asked_which_first() -> None:
    w = world()
    neighbour = PartnershipFactory(name="Neighbour Partnership")
    other = load(
        neighbour,
        EXAMPLE_POLICY.read_text(encoding="utf-8"),
        **{
            'id = "example-borough"': 'id = "neighbour-policy"',
            'title = "Example Borough': 'title = "Neighbour',
        },
    )
    w.school.serves.add(neighbour)
    AgencyFactory(home_partnership=neighbour, kind=AgencyKind.HEALTH, name="Neighbour Health")
    client = signed_in(w.raiser)
    assert other.title in html(client.get(reverse("web:raise-start")))
    walk = Walk(client).begin()
    assert walk.step == "partnership"
    page = client.get(walk.location)
    assert title(page) == "Which partnership is this disagreement in? – Accord"
    assert other.title in html(page)  # each partnership's procedure, as a hint
    refused = walk.post({"partnership": str(PartnershipFactory().pk)})  # not one it works in
    assert refused.status_code == 200
    assert "Choose the partnership whose procedure applies" in html(refused)
    assert title(refused).startswith("Error: ")
    walk.post({"partnership": str(neighbour.pk)})
    walk.until("agency-kind", answers(w))
    kinds = html(client.get(walk.location))
    assert "Health" in kinds  # the neighbour's agencies only
    assert "social care" not in kinds


# --- Order, skipping ahead, forged journeys -----------------------------------------------------


def test_skipping_ahead_goes_to_the_first_unanswered_page() -> None:
    w = world()
    walk = Walk(signed_in(w.raiser)).begin()
    assert walk.step == "exception"
    for name in ("outcome", "counterpart", "facts", "check", "raising-holder"):
        response = walk.client.get(walk.url(name))
        assert response.status_code == 302
        assert response.headers["Location"] == walk.location, name
    walk.until("decision", answers(w))
    response = walk.client.post(walk.url("facts"), {"fact_cp_plan": "yes"})
    assert response.headers["Location"] == walk.location  # not saved: decision comes first
    assert "starting-stage" not in walk.visited  # no immediate risk: no stage question


def test_a_journey_not_in_the_session_goes_back_to_the_start() -> None:
    w = world()
    mine = Walk(signed_in(w.raiser)).begin()
    someone_else = signed_in(w.head)
    for url in (mine.location, mine.url("check"), "/raise/outcome/", "/raise/raised/?journey=x"):
        response = someone_else.get(url)
        assert response.headers["Location"] == reverse("web:raise-start"), url
        assert someone_else.post(url).headers["Location"] == reverse("web:raise-start"), url


def test_every_page_posted_empty_says_what_is_missing() -> None:
    w = world()
    urgent = {"immediate-risk": {"answer": "yes"}, "starting-stage": {"start_stage": "1"}}
    walk = walk_to(w, "check", **urgent)
    expected = {
        "exception": "Select yes or no",
        "immediate-risk": "Select yes if there is an immediate risk",
        "starting-stage": "Choose the stage to start at",
        "person": "Enter the child’s full name",
        "concern": "Enter the date the concern was identified",
        "decision": "Enter the decision you disagree with",
        "outcome": "Enter the outcome you are seeking",
        "agency-kind": "Choose the kind of agency that made the decision",
        "agency": "Choose the agency that made the decision",
        "counterpart": "Choose the person, from the list",
        "theme": "Choose the theme the disagreement is about",
        "facts": "Select yes or no: Is the child subject to a child protection plan?",
    }
    for step, message in expected.items():
        param = {"exception": "cp-conference"} if step == "exception" else {}
        response = walk.client.post(walk.url(step, **param), {})
        assert response.status_code == 200, step
        assert message in html(response), (step, errors_of(response))
        assert title(response).startswith("Error: "), step
        assert 'class="govuk-error-summary"' in html(response)
    assert Case.objects.count() == 0


# --- Exceptions ----------------------------------------------------------------------------------


def test_an_exception_answered_yes_ends_on_its_route() -> None:
    w = world()
    walk = walk_to(w, "exception")
    walk.post({"answer": "no"})  # cp-conference
    response = walk.post({"answer": "yes"})  # own-manager
    assert walk.step == "route"
    page = walk.client.get(walk.location)
    assert title(page) == "Use a different route – Accord"
    assert "Use your agency&#x27;s whistleblowing procedure." in html(page)
    assert "Raise it under this procedure" not in html(page)  # it names no policy of its own
    assert response.status_code == 302
    # Nothing further can be reached while the answer stands.
    assert walk.client.get(walk.url("person")).headers["Location"] == walk.location
    assert walk.client.get(walk.url("check")).headers["Location"] == walk.location
    # Changing the answer goes on.
    walk.client.post(walk.url("exception", exception="own-manager"), {"answer": "no"})
    assert walk.client.get(walk.url("immediate-risk")).status_code == 200


def test_an_exception_naming_another_policy_offers_to_raise_under_it() -> None:
    w = world(**{
        'route = "Use the conference dissent procedure (section 3.8), not this one."':
        'route = "Use the conference dissent procedure (section 3.8), not this one."\n'
        'policy = "conference-dissent"'
    })  # fmt: skip
    dissent = load(
        w.partnership,
        EXAMPLE_POLICY.read_text(encoding="utf-8"),
        **{
            'id = "example-borough"': 'id = "conference-dissent"',
            'title = "Example Borough Safeguarding Partnership: resolving professional '
            'disagreements"': 'title = "Conference dissent procedure"',
            'effective_from = "2026-04-01"': 'effective_from = "2026-01-01"',
        },
    )
    walk = walk_to(w, "exception")
    walk.post({"answer": "yes"})
    page = walk.client.get(walk.location)
    assert "Conference dissent procedure" in html(page)
    assert "Raise it under this procedure" in html(page)
    response = walk.client.post(walk.location)
    assert response.status_code == 302
    walk.location = response.headers["Location"]
    assert walk.step == "exception"  # the other policy's own questions, from the start
    walk.until("check", answers(w, exception={"answer": "no"}))
    check = walk.client.get(walk.location)
    assert "Conference dissent procedure" in html(check)
    walk.post({})
    case = Case.objects.get()
    assert case.policy_version == dissent


# --- Immediate risk and a higher start ----------------------------------------------------------


def test_immediate_risk_warns_and_a_higher_start_needs_its_reason() -> None:
    w = world()
    walk = walk_to(w, "immediate-risk")
    page = walk.client.get(walk.location)
    assert title(page) == "Is the child at immediate risk? – Accord"
    assert "govuk-warning-text" in html(page)
    assert "contact the police on 999" in html(page)  # the policy's own guidance
    walk.post({"answer": "yes"})
    assert walk.step == "starting-stage"
    stages = html(walk.client.get(walk.location))
    assert "Stage 3: Meeting with an independent chair" in stages
    assert "Stage 4" not in stages  # not in may_start_at
    no_reason = walk.post({"start_stage": "2", "start_reason": "  "})
    assert "Say why it needs to start above stage 1" in html(no_reason)
    assert 'value="2" checked' in html(no_reason)  # what was chosen is kept
    forged = walk.post({"start_stage": "4", "start_reason": "Because"})
    assert "Choose the stage to start at" in html(forged)
    walk.post({"start_stage": "2", "start_reason": "Risk of harm tonight."})
    walk.until("raising-holder", answers(w, counterpart={"counterpart": str(w.social_manager.pk)}))
    holder_page = html(walk.client.get(walk.location))
    assert "Hana Head" in holder_page
    assert "Suggested: in your line management" in holder_page
    outsider = walk.post({"raising_holder": str(w.social_manager.pk)})  # not of the school
    assert "Choose the person, from the list" in html(outsider)
    walk.post({"raising_holder": str(w.head.pk)})
    walk.until("check", answers(w))
    walk.post({})
    case = Case.objects.get()
    assert (case.stage, case.urgent) == (2, True)
    current = {h.side: h.person for h in case.holdings.all()}
    assert current == {"raising": w.head, "receiving": w.social_manager}
    # urgent_due: every stage deadline of an urgent case is 24 hours from the stage's start.
    stage = case.deadlines.get(key="stage:2")
    assert stage.due_at == NOW + timedelta(hours=24)


# --- Who and what it is about -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("1", "", "2015", "Date of birth must include a month"),
        ("x", "3", "2015", "Date of birth must be a real date"),
        ("1", "3", "15", "Year must include 4 numbers"),
        ("2", "6", "2026", "Date of birth must be today or in the past"),
    ],
)
def test_the_date_of_birth_must_be_a_real_date_not_in_the_future(
    day: str, month: str, year: str, message: str
) -> None:
    walk = walk_to(world(), "person")
    typed = {
        "subject_name": "Zebedee Quartermaine",
        "subject_date_of_birth_day": day,
        "subject_date_of_birth_month": month,
        "subject_date_of_birth_year": year,
    }
    response = walk.post(typed)
    assert response.status_code == 200
    assert message in html(response)
    assert 'value="Zebedee Quartermaine"' in html(response)  # what was typed is kept
    if day:
        assert f'value="{day}"' in html(response)
    assert title(response) == "Error: Who is the disagreement about? – Accord"


def test_the_concern_date_cannot_be_in_the_future() -> None:
    walk = walk_to(world(), "concern")
    response = walk.post(
        {"concern_on_day": "2", "concern_on_month": "6", "concern_on_year": "2026"}
    )
    assert "The date the concern was identified must be today or in the past" in html(response)
    walk.post({"concern_on_day": "1", "concern_on_month": "6", "concern_on_year": "2026"})
    assert walk.step == "decision"  # today is fine


def test_a_theme_instead_of_a_person() -> None:
    w = world(
        **{
            'scope = "between_agencies"': 'scope = "between_agencies"\n'
            'subjects = ["child", "theme"]'
        }
    )
    walk = walk_to(w, "about")
    page = walk.client.get(walk.location)
    assert "A pattern of practice or a service" in html(page)
    walk.post({"subject_kind": "theme"})
    assert walk.step == "pattern"
    empty = walk.post({"pattern": ""})
    assert "Enter the pattern of practice or service" in html(empty)
    walk.until("check", answers(w))
    assert "person" not in walk.visited
    assert "theme" not in walk.visited
    walk.post({})
    case = Case.objects.get()
    assert case.subject_kind == "theme"
    assert case.theme == "How referrals from schools are screened"
    assert not hasattr(case, "subject") or case.subject is None


# --- The other agency and the counterpart -------------------------------------------------------


def test_forged_agencies_and_people_are_refused() -> None:
    w = world()
    walk = walk_to(w, "agency-kind")
    assert "Housing" not in html(walk.client.get(walk.location))  # no agency of that kind
    for kind in ("housing", "education", "nonsense"):  # none; only the raiser's own; none
        assert "Choose the kind of agency" in html(walk.post({"agency_kind": kind})), kind
    walk.post({"agency_kind": AgencyKind.SOCIAL_CARE})
    elsewhere = AgencyFactory(kind=AgencyKind.SOCIAL_CARE)  # another partnership's
    for agency in (elsewhere.pk, w.police.pk, w.school.pk, "x"):
        assert "Choose the agency that made the decision" in html(walk.post({"agency": agency}))
    walk.post({"agency": str(w.social_care.pk)})
    page = html(walk.client.get(walk.location))
    assert "Sam Social" in page
    assert "Olu Officer" not in page
    assert "Suggested: the procedure’s Practitioner at stage 1" in page
    inactive = PersonFactory(agency=w.social_care, is_active=False)
    for forged in (w.officer.pk, inactive.pk, w.raiser.pk, "99999"):
        assert "Choose the person, from the list" in html(walk.post({"counterpart": forged}))
    assert Case.objects.count() == 0


def test_i_do_not_know_who_goes_to_the_safeguarding_lead_or_is_refused_without_one() -> None:
    w = world()
    walk = walk_to(w, "agency-kind")
    walk.post({"agency_kind": AgencyKind.POLICE})
    walk.post({"agency": str(w.police.pk)})
    refused = walk.post({"counterpart": "unknown"})
    assert "Police has no safeguarding lead in Accord" in html(refused)
    walk.client.post(walk.url("agency-kind", change="1"), {"agency_kind": AgencyKind.SOCIAL_CARE})
    walk.client.post(walk.url("agency", change="1"), {"agency": str(w.social_care.pk)})
    assert "Lee Lead" in html(walk.client.get(walk.url("counterpart")))
    walk.client.post(walk.url("counterpart"), {"counterpart": "unknown"})
    walk.location = walk.url("theme")
    walk.until("check", answers(w))
    assert "it goes to the agency’s safeguarding lead: Lee Lead" in html(
        walk.client.get(walk.location)
    )
    walk.post({})
    case = Case.objects.get()
    assert case.holdings.get(side="receiving").person == w.lead


# --- Check answers ------------------------------------------------------------------------------


def test_check_answers_lists_everything_with_change_links_that_come_back() -> None:
    w = world()
    walk = walk_to(w, "check")
    page = walk.client.get(walk.location)
    assert title(page) == "Check your answers before raising the disagreement – Accord"
    text = html(page)
    for shown in (
        "Zebedee Quartermaine",
        "14 March 2015",
        "28 May 2026",
        "Sam Social",
        "Social Care",
        "Communication",
    ):
        assert shown in text, shown
    change_decision = walk.url("decision", change="1")
    assert change_decision.replace("&", "&amp;") in text
    back = walk.client.get(change_decision)
    assert "Referral closed." in html(back)  # the answer, to change
    assert f'href="{walk.url("check")}"' in html(back).replace("&amp;", "&")  # Back: to check
    done = walk.client.post(change_decision, {"decision": "Case closed.", "decision_by": "Team"})
    assert done.headers["Location"] == walk.url("check")
    # A change that others depend on asks them again, then comes back.
    kind = walk.client.post(walk.url("agency-kind", change="1"), {"agency_kind": AgencyKind.POLICE})
    assert kind.headers["Location"] == walk.url("agency", change="1")
    agency = walk.client.post(walk.url("agency", change="1"), {"agency": str(w.police.pk)})
    assert agency.headers["Location"] == walk.url("counterpart", change="1")
    person = walk.client.post(
        walk.url("counterpart", change="1"), {"counterpart": str(w.officer.pk)}
    )
    assert person.headers["Location"] == walk.url("check")
    walk.post({})
    case = Case.objects.get()
    assert case.receiving_agency == w.police
    assert case.decision_summary.startswith("Case closed.")


def test_an_answer_that_no_longer_holds_is_an_error_on_the_check_page() -> None:
    w = world()
    walk = walk_to(w, "check")
    w.social_worker.is_active = False
    w.social_worker.save()
    response = walk.post({})
    assert response.status_code == 200
    assert "no longer works for Social Care" in html(response)
    assert title(response).startswith("Error: Check your answers")
    assert Case.objects.count() == 0
    assert walk.client.get(walk.location).status_code == 200  # nothing lost


def test_sending_the_answers_twice_raises_one_case() -> None:
    w = world()
    walk = walk_to(w, "check")
    check = walk.location
    first = walk.client.post(check)
    assert first.status_code == 302
    again = walk.client.post(check)
    assert again.status_code == 200
    case = Case.objects.get()
    assert title(again) == "This disagreement has already been raised – Accord"
    assert reverse("web:case-detail", args=[case.reference]) in html(again)
    assert walk.client.get(check).headers["Location"] == first.headers["Location"]
    assert walk.client.get(walk.url("person")).headers["Location"] == first.headers["Location"]


def test_a_second_post_that_read_the_session_before_the_first_finished_raises_nothing() -> None:
    """Two tabs (or a double click) send the answers at once: the second read the session while
    the journey was still open, so only the journey's key on the case can stop it."""
    w = world()
    walk = walk_to(w, "check")
    before = dict(walk.client.session.items())  # what the second request read
    assert walk.client.post(walk.location).status_code == 302
    session = walk.client.session
    session.update(before)  # the first request's "journey finished" is not yet seen
    session.save()
    again = walk.client.post(walk.location)
    case = Case.objects.get()
    assert title(again) == "This disagreement has already been raised – Accord"
    assert reverse("web:case-detail", args=[case.reference]) in html(again)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="simultaneous requests need a server database shared by threads (SQLite runs one "
    "writer at a time: every transaction is BEGIN IMMEDIATE)",
)
def test_simultaneous_posts_of_the_check_page_raise_one_case() -> None:
    w = world()
    walk = walk_to(w, "check")
    cookie = walk.client.cookies[settings.SESSION_COOKIE_NAME].value
    start = threading.Barrier(4)

    def post(_: int) -> int:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        try:
            start.wait()
            return client.post(walk.location).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = sorted(pool.map(post, range(4)))
    assert Case.objects.count() == 1
    assert statuses.count(302) == 1  # to the confirmation; the others say it was raised
    assert statuses.count(200) == 3


# --- The confirmation ---------------------------------------------------------------------------


def test_the_confirmation_gives_the_reference_who_sees_it_and_the_first_deadline() -> None:
    w = world()
    walk = walk_to(w, "check")
    walk.post({})
    page = walk.client.get(walk.location)
    case = Case.objects.get()
    assert title(page) == "Disagreement raised – Accord"
    text = html(page)
    assert f"Your reference is<br><strong>{case.reference}</strong>" in text
    # Only who was told: the counterpart, at once (the line managers can see it, below, but
    # were not told).
    assert "These people have been told:" in text
    assert "Sam Social" in text
    for who in ("Mo Manager", "Hana Head"):
        assert who not in text, who
    # The example policy's response step: 1 working day from Monday 1 June.
    assert "due 2 June 2026" in text
    assert reverse("web:case-detail", args=[case.reference]) in text
    assert AccessLog.objects.filter(case=case, person=w.raiser).exists()
    # They can see it: the access rules, not the page, say so.
    for person in (w.social_worker, w.social_manager, w.head):
        assert get_case_for(person, case.reference) == case
    # Someone else's confirmation is not theirs to open.
    assert Client().get(walk.location).status_code == 302
