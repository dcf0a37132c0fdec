"""Logging filters that keep request data (bodies, query strings, cookies) out of the logs."""

from __future__ import annotations

import logging


class DropRequestData(logging.Filter):
    """Strips the request object Django attaches to log records; the message itself stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
