"""Checking a CSV file of people before anyone is added: every problem, with its row.

Columns (a header row, any order, names without regard to case):
`email`, `full_name`, `agency`, `level` (required), `job_title`, `safeguarding_lead`,
`line_manager_email`, `roles` (optional). Rows count as a spreadsheet shows them: the header is
row 1. A line manager is an existing person or another row of the file, in the same agency.
`roles` lists roles the partnership's policy names (its keys or its titles, separated by `;`),
which the person then holds for every case of the partnership.
`plan_import` reads the database in three queries and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from accord.input_limits import CONTROL_CHARACTERS, EMAIL_LENGTH

from .models import Agency, Level, Person
from .people_file import COLUMNS, MAX_BYTES, Problem, key, read_rows

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class NewPerson:
    row: int
    email: str
    full_name: str
    job_title: str
    agency: Agency | None  # None (and level "") only on a row with problems
    level: str
    is_safeguarding_lead: bool
    manager_email: str = ""
    manager: Person | None = None  # an existing person
    manager_row: int | None = None  # or another row of the file
    roles: tuple[str, ...] = ()  # role keys of the partnership's policy


@dataclass
class ImportPlan:
    people: list[NewPerson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already_there: list[int] = field(default_factory=list)  # rows skipped (`skip_existing`)

    @property
    def rows_with_problems(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})


LEVELS = {key(value): value for value in Level.values} | {
    key(str(label)): value for value, label in Level.choices
}


def _roles_of(text: str, known: Mapping[str, str], bad: Callable[[str, str], None]) -> list[str]:
    """The role keys a `roles` cell names (by key or title); an unknown one is a problem."""
    by_name = {key(role): role for role in known} | {
        key(title): role for role, title in known.items()
    }
    found: list[str] = []
    for name in (part.strip() for part in text.split(";")):
        if not name:
            continue
        role = by_name.get(key(name))
        if role is None:
            if not known:
                bad(
                    "roles", gettext("The partnership has no policy loaded yet: it names the roles")
                )
                return []
            bad(
                "roles",
                gettext("Unknown role “%(name)s”: use one of %(roles)s")
                % {"name": name, "roles": ", ".join(known)},
            )
        elif role not in found:
            found.append(role)
    return found


def _check_row(
    number: int,
    cells: dict[str, str],
    agencies: dict[str, Agency],
    plan: ImportPlan,
    roles: Mapping[str, str],
) -> NewPerson:
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    email = cells.get("email", "").lower()
    if not email:
        bad("email", gettext("Enter an e-mail address"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            bad("email", gettext("“%(email)s” is not an e-mail address") % {"email": email})
        else:
            if len(email) > EMAIL_LENGTH:
                bad(
                    "email",
                    gettext("The e-mail address must be %(limit)s characters or fewer")
                    % {"limit": EMAIL_LENGTH},
                )
    full_name = cells.get("full_name", "")
    if not full_name:
        bad("full_name", gettext("Enter the person's full name"))
    elif len(full_name) > 200:
        bad("full_name", gettext("The full name must be 200 characters or fewer"))
    job_title = cells.get("job_title", "")
    if len(job_title) > 200:
        bad("job_title", gettext("The job title must be 200 characters or fewer"))
    agency_name = cells.get("agency", "")
    agency = agencies.get(key(agency_name))
    if not agency_name:
        bad("agency", gettext("Enter the agency's name"))
    elif agency is None:
        bad(
            "agency",
            gettext("Unknown agency “%(agency)s”: it must be one of your partnership's")
            % {"agency": agency_name},
        )
    level_text = cells.get("level", "")
    level = LEVELS.get(key(level_text))
    if level is None:
        choices = ", ".join(str(label).lower() for label in Level.labels)
        bad(
            "level",
            gettext("Unknown level “%(level)s”: use one of %(levels)s")
            % {"level": level_text, "levels": choices},
        )
    lead_text = cells.get("safeguarding_lead", "").lower()
    if lead_text not in YES | NO:
        bad(
            "safeguarding_lead",
            gettext("Safeguarding lead is yes or no, not “%(answer)s”") % {"answer": lead_text},
        )
    manager_email = cells.get("line_manager_email", "").lower()
    if manager_email and manager_email == email:
        bad("line_manager_email", gettext("A person cannot be their own line manager"))
    held = _roles_of(cells.get("roles", ""), roles, bad)
    plan.problems.extend(problems)
    return NewPerson(
        row=number,
        email=email,
        full_name=full_name,
        job_title=job_title,
        agency=agency,
        level=level or "",
        is_safeguarding_lead=lead_text in YES,
        manager_email=manager_email,
        roles=tuple(held),
    )


def _find_loops(people: list[NewPerson], plan: ImportPlan) -> None:
    """Rows whose line managers, followed through the file, come back to them."""
    by_row = {p.row: p for p in people}
    reported: set[int] = set()
    for start in people:
        seen: list[int] = []
        current: NewPerson | None = start
        while current is not None and current.row not in seen:
            seen.append(current.row)
            current = by_row.get(current.manager_row) if current.manager_row else None
        if current is not None and current.row == start.row and start.row not in reported:
            loop = ", ".join(str(r) for r in seen)
            for row in seen:
                reported.add(row)
                plan.problems.append(
                    Problem(
                        row,
                        "line_manager_email",
                        gettext("Line managers form a loop: rows %(rows)s") % {"rows": loop},
                    )
                )


def plan_import(
    *,
    text: str,
    agencies: Iterable[Agency],
    skip_existing: bool = False,
    roles: Mapping[str, str] | None = None,
) -> ImportPlan:
    """Check every row of `text` against `agencies` (the ones the administrator manages) and the
    people already there. `plan.problems` lists everything wrong; when it is empty,
    `plan.people` is who would be added.

    With `skip_existing`, a row whose address is already someone's in the agency the row names
    is not a problem: it goes to `plan.already_there` (by row) and nobody is added for it; a
    line manager named by such a row is that existing person. `roles` are the role keys (and
    titles) of the partnership's policy a `roles` cell may name."""
    plan = ImportPlan()
    if len(text.encode("utf-8")) > MAX_BYTES:
        plan.problems.append(Problem(None, "", gettext("The file is larger than 2 MB: split it")))
        return plan
    if control := CONTROL_CHARACTERS.search(text):
        line = text.count("\n", 0, control.start()) + 1
        message = gettext(
            "Line %(line)s of the file has a control character (such as NUL): remove it"
        ) % {"line": line}
        plan.problems.append(Problem(None, "", message))
        return plan
    by_name = {key(a.name): a for a in agencies}
    rows = read_rows(text, plan.problems)
    # Every row is checked in full, even one with problems already: all of them are reported.
    people = [_check_row(number, cells, by_name, plan, roles or {}) for number, cells in rows]
    # E-mail addresses: unique in the file and new to Accord (one query).
    first_row: dict[str, int] = {}
    for number, cells in rows:
        email = cells.get("email", "").lower()
        if email and email in first_row:
            plan.problems.append(
                Problem(
                    number,
                    "email",
                    gettext("The same e-mail address as row %(row)s") % {"row": first_row[email]},
                )
            )
        first_row.setdefault(email, number)
    emails = [e for e in first_row if e]
    taken = dict(Person.objects.filter(email__in=emails).values_list("email", "agency_id"))
    for person in people:
        if person.email not in taken:
            continue
        same_agency = person.agency is not None and taken[person.email] == person.agency.pk
        if skip_existing and same_agency and first_row[person.email] == person.row:
            plan.already_there.append(person.row)
        else:
            plan.problems.append(
                Problem(
                    person.row,
                    "email",
                    gettext("There is already an account with this e-mail address"),
                )
            )
    people = [p for p in people if p.row not in plan.already_there]
    # Line managers: in the file first, else existing people (one query).
    in_file: dict[str, NewPerson] = {}
    for person in people:
        in_file.setdefault(person.email, person)
    wanted = {p.manager_email for p in people if p.manager_email and p.manager_email not in in_file}
    existing = {
        m.email: m for m in Person.objects.filter(email__in=wanted).select_related("agency")
    }
    for person in people:
        if not person.manager_email:
            continue
        row_manager = in_file.get(person.manager_email)
        manager_agency = row_manager.agency if row_manager else None
        if row_manager is None:
            found = existing.get(person.manager_email)
            if found is None:
                plan.problems.append(
                    Problem(
                        person.row,
                        "line_manager_email",
                        gettext("Line manager “%(email)s” not found in Accord or the file")
                        % {"email": person.manager_email},
                    )
                )
                continue
            if not found.is_active:
                plan.problems.append(
                    Problem(
                        person.row, "line_manager_email", gettext("The line manager is deactivated")
                    )
                )
                continue
            manager_agency = found.agency
            person.manager = found
        else:
            person.manager_row = row_manager.row
        if person.agency is None or (row_manager is not None and manager_agency is None):
            continue  # an unknown agency is reported on its own row
        if manager_agency is None or manager_agency.pk != person.agency.pk:
            plan.problems.append(
                Problem(
                    person.row,
                    "line_manager_email",
                    gettext("The line manager must work in the same agency as the person"),
                )
            )
    _find_loops(people, plan)
    plan.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else -1)
    )
    if not plan.problems:
        plan.people = people
    return plan
