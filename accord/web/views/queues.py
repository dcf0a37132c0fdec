"""The work queues (each person's cases, "needs my action" the home page), finding a case by its
reference, and what the lists share: their rows and their pages (partnership_cases.py has the
partnership's list).

Every list reads through `accord.cases.worklists` (which reads through the access rules); the
clock is read once per request here and passed down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.cases import access
from accord.cases.models import Case
from accord.cases.references import REFERENCE_PATTERN
from accord.cases.worklists import (
    open_tasks,
    queue_cases,
    queue_counts,
)
from accord.input_limits import record_id
from accord.web import labels

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
COUNT_CAP = 1000  # lists count this far, then say "more than" (benchmarks/pages.py)


@dataclass(frozen=True)
class Queue:
    key: str  # as accord.cases.worklists.QUEUES names it
    title: StrOrPromise
    url_name: str
    description: StrOrPromise
    empty: StrOrPromise


QUEUES = [
    Queue("needs_action", _("Needs my action"), "web:case-list",
          _("Cases you hold where it is your turn to act or a deadline has passed."),
          _("No case is waiting for you to act.")),
    Queue("due_soon", _("Due soon"), "web:cases-due-soon",
          _("Cases you hold or raised with a deadline due today or on the next working day."),
          _("Nothing you hold or raised is due soon.")),
    Queue("overdue", _("Overdue"), "web:cases-overdue",
          _("Cases you hold or raised with a deadline that has passed."),
          _("Nothing you hold or raised is overdue.")),
    Queue("raised", _("Raised by me"), "web:cases-raised",
          _("The disagreements you raised, newest first."),
          _("You have not raised a disagreement.")),
    Queue("all", _("All my cases"), "web:cases-all",
          _("Every case you can see, newest first."),
          _("There are no cases for you to see.")),
]  # fmt: skip
BY_KEY = {queue.key: queue for queue in QUEUES}
GET_ONLY = ["GET", "HEAD"]


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


@dataclass(frozen=True)
class Pages:
    """One page of a list counted only up to COUNT_CAP: a huge list says "more than 1,000" and
    still pages on (each page fetches one row more, to know whether there is a next)."""

    rows: list[Any]
    number: int
    count: int  # at most COUNT_CAP + 1
    has_next: bool

    @property
    def more(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def last(self) -> int | None:
        """The number of the last page, when the count is known."""
        return None if self.more else max(1, -(-self.count // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def pages_of(rows: Any, count: int, asked: str | None) -> Pages:
    """The page `asked` (a number; the first when it is not one, the last known when beyond)."""
    wanted = record_id(asked)
    number = wanted if wanted is not None and wanted < 10**6 else 1
    if count <= COUNT_CAP:
        number = min(number, max(1, -(-count // PAGE_SIZE)))
    start = (number - 1) * PAGE_SIZE
    found = list(rows[start : start + PAGE_SIZE + 1]) if count else []
    return Pages(found[:PAGE_SIZE], number, count, len(found) > PAGE_SIZE)


def counted(count: int) -> str:
    return f"more than {COUNT_CAP:,}" if count > COUNT_CAP else f"{count:,}"


def _other_agency(case: Case, person: Person) -> str:
    raising, receiving = case.raising_agency, case.receiving_agency
    if person.agency_id == raising.pk:
        return receiving.name
    if person.agency_id == receiving.pk:
        return raising.name
    return gettext("%(raising)s and %(receiving)s") % {
        "raising": raising.name,
        "receiving": receiving.name,
    }


def _due_tag(case: Case) -> labels.Tag | None:
    """Overdue or due soon, as `with_due` found them (the engine's rule on stored windows)."""
    if getattr(case, "overdue", False):
        return labels.deadline_status("overdue")
    if getattr(case, "due_soon", False):
        return labels.deadline_status("due_soon")
    return None


def rows_of(cases: Any, person: Person) -> list[dict[str, Any]]:
    """What each row shows, worked out here (the tags' words and colours, the link) so that a
    page of 50 rows renders without an include or a URL lookup per cell."""
    urgent = labels.flag("urgent")
    cases = list(cases)
    statuses = labels.case_status_tags(cases)
    return [
        {
            "case": c,
            "href": reverse("web:case-detail", args=[c.reference]),
            "status": statuses[c.pk],
            "urgent": urgent if c.urgent else None,
            "other_agency": _other_agency(c, person),
            "due_tag": _due_tag(c),
        }
        for c in cases
    ]


def _queue_page(request: HttpRequest, key: str) -> HttpResponse:
    if request.method not in GET_ONLY:
        return HttpResponseNotAllowed(GET_ONLY)
    person = person_of(request)
    now = timezone.now()
    counts = queue_counts(person, now=now, cap=COUNT_CAP)
    cases = queue_cases(person, key, now=now)
    page = pages_of(cases, counts[key], request.GET.get("page"))
    tabs = [
        {
            "text": f"{q.title} ({counted(counts[q.key])})",
            "href": reverse(q.url_name),
            "current": q.key == key,
        }
        for q in QUEUES
    ]
    return render(
        request,
        "web/queues/queue.html",
        {
            "queue": BY_KEY[key],
            "tabs": tabs,
            "page": page,
            "rows": rows_of(page.rows, person),
            "tasks": list(open_tasks(person)) if key == "needs_action" else None,
            "today": timezone.localdate(now),
            "find": FindForm(),
        },
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The home page: the cases that need the person's action, and their tasks."""
    return _queue_page(request, "needs_action")


@login_required
def due_soon(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, "due_soon")


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, "overdue")


@login_required
def raised_by_me(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, "raised")


@login_required
def all_my_cases(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, "all")


# --- Finding a case by its reference ------------------------------------------------------

BAD_REFERENCE = _("Enter a case reference like ACC-2026-00042")


class FindForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"), max_length=30, help_text=_("For example, ACC-2026-00042"),
        error_messages={"required": _("Enter a case reference"), "max_length": BAD_REFERENCE},
    )  # fmt: skip


def found_url(person: Person, reference: str) -> str | None:
    """The case page's URL if `person` can see case `reference` (any case they can see, not
    only their partnership's); None otherwise, whether or not there is such a case."""
    try:
        case = access.get_case_for(person, reference)
    except Case.DoesNotExist:
        return None
    return reverse("web:case-detail", args=[case.reference])


def not_found(reference: str) -> str:
    return f"No case {reference} that you can see"


@login_required
def find_case(request: HttpRequest) -> HttpResponse:
    """Straight to the case page, or "No case ... that you can see": the same words whether the
    case does not exist or is not the person's to see."""
    if request.method not in GET_ONLY:
        return HttpResponseNotAllowed(GET_ONLY)
    form = FindForm(request.GET if "reference" in request.GET else None)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        if not REFERENCE_PATTERN.match(reference):
            form.add_error("reference", BAD_REFERENCE)
        elif (url := found_url(person_of(request), reference)) is not None:
            return redirect(url)
        else:
            form.add_error("reference", not_found(reference))
    return render(request, "web/queues/find.html", {"form": form})
