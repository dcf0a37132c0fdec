"""A case's "Tasks and meetings" section, and its tasks: added with an owner (someone who sees
the case) and a due date, then marked done. Meetings: `case_meetings`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases import access, actions
from accord.cases.models import Case, Holding, Meeting, PanelMember, Task
from accord.cases.offers import COMPLETE_TASK
from accord.engine.refusals import ended
from accord.web.work_forms import CompleteTaskForm, TaskForm

from .case_acting import (
    Acting,
    acting_on,
    log_view,
    posted,
    refusal,
    refusal_for,
    visible_case,
)
from .case_action_page import apply, form_page

DUE_SOON_DAYS = 2


def work_url(case: Case) -> str:
    return reverse("web:case-work", args=[case.reference])


def task_state(task: Task, today: date) -> tuple[str, str]:
    """A task's tag: its words and colour."""
    if task.completed_at is not None:
        return "Done", "green"
    if task.due_on is not None and task.due_on < today:
        return "Overdue", "red"
    if task.due_on is not None and (task.due_on - today).days <= DUE_SOON_DAYS:
        return "Due soon", "yellow"
    return "To do", "grey"


@login_required
def work(request: HttpRequest, reference: str) -> HttpResponse:
    """The section: tasks, meetings and the resolution panel, with what the person may add."""
    if request.method not in {"GET", "HEAD"}:
        visible_case(request, reference)  # a 404 before a 405 for a case the person cannot see
        return HttpResponseNotAllowed(["GET"])
    acting = acting_on(request, reference, now=timezone.now())
    case, now, who = acting.case, acting.now, acting.access
    log_view(request, case, now=now, action="viewed tasks and meetings")
    open_case = ended(acting.policy, acting.state) is None
    today = timezone.localdate(now)
    tasks = [
        {
            "task": task,
            "tag": task_state(task, today),
            "may_complete": open_case
            and task.completed_at is None
            and access.may_complete_task(who, task),
        }
        for task in Task.objects.filter(case=case).select_related(
            "owner", "owner__agency", "completed_by"
        )
    ]
    meetings = list(Meeting.objects.filter(case=case).select_related("chair").order_by("pk"))
    panel = PanelMember.objects.filter(case=case).select_related("person", "agency")
    return render(
        request,
        "web/case/work/work.html",
        {
            "case": case,
            "section": "work",
            "tasks": tasks,
            "meetings": meetings,
            "panel": panel,
            "may_add_task": "add_task" in acting.offers,
            "may_record_meeting": "record_meeting" in acting.offers,
        },
    )


def people_involved(case: Case) -> list[Person]:
    """The active people who can see the case through it: its raiser, everyone who has held it,
    its partnership's staff and its panel (one query)."""
    held = Holding.objects.filter(case=case).values("person_id")
    staff = Q(partnership_roles__partnership_id=case.partnership_id)
    seated = PanelMember.objects.filter(case=case).values("person_id")
    return list(
        Person.objects.filter(
            Q(pk=case.raised_by_id) | Q(pk__in=held) | staff | Q(pk__in=seated), is_active=True
        )
        .distinct()
        .select_related("agency")
        .order_by("full_name")
    )


def work_page(
    request: HttpRequest,
    acting: Acting,
    template: str,
    form: forms.Form,
    *,
    title: str,
    changed: bool,
    **context: Any,
) -> HttpResponse:
    return form_page(
        request, acting, f"web/case/work/{template}", form, title=title, changed=changed, **context
    )


@login_required
def task_add(request: HttpRequest, reference: str) -> HttpResponse:
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    form = TaskForm(
        posted(request),
        people=people_involved(case),
        today=timezone.localdate(acting.now),
        initial={"seen": acting.seen},
    )

    def act(data: dict[str, Any]) -> str:
        actions.add_task(
            case=case,
            actor=acting.person,
            title=data["title"],
            owner=data["owner"],
            due_on=data["due_on"],
            now=acting.now,
            seen=data["seen"],
        )
        return "Task added"

    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal_for(acting, "add_task"),
        act=act,
        done_url=work_url(case),
    )
    if applied.response:
        return applied.response
    return work_page(
        request, acting, "task_form.html", form, title="Add a task", changed=applied.changed
    )


@login_required
def task_complete(request: HttpRequest, reference: str, task_id: int) -> HttpResponse:
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    task = get_object_or_404(Task.objects.select_related("owner"), pk=task_id, case=case)
    form = CompleteTaskForm(posted(request), initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.complete_task(task=task, actor=acting.person, now=acting.now, seen=data["seen"])
        return "Task marked as done"

    doing, only = COMPLETE_TASK
    done = "the task is already done" if task.completed_at is not None else None
    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal(
            acting,
            doing,
            may=access.may_complete_task(acting.access, task),
            only=only,
            why_not=ended(acting.policy, acting.state) or done,
        ),
        act=act,
        done_url=work_url(case),
    )
    if applied.response:
        return applied.response
    return work_page(
        request,
        acting,
        "task_complete.html",
        form,
        title="Mark the task as done",
        changed=applied.changed,
        task=task,
    )
