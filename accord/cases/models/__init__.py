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
from .chain import ChainCheckpoint, ChainHead, PurgedCase
from .deadlines import Deadline
from .events import AccessLog, AppendOnlyError, CaseEvent
from .forms import FormRecord, FormStatus
from .notifications import CaseNotification, NotificationKind, SweepFailure, SweepRun
from .retention import LegalHold, RetentionPurge, RetentionRun
from .subject_access import SubjectAccessRequest
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
    "ChainCheckpoint",
    "ChainHead",
    "Deadline",
    "Debrief",
    "DebriefOutcome",
    "FormRecord",
    "FormStatus",
    "Holding",
    "LegalHold",
    "Meeting",
    "NotificationKind",
    "Outcome",
    "PanelMember",
    "PurgedCase",
    "RetentionPurge",
    "RetentionRun",
    "Side",
    "SignOff",
    "Subject",
    "SubjectAccessRequest",
    "SubjectKind",
    "SweepFailure",
    "SweepRun",
    "Task",
]
