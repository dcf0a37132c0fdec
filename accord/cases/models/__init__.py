"""The case records: the case and its subject, holders, deadlines, work, and the event log."""

from .case import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    Case,
    CaseReferenceCounter,
    CaseStatus,
    Holding,
    Side,
    Subject,
    SubjectKind,
)
from .deadlines import Deadline
from .events import AccessLog, AppendOnlyError, CaseEvent
from .forms import FormRecord, FormStatus
from .notifications import CaseNotification, NotificationKind, SweepFailure, SweepRun
from .work import Debrief, DebriefOutcome, Meeting, Outcome, PanelMember, SignOff, Task

__all__ = [
    "ACTIVE_STATUSES",
    "ENDED_STATUSES",
    "AccessLog",
    "AppendOnlyError",
    "Case",
    "CaseEvent",
    "CaseNotification",
    "CaseReferenceCounter",
    "CaseStatus",
    "Deadline",
    "Debrief",
    "DebriefOutcome",
    "FormRecord",
    "FormStatus",
    "Holding",
    "Meeting",
    "NotificationKind",
    "Outcome",
    "PanelMember",
    "Side",
    "SignOff",
    "Subject",
    "SubjectKind",
    "SweepFailure",
    "SweepRun",
    "Task",
]
