"""The append-only, hash-chained event log of each case, and the log of who viewed a case."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from .case import Case

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Audit rows are written once: changing or deleting one through the ORM is refused."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(f"{what} is append-only: rows cannot be changed or deleted")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        _refuse(self.model.__name__)

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse(self.model.__name__)

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        _refuse(self.model.__name__)

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(self.model.__name__)

    def _update(self, values: Any) -> NoReturn:  # what save() and update() reach
        _refuse(self.model.__name__)

    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse(self.model.__name__)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("update_conflicts"):
            _refuse(self.model.__name__)
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyModel(models.Model):
    """A model whose rows can be inserted but never updated or deleted through the ORM.

    Its base manager (what Django itself uses, `_base_manager`) is the refusing one too. The
    database triggers of `accord.cases.log_triggers` are the real guarantee.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(type(self).__name__)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(type(self).__name__)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same text for the same data, on any database."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(
    *,
    key: bytes | None,
    previous_hash: str,
    case_reference: str,
    sequence: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    payload: Any,
    summary: str,
) -> str:
    """HMAC-SHA256 under `key` over the previous hash and a canonical JSON of the row's content
    (plain SHA-256 with no key: only to read the chains written before the log was keyed).

    The case is named by its reference (not its database id) so a chain still verifies after
    the rows are copied to another database.
    """
    row = {
        "case": case_reference,
        "sequence": sequence,
        "kind": kind,
        "actor": actor_id,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "payload": payload,
        "summary": summary,
    }
    message = (previous_hash + canonical_json(row)).encode("utf-8")
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class CaseEvent(AppendOnlyModel):
    """One entry of a case's timeline and audit trail.

    `payload` is the engine event in the shape of `accord policy simulate`'s events JSON (for
    engine kinds), or the details of a non-engine record (tasks, meetings). `summary` is short
    and human, and never names the child. `hash` chains the rows of a case, keyed with the
    chain key `key_id` names, so that editing one is detectable (`accord.cases.chain`).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_events",
    )
    at = models.DateTimeField()
    payload = models.JSONField()
    summary = models.CharField(max_length=300)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40, help_text="The chain key that signed `hash`.")

    class Meta:
        ordering = ["case", "sequence"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_event_unique_sequence")
        ]

    def __str__(self) -> str:
        return f"Event {self.sequence}: {self.kind}"

    def compute_hash(self, key: bytes) -> str:
        return chain_hash(
            key=key,
            previous_hash=self.previous_hash,
            case_reference=self.case.reference,
            sequence=self.sequence,
            kind=self.kind,
            actor_id=self.actor_id,
            at=self.at,
            payload=self.payload,
            summary=self.summary,
        )


class AccessLog(AppendOnlyModel):
    """Someone opened a case: who, which, what, when and from where."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_accesses"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_log")
    action = models.CharField(max_length=50)
    at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "-at"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["case", "at"], name="access_log_case_at")]

    def __str__(self) -> str:
        return f"{self.action} at {self.at.isoformat()}"
