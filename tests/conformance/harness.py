"""Driving one case through the pages as a procedure's conformance table says, row by row.

A table (`accord/policies/conformance/<policy file>`, beside the policy it checks) has one row
per paragraph of the published procedure that names an actor or a record. Each row says:

- `ref`, `quote`: where in the procedure, and its words;
- `on`: the London date it happens (actions at 10:00; `tick` at 09:30, after the 09:00 alerts);
- `step`: what happens through the pages, posted by `by` (a person, named as below) with the
  page's own values and the row's `with` changes ("@<person>" for a person's id): `raise` (the
  raise journey, a case of its own; `with` gives the answers to change, by page), `respond`,
  `escalate`, `complete_step`, `resolve`, `refer`, `decide` (the decision on a referred case),
  `set_fact` (answer one of the policy's questions), `panel` (the chair's yes/no on a panel),
  `form` (submit the record `form`), `sign_off_raising`, `sign_off_receiving`, `debrief`,
  `close`, `meeting` (record a meeting), `task` (add a task); `tick` (time passes and
  `accord tick` runs); or `check` (nothing happens: the row says who can act now). Before each
  other step the sweep has run that morning, so the reminders due by then are not the step's;
- `told`: exactly who is told of it, in Accord and by e-mail (the person acting excepted,
  unless `told` names them as `by` does: a policy's rule asks them for a record, say);
- `next`: who must be able to act next, and which action ("receiving_holder: respond"): the case
  page offers it to them (a link to its page, which opens for them); `form:<id>`, the record's
  page opens for them to complete; `view`, they see the case and its form records;
- `record`: the form records that exist on the case after it (by form id);
- `holders`: the level of each side's holder after it (the procedure's ladder);
- `known_gap`: where the live service does not yet do what the row says, why: the row is
  expected to fail (reported as xfail, strict: a gap that closes fails until the row is updated).

People are named by what they are to the case: `raiser`; `raising_holder`, `receiving_holder`
(now); `old_raising_holder`, `old_receiving_holder` (before the step); `raising_line_manager`,
`receiving_line_manager` (the current holder's own line manager); `receiving_senior_manager`
(the receiving agency's senior manager); a policy role key (everyone the partnership assigns
it, for the case's two agencies where it is assigned per agency), or `raising.<role>` /
`receiving.<role>` for one side's; `panel_member:<agency kind>` (its service leader).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accord.accounts.models import AgencyKind, Level, Person
from accord.cases.models import Case, FormRecord
from accord.demo.people import DemoPartnership
from accord.engine.london import LONDON
from accord.notifications.models import InAppNotification, OutboxMessage
from accord.partnerships.models import RoleAssignment
from accord.partnerships.policies import policy_of
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.web.raising import CHILD, Walk

from .forms import page_form

POLICIES = Path(__file__).resolve().parents[2] / "accord" / "policies"
ACT, TICK = time(10, 0), time(9, 30)

# The page each step posts, and the action name the case page offers it under.
PAGES = {
    "respond": "case-respond",
    "escalate": "case-escalate",
    "complete_step": "case-complete-step",
    "resolve": "case-resolve",
    "decide": "case-resolve",
    "refer": "case-refer",
    "panel": "case-panel",
    "debrief": "case-debrief",
    "close": "case-close",
    "meeting": "case-meeting-add",
    "set_fact": "case-set-fact",
    "task": "case-task-add",
    "advise": "case-advice",
    "plan_meeting": "case-meeting-plan",
}
# Actions on one side of the case: `<action>_<side>` (sign_off_raising, take_over_receiving).
SIDED = {"sign_off_": "case-sign-off", "take_over_": "case-take-over"}
# What each step writes where the page asks for words (the page's own values for the rest).
WORDS = {
    "respond": {"position": "disagree", "note": "We stand by the decision: the risk is managed."},
    "escalate": {"reason": "Still no agreement."},
    "resolve": {"agreed_outcome": "A joint assessment within 10 days.", "consensus": "yes"},
    "decide": {"agreed_outcome": "A strategy discussion this week."},
    "refer": {"reason": "No agreement at the top."},
    "debrief": {"outcome": "held", "notes": "What each side learned."},
    "close": {},
    "complete_step": {},
    "panel": {},
    "task": {"title": "Joint visit to the family"},
    "meeting": {"held_time": "09:00", "minutes": "The problem, what each side aims for, a plan."},
    "advise": {"advice": "Ask for the strategy discussion's minutes first."},
    "take_over_raising": {"reason": "No answer from our side in time."},
    "take_over_receiving": {"reason": "No answer from our side in time."},
}


@dataclass(frozen=True)
class Row:
    ref: str
    quote: str
    on: str
    step: str
    by: str = ""
    with_: dict[str, Any] = field(default_factory=dict)
    form: str = ""
    told: tuple[str, ...] = ()
    next: tuple[str, ...] = ()
    record: tuple[str, ...] = ()
    holders: dict[str, str] = field(default_factory=dict)
    known_gap: str = ""

    @property
    def name(self) -> str:
        return f"{self.ref} ({self.step})"


@dataclass(frozen=True)
class Table:
    policy: str
    procedure: str
    raising: str
    receiving: str
    rows: tuple[Row, ...]


def load_table(policy_file: str) -> Table:
    path = POLICIES / "conformance" / policy_file
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = tuple(
        Row(**{("with_" if key == "with" else key): _tuple(value) for key, value in row.items()})
        for row in data["rows"]
    )
    steps = {*PAGES, "raise", "tick", "check", "form"}
    steps |= {f"{prefix}{side}" for prefix in SIDED for side in ("raising", "receiving")}
    for row in rows:
        assert row.step in steps, f"{path.name}: {row.ref}: no step {row.step}"
        assert row.step in {"tick", "check"} or row.by, f"{path.name}: {row.ref}: by whom?"
        date.fromisoformat(row.on)
    return Table(
        policy=policy_file,
        procedure=data["procedure"],
        raising=data.get("raising_agency", AgencyKind.EDUCATION),
        receiving=data.get("receiving_agency", AgencyKind.SOCIAL_CARE),
        rows=rows,
    )


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def london(day: str, at: time) -> datetime:
    return datetime.combine(date.fromisoformat(day), at, tzinfo=LONDON)


@dataclass
class Told:
    in_app: set[Person]
    by_email: set[Person]
    how: dict[Person, list[str]] = field(default_factory=dict)  # kind/roles of each notice

    def of(self, person: Person) -> str:
        return ", ".join(self.how.get(person, []))


class Driver:
    """One case of a demo partnership, moved by the table's rows through the pages."""

    def __init__(self, demo: DemoPartnership, table: Table) -> None:
        self.demo, self.table = demo, table
        self.case: Case | None = None
        self.before: dict[str, Person] = {}
        self.clients: dict[int, Client] = {}
        self.pages: dict[int, str] = {}  # the case page each person saw after this row's step

    # --- people ---------------------------------------------------------------------------

    def client(self, person: Person) -> Client:
        """A client signed in as `person` (afresh each row: a day later a session has ended)."""
        if person.pk not in self.clients:
            self.clients[person.pk] = signed_in(person)
        return self.clients[person.pk]

    def level(self, side: str, level: str) -> Person:
        kind = self.table.raising if side == "raising" else self.table.receiving
        return self.demo.agencies[kind].by_level[level]

    def people(self, name: str) -> set[Person]:
        """Everyone `name` names (see the module's docstring)."""
        case = self.current()
        if name == "raiser":
            return {case.raised_by}
        if name in {"raising_holder", "receiving_holder"}:
            return {holder(case, name.removesuffix("_holder"))}
        if name.startswith("old_"):
            return {self.before[name.removeprefix("old_")]}
        if name.endswith("_line_manager"):
            manager = holder(case, name.removesuffix("_line_manager")).line_manager
            return {manager} if manager else set()
        if name == "receiving_senior_manager":
            return {self.level("receiving", Level.SENIOR_MANAGER)}
        if name.startswith("panel_member:"):
            return {self.demo.agencies[name.split(":")[1]].by_level[Level.SERVICE_LEADER]}
        side, _, role = name.rpartition(".")
        agencies = {
            "raising": {case.raising_agency_id},
            "receiving": {case.receiving_agency_id},
            "": {None, case.raising_agency_id, case.receiving_agency_id},
        }[side]
        found = {
            a.person
            for a in RoleAssignment.objects.filter(
                partnership=case.partnership, role_key=role
            ).select_related("person")
            if a.agency_id in agencies
        }
        assert found, f"the table names {name}, whom nobody is"
        return found

    def describe(self, person: Person) -> str:
        """`person` as the table would name them (for a failure's message)."""
        case = self.current()
        names = ["raiser", "raising_holder", "receiving_holder"]
        names += [f"old_{name}" for name in self.before]
        names += ["raising_line_manager", "receiving_line_manager", "receiving_senior_manager"]
        names += sorted(set(RoleAssignment.objects.filter(partnership=case.partnership)
                            .values_list("role_key", flat=True)))  # fmt: skip
        for name in names:
            try:
                if person in self.people(name):
                    return f"{name} ({person.full_name})"
            except AssertionError:
                continue
        return f"{person.full_name}, {person.job_title} ({person.agency})"

    def named(self, value: Any) -> Any:
        """A form value from the table, with each "@<person>" put as that person's id."""
        if isinstance(value, (list, tuple)):
            return [self.named(item) for item in value]
        if isinstance(value, str) and value.startswith("@"):
            return str(self.one(value[1:]).pk)
        return value

    def one(self, name: str) -> Person:
        found = self.people(name)
        assert len(found) == 1, f"{name} names {len(found)} people"
        return next(iter(found))

    def current(self) -> Case:
        assert self.case is not None, "the first row raises the case"
        return Case.objects.get(pk=self.case.pk)

    # --- steps ----------------------------------------------------------------------------

    def at(self, row: Row) -> time_machine.travel:
        """The row's instant: actions at 10:00, the sweep at 09:30 (London)."""
        self.clients, self.pages = {}, {}
        return time_machine.travel(london(row.on, TICK if row.step == "tick" else ACT), tick=False)

    def remember(self) -> None:
        """Note the holders before a step (`old_raising_holder`, `old_receiving_holder`)."""
        if self.case is not None:
            case = self.current()
            self.before = {
                f"{side}_holder": holder(case, side) for side in ("raising", "receiving")
            }

    def run(self, row: Row) -> Told:
        """Do the row's step (at its instant: see `at`) and return who was told of it."""
        if row.step != "tick" and self.case is not None:
            # The sweep has run this morning (it runs every few minutes): the reminders and
            # alerts due by now are its, not the action's.
            with time_machine.travel(london(row.on, TICK), tick=False):
                call_command("tick")
        marks = (_last(InAppNotification), _last(OutboxMessage))
        if row.step == "check":
            pass  # nothing happens: the row says only who can act now
        elif row.step == "tick":
            call_command("tick")
        elif row.step == "raise":
            self.raise_case(row)
        elif row.step == "form":
            self.submit_form(row)
        else:
            self.post_action(row)
        reference = self.current().reference
        in_app = InAppNotification.objects.filter(reference=reference, pk__gt=marks[0])
        emails = OutboxMessage.objects.filter(reference=reference, pk__gt=marks[1])
        how: dict[Person, list[str]] = {}
        for notice in in_app:
            if notice.person is not None:
                how.setdefault(notice.person, []).append(f"{notice.kind} as {notice.roles}")
        return Told(
            in_app={n.person for n in in_app if n.person is not None},
            by_email={m.person for m in emails if m.person is not None},
            how=how,
        )

    def raise_case(self, row: Row) -> None:
        raiser = self.level("raising", Level.PRACTITIONER)
        receiving = self.demo.agencies[self.table.receiving]
        answers: dict[str, dict[str, Any]] = {
            "partnership": {"partnership": str(self.demo.partnership.pk)},
            "exception": {"answer": "no"},
            "immediate-risk": {"answer": "no"},
            "about": {"subject_kind": "child"},
            "person": CHILD,
            "pattern": {"pattern": "How referrals from schools are screened"},
            "concern": {"concern_on_day": "4", "concern_on_month": "1", "concern_on_year": "2027"},
            "decision": {
                "decision": "Referral about neglect closed with no further action.",
                "decision_by": "Duty team manager",
            },
            "outcome": {"outcome": "A child and family assessment."},
            "agency-kind": {"agency_kind": self.table.receiving},
            "agency": {"agency": str(receiving.agency.pk)},
            "theme": {"theme": next(iter(policy_of(self.demo.version).themes), "")},
            "facts": {},
        }
        for page, level in (("counterpart", "receiving"), ("raising-holder", "raising")):
            who = self.level(level, row.holders[level])
            key = "counterpart" if page == "counterpart" else "raising_holder"
            answers[page] = {key: str(who.pk)}
        for page, changes in row.with_.items():
            answers[page] = {**answers.get(page, {}), **changes}
        walk = Walk(self.client(raiser)).begin()
        try:
            walk.until("check", answers)
        except AssertionError as refused:  # the walk's message is the page's HTML: shorten it
            raise AssertionError(f"the raise journey stopped at {walk.step}") from refused
        response = walk.post({})
        assert response.status_code == 302, _errors(response)
        assert walk.step == "done", walk.location
        self.case = Case.objects.filter(raised_by=raiser).latest("pk")

    def post_action(self, row: Row) -> None:
        case = self.current()
        person = self.one(row.by)
        path = action_path(row.step, case)
        assert path is not None, f"no step {row.step}"
        client = self.client(person)
        detail = client.get(reverse("web:case-detail", args=[case.reference])).content.decode()
        assert f'href="{path}"' in detail, (
            f"the case page offers {row.by} no {path}: {_links(detail)}"
        )
        page = client.get(path)
        assert page.status_code == 200, f"{row.by} cannot open {path}: {page.status_code}"
        changes = {**WORDS.get(row.step, {}), **row.with_}
        changes = {name: self.named(value) for name, value in changes.items()}
        if row.step in {"debrief", "meeting"}:  # held today
            day = date.fromisoformat(row.on)
            changes |= {"held_on_day": str(day.day), "held_on_month": str(day.month),
                        "held_on_year": str(day.year)}  # fmt: skip
        if row.step == "task":  # due a week later
            day = date.fromisoformat(row.on) + timedelta(days=7)
            changes |= {"due_on_day": str(day.day), "due_on_month": str(day.month),
                        "due_on_year": str(day.year)}  # fmt: skip
        if row.step.startswith("sign_off_"):
            changes = {"confirmed": "on", **changes}
        form = page_form(page.content.decode(), path)
        wanted = {k: v for k, v in changes.items() if k in form.names or k in row.with_}
        response = client.post(path, form.data(wanted))
        assert response.status_code == 302, f"{row.step}: {_errors(response)}"

    def submit_form(self, row: Row) -> None:
        case = self.current()
        person = self.one(row.by)
        record = FormRecord.objects.filter(case=case, form_id=row.form).latest("pk")
        path = reverse("web:case-form", args=[case.reference, record.pk])
        client = self.client(person)
        page = client.get(path)
        assert page.status_code == 200, f"{row.by} cannot open {row.form}: {page.status_code}"
        form = page_form(page.content.decode(), path)
        submit = [button for button in form.buttons if button[1] == "submit"]
        assert submit, f"{row.form} offers {row.by} no submit button"
        changes: dict[str, Any] = {submit[0][0]: submit[0][1], **row.with_}
        changes |= {"confirm": "on"} if "confirm" in form.names else {}
        response = client.post(path, form.data(changes))
        assert response.status_code == 302, f"{row.form}: {_errors(response)}"
        assert FormRecord.objects.filter(case=case, form_id=row.form, status="submitted")

    # --- checks ---------------------------------------------------------------------------

    def offered(self, who: str, action: str) -> str | None:
        """Why `who` is not offered `action` now (None: the case page links to its page, and
        the page opens for them)."""
        case = self.current()
        if action == "view":  # see the case and its form records
            for person in self.people(who):
                for name in ("web:case-detail", "web:case-forms"):
                    page = self.client(person).get(reverse(name, args=[case.reference]))
                    if page.status_code != 200:
                        return f"{who} cannot see {name}: {page.status_code} {_refusal(page)}"
            return None
        if action.startswith("form:"):
            records = FormRecord.objects.filter(case=case, form_id=action.removeprefix("form:"))
            if not records.exists():
                return f"there is no {action} record"
            path = reverse("web:case-form", args=[case.reference, records.latest("pk").pk])
        else:
            found = action_path(action, case)
            if found is None:
                return f"Accord has no action {action} to offer {who}"
            path = found
        for person in self.people(who):
            client = self.client(person)
            if not action.startswith("form:"):
                if person.pk not in self.pages:  # the case page as it is after the step
                    detail = client.get(reverse("web:case-detail", args=[case.reference]))
                    self.pages[person.pk] = detail.content.decode()
                if f'href="{path}"' not in self.pages[person.pk]:
                    return f"the case page offers {who} ({person.full_name}) no {action}"
            page = client.get(path)
            if page.status_code != 200:
                return f"{who} cannot open {action}: {page.status_code} {_refusal(page)}"
        return None

    def records(self) -> set[str]:
        return set(FormRecord.objects.filter(case=self.current()).values_list("form_id", flat=True))


def action_path(action: str, case: Case) -> str | None:
    """The page of step or action `action` on `case` (None: Accord has no such action)."""
    kwargs = {"reference": case.reference}
    for prefix, name in SIDED.items():
        if action.startswith(prefix):
            return reverse(f"web:{name}", kwargs=kwargs | {"side": action.removeprefix(prefix)})
    name = PAGES.get(action)
    return reverse(f"web:{name}", kwargs=kwargs) if name else None


def _last(model: Any) -> int:
    row = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return int(row or 0)


def _errors(response: Any) -> str:
    """The error summary's messages, or the status (for a failure's message)."""
    html = response.content.decode()
    if "govuk-error-summary__list" not in html:
        return f"{response.status_code} {_refusal(response)}"
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    return "; ".join(re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in items)


def _links(html: str) -> list[str]:
    """The case's action links on a case page (for a failure's message)."""
    return sorted(set(re.findall(r'href="/cases/[^/"]+/([^"]+)"', html)))


def _refusal(page: Any) -> str:
    found = re.search(r"<p class=\"govuk-body\">(.*?)</p>", page.content.decode(), re.DOTALL)
    return found.group(1).strip()[:200] if found else ""
