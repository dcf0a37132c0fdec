"""The case records: the case and its subject, holders, deadlines, work, and the event log."""

from .case import Case, CaseReferenceCounter, Holding, Side, Subject, SubjectKind
from .deadlines import Deadline
from .events import AccessLog, AppendOnlyError, CaseEvent
from .forms import FormRecord, FormStatus
from .notifications import CaseNotification, NotificationKind, SweepFailure, SweepRun
from .work import Debrief, DebriefOutcome, Meeting, Outcome, PanelMember, SignOff, Task

__all__ = [
    "AccessLog",
    "AppendOnlyError",
    "Case",
    "CaseEvent",
    "CaseNotification",
    "CaseReferenceCounter",
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
