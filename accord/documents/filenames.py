"""Download file names: the case reference and what the document is, never who it is about."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens ("Stage 3" -> "stage-3")."""
    return _UNSAFE.sub("-", text.lower()).strip("-")


def file_name(reference: str, *parts: str, extension: str = "pdf") -> str:
    """`ACC-2026-00042-stage-3-monitoring.pdf`: the reference, then each part as a slug."""
    words = [slug(part) for part in parts if slug(part)]
    return "-".join([reference, *words]) + f".{extension}"


def attachment(name: str) -> str:
    """The Content-Disposition header value for downloading `name` (ASCII by construction)."""
    return f'attachment; filename="{name}"'
