"""A partnership's policy files: the list of versions, uploading one (checked: every problem as
`LINE: message`, nothing stored unless it passes), a version's page (the plain-English reading,
and what changes from the version in force), publishing it from a date and withdrawing it.

For the partnership's administrators and site administrators; publishing and withdrawing ask
for the authenticator code again (`reauth`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from accord.accounts import actions
from accord.accounts.models import Person
from accord.cases import access
from accord.cases.models import Case
from accord.cases.models.case import ACTIVE_STATUSES
from accord.engine.compare import Change
from accord.engine.page import Block
from accord.engine.policy.loader import policy_text
from accord.engine.problems import InvalidFile
from accord.moments import day_words
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.models import PolicyVersionState as State
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force
from accord.partnerships.policy_texts import compared, explained, explained_language
from accord.web.reauth import reauthentication_required

from .common import View, applied, chosen_partnership, person_of, posted, sections
from .policy_forms import MAX_BYTES, PolicyUploadForm, PublishForm, WithdrawForm

SECTION = "web:manage-policies"


def policies_required(view: View) -> View:
    """Signed in (else the sign-in page) and administering a partnership or the site (else
    403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = person_of(request)
        if not (person.is_superuser or access.is_administrator(person)):
            raise PermissionDenied("Only partnership administrators can open this page")
        return view(request, *args, **kwargs)

    return wrapper


def _partnerships(person: Person) -> QuerySet[Partnership]:
    if person.is_superuser:
        return Partnership.objects.order_by("name")
    return Partnership.objects.filter(pk__in=access.administered(person)).order_by("name")


def _version(request: HttpRequest, version_id: int) -> PolicyVersion:
    version = PolicyVersion.objects.select_related("partnership").filter(pk=version_id).first()
    if version is None:
        raise Http404("No such policy version")
    if not actions.may_administer_policies(person_of(request), version.partnership):
        raise PermissionDenied("You do not administer this partnership")
    return version


def _render(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(
        request, f"web/manage/{template}", {"sections": sections(request, SECTION), **context}
    )


@policies_required
def policy_list(request: HttpRequest) -> HttpResponse:
    partnerships = _partnerships(person_of(request))
    versions = (
        PolicyVersion.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .annotate(case_count=Count("cases"))
        .order_by("partnership__name", "policy_id", "-effective_from", "-loaded_at")
    )
    return _render(
        request,
        "policy_list.html",
        groups=[(p, [v for v in versions if v.partnership_id == p.pk]) for p in partnerships],
    )


@policies_required
def policy_upload(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: check the file; store it as a draft only when it passes."""
    person = person_of(request)
    partnerships = _partnerships(person)
    form = PolicyUploadForm(posted(request), request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        partnership = chosen_partnership(form.cleaned_data, partnerships)
        name = upload.name or "policy.toml"
        if upload.size > MAX_BYTES:
            form.add_error("file", gettext("The file must be smaller than 1 MB"))
        else:
            uploaded = _upload(request, form, partnership, upload.read(), name)
            if uploaded is not None:
                return redirect("web:manage-policy", version_id=uploaded.pk)
    return _render(request, "policy_upload.html", form=form)


def _upload(
    request: HttpRequest, form: PolicyUploadForm, partnership: Partnership, data: bytes, name: str
) -> PolicyVersion | None:
    """The stored (or already stored) version; None with every problem on the form."""
    person = person_of(request)
    now = timezone.now()
    try:
        text = policy_text(data, name)
        version, new = actions.upload_policy(
            actor=person, partnership=partnership, text=text, file_name=name, now=now
        )
    except InvalidFile as invalid:
        for problem in invalid.problems:
            form.add_error("file", f"{problem.line}: {problem.message}")
        actions.record_failed_check(
            actor=person,
            partnership=partnership,
            data=data,
            file_name=name,
            problems=len(invalid.problems),
            now=now,
        )
        return None
    except actions.AdminActionRejected as refused:
        form.add_error("file", refused.message)
        return None
    words = {
        "policy": version.policy_id,
        "version": version.version,
        "state": version.get_state_display().lower(),
    }
    if new:
        said = gettext("%(policy)s %(version)s has been uploaded and checked")
    elif version.state in (State.DRAFT, State.PUBLISHED):
        said = gettext("%(policy)s %(version)s was already uploaded: nothing changed")
    else:
        said = gettext(
            "%(policy)s %(version)s was %(state)s: nothing changed (give the file a new "
            "version to publish it again)"
        )
    messages.success(request, said % words)
    return version


def _in_force(version: PolicyVersion) -> PolicyVersion | None:
    """The version of the same policy new cases are raised under today, when it is another."""
    try:
        current = policy_version_in_force(
            version.partnership, on=timezone.localdate(), policy_id=version.policy_id
        )
    except NoPolicyInForce:
        return None
    return None if current.pk == version.pk else current


def _open_cases_on_other_versions(version: PolicyVersion) -> int:
    return (
        Case.objects.filter(
            partnership_id=version.partnership_id,
            policy_version__policy_id=version.policy_id,
            status__in=ACTIVE_STATUSES,
        )
        .exclude(policy_version=version)
        .count()
    )


@policies_required
def policy_version(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version(request, version_id)
    current = _in_force(version) if version.state == State.DRAFT else None
    comparison: list[tuple[str, list[Change]]] = []
    if current is not None:
        comparison = compared(policy_of(current), policy_of(version))
    return _render(
        request,
        "policy_version.html",
        version=version,
        explanation=_sections(explained(policy_of(version)).blocks),
        explanation_lang=explained_language(policy_of(version)),
        current=current,
        comparison=comparison,
        open_elsewhere=_open_cases_on_other_versions(version),
        case_count=version.cases.count(),
        may_publish=version.state == State.DRAFT,
        may_withdraw=version.state in (State.DRAFT, State.PUBLISHED),
    )


def _sections(blocks: list[Block]) -> list[dict[str, Any]]:
    """`explain`'s reading laid out for the page: each heading with its paragraphs, labelled
    lines and lists (consecutive items of one indent in one list; the title is the page's)."""
    sections: list[dict[str, Any]] = [{"heading": "", "parts": []}]
    for block in blocks:
        parts = sections[-1]["parts"]
        if block.kind == "title":
            continue
        if block.kind == "heading":
            sections.append({"heading": block.text, "parts": []})
        elif block.kind == "item":
            if parts and parts[-1]["kind"] == "list" and parts[-1]["indent"] == block.indent:
                parts[-1]["items"].append(block.text)
            else:
                parts.append({"kind": "list", "indent": block.indent, "items": [block.text]})
        else:
            parts.append(
                {
                    "kind": block.kind,
                    "indent": block.indent,
                    "text": block.text,
                    "label": block.label,
                }
            )
    return sections


def _acting(
    request: HttpRequest,
    version_id: int,
    form_class: Callable[..., Any],
    template: str,
    act: Callable[[Person, PolicyVersion, dict[str, Any]], str],
) -> HttpResponse:
    version = _version(request, version_id)
    form = form_class(posted(request))
    person = person_of(request)
    if applied(request, form, lambda values: act(person, version, values)):
        return redirect("web:manage-policy", version_id=version.pk)
    return _render(
        request,
        template,
        form=form,
        version=version,
        current=_in_force(version),
        case_count=version.cases.count(),
        open_elsewhere=_open_cases_on_other_versions(version),
    )


@login_required
@reauthentication_required(allow_get=True)
@policies_required
def policy_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    def publish(person: Person, version: PolicyVersion, values: dict[str, Any]) -> str:
        done = actions.publish_policy(
            actor=person, version=version, effective=values["effective"], now=timezone.now()
        )
        return gettext(
            "%(policy)s %(version)s has been published: new cases use it from %(day)s"
        ) % {
            "policy": done.policy_id,
            "version": done.version,
            "day": day_words(done.effective_from),
        }

    return _acting(request, version_id, PublishForm, "policy_publish.html", publish)


@login_required
@reauthentication_required(allow_get=True)
@policies_required
def policy_withdraw(request: HttpRequest, version_id: int) -> HttpResponse:
    def withdraw(person: Person, version: PolicyVersion, values: dict[str, Any]) -> str:
        done = actions.withdraw_policy(actor=person, version=version, now=timezone.now())
        words = {"policy": done.policy_id, "version": done.version}
        if done.state == State.SUPERSEDED:
            return (
                gettext(
                    "%(policy)s %(version)s is superseded: the cases raised under it keep "
                    "it, and no new case is raised under it"
                )
                % words
            )
        return gettext("%(policy)s %(version)s has been withdrawn") % words

    return _acting(request, version_id, WithdrawForm, "policy_withdraw.html", withdraw)
