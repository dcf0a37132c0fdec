"""The refusal of an administrator's write (`AdminActionRejected`): in a module of its own, so
that what refuses a change without being one of `accord.accounts.actions` (the webhooks' checks,
read by every case write and sweep) does not load every administrative action with it."""

from __future__ import annotations


class AdminActionRejected(Exception):
    """The change is not allowed; `message` says why, `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)
