"""Each shipped policy's form records, end to end: a case of the policy's demo partnership is
driven with the actions to every trigger of a `notify` rule that names a form; each record the
trigger made is completed through the pages (saved as a draft, then submitted), and its PDF is
downloaded and read back: a tagged PDF with a structure tree, a title, a language, the answers
given and the answers filled in from the case. Each PDF's pages are saved as images under
test-artifacts/pdf-pages/ for a person to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from accord.accounts.models import PartnershipRole
from accord.cases import actions
from accord.cases.models import Case, FormRecord
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

from .helpers import complete_and_submit, download, pdf_url

pytestmark = pytest.mark.django_db

AGREED = "Both agencies agree to a joint assessment visit"
OUTSTANDING = "Attendance support plan to be agreed"
PURSUIT = "Review meeting in four weeks"
REFERRAL = date(2026, 3, 2)


@dataclass
class Scenario:
    """A case driven through `steps` (each an action on the case, a day apart), the form
    records it must then have (form id, trigger), and the answers people give each form."""

    policy: str
    name: str
    steps: list[str]  # escalate | resolve
    made: list[tuple[str, str]]
    answers: dict[str, dict[str, object]] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)


SCENARIOS = [
    Scenario(
        "bath-north-east-somerset.toml", "appendix-a-stage-2", ["escalate", "resolve"],
        [("appendix-a", "stage:2/resolved")],
        {"appendix-a": {"referred_on": REFERRAL, "panel_convened": "no",
                        "panel_outcome": "No panel was needed"}},
    ),
    Scenario(
        "blackburn-with-darwen.toml", "stage-3-monitoring",
        ["escalate", "escalate", "resolve"],
        [("stage-3-monitoring", "stage:3/entered"), ("stage-3-monitoring", "stage:3/resolved")],
        {"stage-3-monitoring": {"referral_on": REFERRAL, "job_title": "Designated teacher",
                                "referrer_contact": "dsl@school.example",
                                "parents": "Parent details held on the agency file",
                                "stage_3_on": REFERRAL + timedelta(days=2),
                                "senior_officers": "Head of Service and Deputy Headteacher"}},
    ),
    Scenario(
        "generic-lscb.toml", "written-confirmation-and-general-issues", ["resolve"],
        [("written-confirmation", "stage:1/resolved"), ("general-issues", "stage:1/resolved")],
        {"general-issues": {"general_issues": "Thresholds document unclear on neglect"}},
        facts={"general_issues": True},
    ),
    Scenario(
        "northumberland.toml", "agency-report-escalating-then-appendix-3",
        ["escalate", "escalate", "resolve"],
        [("agency-report", "stage:2/escalating"), ("appendix-3", "stage:3/resolved")],
        {"agency-report": {"meeting_on": REFERRAL, "chair": "Team Manager, Children's Services",
                           "without_consensus": "Not applicable"}},
    ),
    Scenario(
        "northumberland.toml", "agency-report-resolved", ["escalate", "resolve"],
        [("agency-report", "stage:2/resolved")],
        {"agency-report": {"meeting_on": REFERRAL, "chair": "Safeguarding lead",
                           "without_consensus": "Agreed by both workers"}},
    ),
    Scenario(
        "stockport.toml", "outcome-resolution-notice",
        ["escalate", "escalate", "escalate", "resolve"],
        [("outcome-resolution-notice", "stage:4/entered"),
         ("outcome-resolution-notice", "stage:4/resolved")],
    ),
]  # fmt: skip


def _drive(walker: Walker, scenario: Scenario) -> Case:
    day = london("2026-03-02")
    case = walker.raise_case(day, facts=scenario.facts)
    for step in scenario.steps:
        day += timedelta(days=1)
        if step == "escalate":
            case = walker.escalate(case, day)
        else:
            actions.resolve_case(
                case=case, actor=holder(case), agreed_outcome=AGREED, now=day,
                outstanding_issues=OUTSTANDING, pursuit=PURSUIT,
            )  # fmt: skip
        case.refresh_from_db()
    return case


def _expected_text(record: FormRecord, answers: dict[str, object]) -> list[str]:
    """Words the PDF must contain: the case reference, the record's title, each answer given
    (a date as the PDF words it), and what the case filled in (its agencies; the outcome)."""
    words = [record.case.reference, "Submitted", record.case.raising_agency.name]
    for value in answers.values():
        if isinstance(value, date):
            words.append(f"{value.day} {value:%B %Y}")
        elif value in {"yes", "no"}:
            words.append(str(value).capitalize())
        else:
            words.append(str(value))
    sources = {spec.get("from") for spec in record.definition}
    if "case.outcome" in sources and record.trigger.endswith("/resolved"):
        words.append(AGREED)
    if "case.outstanding_issues" in sources and record.trigger.endswith("/resolved"):
        words.append(OUTSTANDING)
    if "case.child.name" in sources:
        words.append(record.case.subject.name)
    return words


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.policy[:-5]}-{s.name}")
def test_each_trigger_makes_its_form_completed_on_the_pages_and_printed(
    scenario: Scenario,
) -> None:
    demo = partnership_for(scenario.policy)
    case = _drive(Walker(demo), scenario)
    records = list(FormRecord.objects.filter(case=case).order_by("created_at", "pk"))
    assert [(r.form_id, r.trigger) for r in records] == scenario.made
    manager = PartnershipRole.objects.get(
        partnership=demo.partnership, role="business_manager"
    ).person
    client = signed_in(manager)
    names = set()
    for record in records:
        answers = scenario.answers.get(record.form_id, {})
        complete_and_submit(client, record, answers)
        record.refresh_from_db()
        assert record.is_submitted
        assert record.submitted_by == manager
        pdf, name = download(client, pdf_url(record))
        pdf.check_accessible()
        assert pdf.title == f"{record.title} – {case.reference}"
        assert {"H1", "H2", "Table", "TH"} <= set(pdf.headings())
        text = pdf.text
        missing = [w for w in _expected_text(record, answers) if " ".join(w.split()) not in text]
        assert not missing, f"not in the PDF of {record.form_id}: {missing}"
        assert name.startswith(f"{case.reference}-{record.form_id}")
        assert name.endswith(".pdf")
        assert case.subject.name.split()[-1].lower() not in name.lower()
        names.add(name)
        pages = pdf.save_pages(f"{scenario.policy[:-5]}-{scenario.name}-{name[:-4]}")
        assert pages
        assert all(p.stat().st_size > 10_000 for p in pages)
    assert len(names) == len(records), "each record has its own file name"


def test_a_record_made_as_the_case_is_resolved_shows_the_outcome_written_after_it() -> None:
    """The notification is recorded inside `resolve_case` before its Outcome row: the draft's
    pre-filled answers follow the case until someone saves it."""
    demo = partnership_for("generic-lscb.toml")
    case = _drive(Walker(demo), SCENARIOS[2])
    record = FormRecord.objects.get(case=case, form_id="written-confirmation")
    assert record.values["outcome"] == ""  # made before the outcome was written
    client = signed_in(holder(case))
    page = client.get(f"/cases/{case.reference}/forms/{record.pk}/").content.decode()
    assert AGREED in page
    assert OUTSTANDING in page
    assert PURSUIT in page
