"""What one sweep did: `tick --json` prints it, `SweepRun.report` keeps it, and the status page and
the metrics read it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SweepReport:
    now: str
    deadlines: int = 0  # deadlines with an alert due
    notifications: int = 0  # notifications recorded from those alerts
    cases_rechecked: int = 0  # cases written since the last sweep (or failing), replayed
    missed: int = 0  # notifications those replays found missing
    failed: list[dict[str, str]] = field(default_factory=list)  # cases skipped: reference, reason
    recovered: int = 0  # cases that had failed and replay again
    log_breaks: list[str] = field(default_factory=list)  # breaks in the checked cases' logs
    logs_checked: int = 0  # cases whose logs this sweep checked in turn
    logs_checked_through: int = 0  # the last case id checked in turn (0: from the first next)
    checkpoints: int = 0  # case heads checkpointed
    emails: int = 0  # the one e-mail each person who wants them at once gets (decision 21)
    took_seconds: float = 0.0  # how long the sweep took (the status page and the metrics)
