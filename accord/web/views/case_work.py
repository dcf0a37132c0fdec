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
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.models import Case, Holding, Meeting, PanelMember, Task
from accord.cases.offers import completing_task, task_why_not
from accord.cases.queries import CasePage
from accord.engine.refusals import ended
from accord.web.work_forms import CompleteTaskForm, TaskForm

from .case_acting import Acting, Asked, acting_on, log_view, visible_case
from .case_action_page import Action, action_view, form_of

TEMPLATES = "web/case/work"

DUE_SOON_DAYS = 2


def task_state(task: Task, today: date) -> tuple[str, str]:
    """A task's tag: its words and colour."""
    if task.completed_at is not None:
        return gettext("Done"), "green"
    if task.due_on is not None and task.due_on < today:
        return gettext("Overdue"), "red"
    if task.due_on is not None and (task.due_on - today).days <= DUE_SOON_DAYS:
        return gettext("Due soon"), "yellow"
    return gettext("To do"), "grey"


@login_required
def work(request: HttpRequest, reference: str) -> HttpResponse:
    """The section: tasks, meetings and the resolution panel, with what the person may add."""
    if request.method not in {"GET", "HEAD"}:
        visible_case(request, reference)  # a 404 before a 405 for a case the person cannot see
        return HttpResponseNotAllowed(["GET"])
    acting = acting_on(request, reference, now=timezone.now())
    case, now = acting.case, acting.now
    log_view(request, case, now=now, action="viewed tasks and meetings")
    today = timezone.localdate(now)
    tasks = [
        {
            "task": task,
            "tag": task_state(task, today),
            "may_complete": may_complete(acting.page, task),
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


def _task_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    people = people_involved(acting.case)
    return TaskForm(data, people=people, today=timezone.localdate(acting.now))


def _add_task(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.add_task, data, "title", "owner", "due_on")
    return f"{gettext('Task added.')}{acting.told()}"


ADD_TASK = Action(
    offer="add_task",
    title=_("Add a task"),
    template=f"{TEMPLATES}/task_form.html",
    make_form=_task_form,
    perform=_add_task,
    section="web:case-work",
)
task_add = action_view(ADD_TASK)


def _the_task(acting: Acting) -> dict[str, Any]:
    """The task the URL names, of this case (404 for any other)."""
    tasks = Task.objects.select_related("owner")
    return {"task": get_object_or_404(tasks, pk=acting.args["task_id"], case=acting.case)}


def asks_to_complete(page: CasePage, task: Task) -> Asked:
    """The task's own rule (`offers.completing_task`): on a case that goes on, a task not done
    (`page` replayed)."""
    assert page.policy is not None
    assert page.state is not None
    return Asked(completing_task(task), ended(page.policy, page.state) or task_why_not(task))


def may_complete(page: CasePage, task: Task) -> bool:
    """Whether the page's person may mark `task` done now: what the pages and the API offer."""
    asked = asks_to_complete(page, task)
    return asked.why_not is None and asked.permission.may(page.access)


def _asks_to_complete(acting: Acting) -> Asked:
    return asks_to_complete(acting.page, acting.context["task"])


def _complete_task(acting: Acting, data: dict[str, Any]) -> str:
    task = acting.context["task"]
    actions.complete_task(task=task, actor=acting.person, now=acting.now, seen=data["seen"])
    return gettext("Task marked as done")


COMPLETE_TASK = Action(
    offer="complete_task",
    title=_("Mark the task as done"),
    template=f"{TEMPLATES}/task_complete.html",
    make_form=form_of(CompleteTaskForm),
    perform=_complete_task,
    context=_the_task,
    asks=_asks_to_complete,
    section="web:case-work",
)
task_complete = action_view(COMPLETE_TASK)
