"""The partnership's list of every case for its staff: filters (the MOJ filter pattern, a GET
form that works without JavaScript), sortable columns, pages, and finding a case by reference."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Agency, Person
from accord.cases.case_filters import ACTIVE, CaseFilters
from accord.cases.models import CaseStatus
from accord.cases.worklists import capped_count, partnership_cases, staff_partnerships
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import policy_of
from accord.web import labels

from . import queues
from .queues import GET_ONLY, counted, found_url, not_found, pages_of, person_of, rows_of


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the person's partnerships, and their agencies, stages, themes."""

    partnerships: list[tuple[int, str]]
    agencies: list[tuple[int, str]]
    stages: list[int]
    themes: list[str]

    def problems(self, filters: CaseFilters) -> dict[str, str]:
        """Values that are well formed but not among the choices."""
        found = {}
        if filters.partnership and filters.partnership not in dict(self.partnerships):
            found["partnership"] = "Choose a partnership from the list"
        if filters.agency and filters.agency not in dict(self.agencies):
            found["agency"] = "Choose an agency from the list"
        if filters.stage and filters.stage not in self.stages:
            found["stage"] = "Choose a stage from the list"
        return found


def filter_choices(person: Person, filters: CaseFilters) -> Choices:
    """Three queries: the partnerships, their agencies, and their policy versions."""
    ids = staff_partnerships(person)
    partnerships = list(
        Partnership.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name")
    )
    scope = [filters.partnership] if filters.partnership in ids else sorted(ids)
    agencies = Agency.objects.filter(Q(home_partnership_id__in=scope) | Q(serves__in=scope))
    named = agencies.distinct().order_by("name", "pk").values_list("pk", "name")
    stages, themes = 1, []
    for version in PolicyVersion.objects.filter(partnership_id__in=scope).order_by("pk"):
        policy = policy_of(version)
        stages = max(stages, policy.top_stage)
        themes += [t for t in policy.themes if t not in themes]
    if filters.theme and filters.theme not in themes:
        themes.append(filters.theme)
    return Choices(partnerships, list(named), list(range(1, stages + 1)), themes)


def _options(first: str, pairs: Any) -> list[tuple[str, str]]:
    return [("", first), *((str(value), str(text)) for value, text in pairs)]


class FilterForm(forms.Form):
    """The filters as the page shows them (the values are read by `CaseFilters.from_query`)."""

    partnership = forms.CharField(required=False, widget=forms.Select, label=_("Partnership"))
    stage = forms.CharField(required=False, widget=forms.Select, label=_("Stage"))
    agency = forms.CharField(required=False, widget=forms.Select, label=_("Agency"))
    status = forms.CharField(required=False, widget=forms.Select, label=_("Status"))
    overdue = forms.BooleanField(required=False, label=_("Cases with a deadline passed"))
    urgent = forms.BooleanField(required=False, label=_("Urgent cases"))
    theme = forms.CharField(required=False, widget=forms.Select, label=_("Theme"))
    raised_from = forms.CharField(
        required=False, label=_("From"), help_text=_("For example, 1/4/2026")
    )
    raised_to = forms.CharField(
        required=False, label=_("To"), help_text=_("For example, 30/6/2026")
    )
    reference = forms.CharField(
        required=False, label=_("Case reference"), help_text=_("For example, ACC-2026-00042")
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: dict[str, str], *, choices: Choices) -> None:
        super().__init__(data)
        widgets = {
            "partnership": _options(gettext("All your partnerships"), choices.partnerships),
            "stage": _options(
                gettext("Any stage"),
                ((n, gettext("Stage %(number)s") % {"number": n}) for n in choices.stages),
            ),
            "agency": _options(gettext("Any agency"), choices.agencies),
            "status": _options(gettext("Any status"), [
                (ACTIVE, gettext("Active (not closed or withdrawn)")),
                *((s, labels.case_status(s).text) for s in CaseStatus.values),
            ]),
            "theme": _options(gettext("Any theme"), ((t, t) for t in choices.themes)),
        }  # fmt: skip
        for name, options in widgets.items():
            self.fields[name].widget.choices = options


def form_data(query: Any, filters: CaseFilters, errors: dict[str, str]) -> dict[str, str]:
    """What the form shows: the filters as understood, and what was typed where it was wrong."""
    data: dict[str, str] = {}
    for name in CaseFilters.__dataclass_fields__:
        value = getattr(filters, name)
        if name in errors:
            data[name] = str(query.get(name, ""))
        elif isinstance(value, date):
            data[name] = f"{value.day}/{value.month}/{value.year}"
        elif value is True:
            data[name] = "1"
        elif value not in (None, False):
            data[name] = str(value)
    data["sort"] = filters.sort
    return data


SORTABLE = [("reference", _("Reference")), ("stage", _("Stage")), ("raised_at", _("Raised")),
            ("next_due", _("Next due"))]  # fmt: skip


def sort_headers(filters: CaseFilters) -> dict[str, dict[str, str]]:
    """Each sortable column's link (the other way round when it is the current order) and its
    `aria-sort`."""
    headers = {}
    for column, text in SORTABLE:
        state = {column: "ascending", f"-{column}": "descending"}.get(filters.sort, "none")
        sort = f"-{column}" if state == "ascending" else column
        query = replace(filters, reference=None, sort=sort).to_query()
        headers[column] = {"text": str(text), "aria_sort": state, "href": f"?{query}"}
    return headers


def selected(filters: CaseFilters, choices: Choices) -> list[dict[str, str]]:
    """The filters in use, each with a link that removes it (the MOJ filter's tags)."""
    names = {
        "partnership": dict(choices.partnerships),
        "agency": dict(choices.agencies),
    }
    found = []
    for name in ("partnership", "stage", "agency", "status", "overdue", "urgent", "theme",
                 "raised_from", "raised_to"):  # fmt: skip
        value = getattr(filters, name)
        if value in (None, False):
            continue
        if name in names:
            text = names[name].get(value, str(value))
        elif name == "stage":
            text = f"Stage {value}"
        elif name == "status":
            text = "Active" if value == ACTIVE else str(labels.case_status(value).text)
        elif name in {"overdue", "urgent"}:
            text = "Deadline passed" if name == "overdue" else "Urgent"
        elif isinstance(value, date):
            text = f"Raised {'from' if name == 'raised_from' else 'to'} {value.day} {value:%B %Y}"
        else:
            text = str(value)
        cleared: dict[str, Any] = {name: False if name in {"overdue", "urgent"} else None}
        without = replace(filters, reference=None, **cleared)
        found.append({"text": text, "href": f"?{without.to_query()}"})
    return found


@login_required
def partnership_case_list(request: HttpRequest) -> HttpResponse:
    """Every case of the person's partnerships, filtered and sorted (partnership staff only)."""
    person = person_of(request)
    if not staff_partnerships(person):
        raise PermissionDenied("Only a partnership's staff can see its list of cases")
    if request.method not in GET_ONLY:
        return HttpResponseNotAllowed(GET_ONLY)
    now = timezone.now()
    filters, errors = CaseFilters.from_query(request.GET)
    choices = filter_choices(person, filters)
    errors = {**choices.problems(filters), **errors}
    if filters.reference is not None and "reference" not in errors:
        if (url := found_url(person, filters.reference)) is not None:
            return redirect(url)
        errors["reference"] = not_found(filters.reference)
    form = FilterForm(form_data(request.GET, filters, errors), choices=choices)
    form.is_valid()  # every field is optional: this readies the form for the errors below
    for field, message in errors.items():  # a filter the form has no field for (a link's)
        form.add_error(field if field in form.fields else None, message)
    listed = replace(filters, reference=None)
    page = None
    if not set(errors) - {"reference"}:  # a reference not found still lists the cases
        cases = partnership_cases(person, listed, now=now).select_related(
            "raising_agency", "receiving_agency", "partnership"
        )
        page = pages_of(cases, capped_count(cases, queues.COUNT_CAP), request.GET.get("page"))
    return render(
        request,
        "web/queues/partnership_cases.html",
        {
            "form": form,
            "several": len(choices.partnerships) > 1,
            "page": page,
            "rows": rows_of(page.rows, person) if page is not None else [],
            "counted": counted(page.count) if page is not None else "",
            "headers": sort_headers(filters),
            "selected": selected(filters, choices),
            "query": listed.to_query(),
        },
    )
