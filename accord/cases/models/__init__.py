"""The case records: the case and its subject, holders, deadlines, work, and the event log."""

from .case import Case, CaseReferenceCounter, Holding, Side, Subject, SubjectKind
from .deadlines import Deadline
from .events import AccessLog, AppendOnlyError, CaseEvent
from .notifications import CaseNotification, NotificationKind, SweepRun
from .work import Meeting, Outcome, SignOff, Task

__all__ = [
    "AccessLog",
    "AppendOnlyError",
    "Case",
    "CaseEvent",
    "CaseNotification",
    "CaseReferenceCounter",
    "Deadline",
    "Holding",
    "Meeting",
    "NotificationKind",
    "Outcome",
    "Side",
    "SignOff",
    "Subject",
    "SubjectKind",
    "SweepRun",
    "Task",
]
