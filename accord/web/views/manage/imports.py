"""Importing people from a CSV file: upload, a dry run listing every problem (nothing written),
then "Import N people", which adds them all in one transaction or nobody."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from accord.accounts import actions
from accord.accounts.models import Agency
from accord.accounts.people_file import COLUMNS, MAX_BYTES, decode
from accord.accounts.people_import import ImportPlan, plan_import
from accord.cases import access

from .common import (
    administrator_required,
    chosen_partnership,
    partnerships_of,
    person_of,
    sections,
)
from .forms import ConfirmImportForm, ImportForm

SECTION = "web:manage-import"


def _page(request: HttpRequest, **context: object) -> HttpResponse:
    return render(
        request,
        "web/manage/import.html",
        {"sections": sections(request, SECTION), "columns": COLUMNS, **context},
    )


@administrator_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the dry run of the uploaded file."""
    person = person_of(request)
    partnerships = partnerships_of(person)
    if request.method != "POST":
        return _page(request, form=ImportForm(partnerships=partnerships))
    form = ImportForm(request.POST, request.FILES, partnerships=partnerships)
    if not form.is_valid():
        return _page(request, form=form)
    upload = form.cleaned_data["file"]
    partnership = chosen_partnership(form.cleaned_data, partnerships)
    if upload.size > MAX_BYTES:
        form.add_error("file", gettext("The file must be smaller than 2 MB: split it"))
        return _page(request, form=form)
    text = decode(upload.read())
    if text is None:
        form.add_error("file", gettext("The file must be a CSV file saved as UTF-8"))
        return _page(request, form=form)
    agencies = Agency.objects.filter(home_partnership=partnership)
    roles = actions.roles_to_assign(partnership, now=timezone.now())
    plan = plan_import(text=text, agencies=agencies, roles=roles)
    return _dry_run(request, plan, text=text, partnership_id=partnership.pk)


def _dry_run(
    request: HttpRequest, plan: ImportPlan, *, text: str, partnership_id: int
) -> HttpResponse:
    confirm = ConfirmImportForm(initial={"text": text, "partnership": partnership_id})
    count = len(plan.people)
    return render(
        request,
        "web/manage/import_check.html",
        {
            "sections": sections(request, SECTION),
            "plan": plan,
            "confirm": confirm if not plan.problems and plan.people else None,
            "import_label": ngettext("Import %(count)d person", "Import %(count)d people", count)
            % {"count": count},
        },
    )


@administrator_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the checked file: it is checked again, and written all at once or not at all."""
    person = person_of(request)
    form = ConfirmImportForm(request.POST)
    if not form.is_valid() or form.cleaned_data["partnership"] not in access.administered(person):
        messages.error(request, gettext("Upload the file again"))
        return redirect(SECTION)
    partnership = partnerships_of(person).get(pk=form.cleaned_data["partnership"])
    text = form.cleaned_data["text"]
    try:
        made = actions.import_people(
            actor=person, partnership=partnership, text=text, now=timezone.now()
        )
    except actions.ImportRejected as refused:
        return _dry_run(request, refused.plan, text=text, partnership_id=partnership.pk)
    except actions.AdminActionRejected as refused:
        messages.error(request, refused.message)
        return redirect(SECTION)
    messages.success(
        request,
        ngettext("%(count)d person imported", "%(count)d people imported", len(made))
        % {"count": len(made)},
    )
    return redirect("web:manage-people")
