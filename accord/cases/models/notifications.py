"""Notifications about a case: each recorded once, by a key, whoever notices it first."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import Case


class NotificationKind(models.TextChoices):
    """What a notification is about; the label is the action it asks for, with no case detail,
    said in the reader's language where it is read (`notices.summary_in`)."""

    DUE_SOON = "due_soon", _("A deadline is due soon")
    PASSED = "passed", _("A deadline has passed")
    NON_RESPONSE = "non_response", _("A response is needed: a deadline and its grace have passed")
    NUDGE = "nudge", _("A reminder: the case is waiting for action")
    NUDGES_STOPPED = (
        "nudges_stopped",
        _("Reminders have stopped: the case is still waiting for action by your staff"),
    )
    STAGE_ENTERED = "stage_entered", _("The case has reached a new stage")
    STAGE_ESCALATING = "stage_escalating", _("The case is being escalated")
    STAGE_RESOLVED = "stage_resolved", _("The case has been resolved")
    STAGE_DUE_SOON = "stage_due_soon", _("A stage deadline is due soon")
    STAGE_BREACHED = "stage_breached", _("A stage deadline has passed")
    RAISED = "raised", _("A case you hold has been raised: act on it")
    ESCALATED = "escalated", _("The case has been escalated: act on it at its new stage")
    MOVED_ON = "moved_on", _("The case has moved on from your stage: hand over what you know")
    RESPONDED = "responded", _("The receiving side has responded: read it and reply")
    RESOLUTION = "resolution", _("An outcome has been recorded: check it")
    SIGNED_OFF = "signed_off", _("The other side has signed off the outcome")
    RAISED_URGENT = "raised_urgent", _("An urgent case has been raised: act now")
    REFERRED = "referred", _("The case has been referred to the partnership")
    OUTCOME = "outcome", _("The case you raised has been resolved")
    CLOSED = "closed", _("The case you raised has been closed")
    TAKEN_OVER = (
        "taken_over",
        _("The next level has taken over a side of the case: see who holds it"),
    )
    ADVISED = "advised", _("An adviser has recorded advice on the case: read it")
    LOG_ALTERED = "log_altered", _("The case's record has been altered outside Accord: check it")
    FORM_SUBMITTED = "form_submitted", _("A form record has been sent to you: read it")
    PANEL_CONVENED = (
        "panel_convened",
        _("A resolution panel has been convened: take part or make your representations to it"),
    )
    TASK_ASSIGNED = "task_assigned", _("A task on the case has been assigned to you: do it")


class CaseNotification(models.Model):
    """Someone must be told something about a case.

    The key (case, topic, kind, number) makes it happen once: `topic` is the deadline it is about
    (`stage:1/step:response`), the stage (`stage:2`) or `case`; `number` counts reminders and
    tells apart two rules of one trigger. `roles` are the recipients as the policy and Accord
    name them (`raising_holder`, `business_manager`, ...), resolved to people when it is sent.
    """

    # No index of its own: the unique (case, topic, kind, number) leads with it.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    topic = models.CharField(max_length=100)
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    number = models.PositiveIntegerField(default=0)
    trigger = models.CharField(max_length=150, help_text="As `accord policy simulate` names it.")
    summary = models.CharField(max_length=300, help_text="What is needed; never who it is about.")
    due_at = models.DateTimeField(help_text="When it fell due.")
    roles = models.JSONField(default=list)
    form = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "due_at", "topic", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "topic", "kind", "number"], name="case_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger} ({self.get_kind_display()})"

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.topic, self.kind, self.number)


class SweepRun(models.Model):
    """One run of the periodic sweep (`accord tick`): when, as of which instant, what it did.

    The next run re-derives the notifications of cases written since this one's `now` (less a
    margin), so it knows where to start.
    """

    now = models.DateTimeField(db_index=True)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-now"]

    def __str__(self) -> str:
        return f"Sweep as of {self.now.isoformat()}"


class SweepFailure(models.Model):
    """A case the sweep could not replay: skipped so every other case is swept, shown to its
    partnership's administrators (/manage/sweep/) and in `tick --json`, and tried again at every
    sweep until it replays (then `cleared_at` is set)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sweep_failures")
    reason = models.TextField(help_text="What went wrong, in words with no personal data.")
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=1)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_failed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(cleared_at__isnull=True),
                name="sweep_failure_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Sweep failure of case {self.case_id} since {self.first_failed_at.isoformat()}"
