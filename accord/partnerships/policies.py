"""Loading policy files into PolicyVersions (validated by the engine) and reading them back."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from functools import lru_cache

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from accord.engine.policy.model import Policy
from accord.engine.problems import InvalidFile, Problem

from .models import Partnership, PolicyVersion, PolicyVersionState


class PolicyVersionConflict(Exception):
    """A policy id and version already stored with different text: versions never change."""


def read_policy(text: str, file_name: str) -> Policy:
    """The policy in `text`, validated by the engine and short enough for the columns it is
    kept in (its id, version and title); raises `InvalidFile` with every problem."""
    from accord.engine.policy.loader import load_policy_text  # see _parse

    policy = load_policy_text(text, file_name)
    problems = []
    for key, column in (("id", "policy_id"), ("version", "version"), ("title", "title")):
        limit = getattr(PolicyVersion._meta.get_field(column), "max_length", 0) or 0
        if len(getattr(policy, key)) > limit:
            found = re.search(rf"(?m)^\s*{key}\s*=", text)
            line = text.count("\n", 0, found.start()) + 1 if found else 0
            problems.append(
                Problem(file_name, line, f"The {key} must be {limit} characters or fewer")
            )
    if problems:
        raise InvalidFile(problems)
    return policy


def load_policy_version(
    *,
    partnership: Partnership,
    text: str,
    file_name: str,
    now: datetime,
    effective_to: date | None = None,
) -> PolicyVersion:
    """Validate `text` with the engine and store it as a version of `partnership`'s policy.

    Raises `InvalidFile` (every problem, `FILE:LINE: message`) when the engine rejects the text,
    and `PolicyVersionConflict` when the same id and version exist with other text. Loading the
    same text twice returns the stored version (idempotent).
    """
    policy = read_policy(text, file_name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        existing = (
            PolicyVersion.objects.select_for_update()
            .filter(policy_id=policy.id, version=policy.version)
            .first()
        )
        if existing is not None:
            if existing.sha256 != digest or existing.partnership_id != partnership.pk:
                raise PolicyVersionConflict(
                    f"{file_name}: policy {policy.id} version {policy.version} is already loaded "
                    "with different text or for another partnership; give the changed file a "
                    "new version"
                )
            return existing
        return PolicyVersion.objects.create(
            partnership=partnership,
            policy_id=policy.id,
            version=policy.version,
            title=policy.title,
            text=text,
            sha256=digest,
            effective_from=policy.effective_from or now.date(),
            effective_to=effective_to,
            loaded_at=now,
        )


def policy_of(version: PolicyVersion) -> Policy:
    """The engine's Policy for a stored version (parsed once per process per text)."""
    return _parse(version.sha256, version.text, f"{version.policy_id}@{version.version}")


@lru_cache(maxsize=256)
def _parse(sha256: str, text: str, name: str) -> Policy:
    # Imported here: the policy reader (TOML, its schema) is only needed to parse a text, which a
    # one-shot `accord tick` with nothing due never does.
    from accord.engine.policy.loader import load_policy_text

    return load_policy_text(text, name)


def exception_problems(policy: Policy, partnership: Partnership, file_name: str) -> list[Problem]:
    """Each `[[exceptions]]` entry whose `policy` names none of the partnership's other policies
    (any version not withdrawn: a draft counts, so two policies naming each other can be
    uploaded one after the other), as `FILE:LINE: message`."""
    known = set(
        PolicyVersion.objects.filter(partnership=partnership)
        .exclude(policy_id=policy.id)
        .exclude(state=PolicyVersionState.WITHDRAWN)
        .values_list("policy_id", flat=True)
    )
    return [
        Problem(
            file_name,
            exception.line,
            f"exception {exception.id!r} sends the case to policy {exception.policy!r}, which "
            f"{partnership.name} does not have: upload that policy first, or correct the id"
            + (f" (it has {', '.join(sorted(known))})" if known else ""),
        )
        for exception in policy.exceptions
        if exception.policy is not None and exception.policy not in known
    ]


class NoPolicyInForce(Exception):
    """The partnership has no policy version in force on the day: nothing can be raised."""


def policy_version_in_force(
    partnership: Partnership, *, on: date, policy_id: str | None = None
) -> PolicyVersion:
    """The version new cases of `partnership` are raised under on day `on` (the latest start);
    with `policy_id`, the version of that one of the partnership's policies (an exception's own
    procedure, policy format 4.8). Drafts, withdrawn and superseded versions are never in
    force."""
    versions = PolicyVersion.objects.filter(
        partnership=partnership, effective_from__lte=on, state=PolicyVersionState.PUBLISHED
    )
    if policy_id is not None:
        versions = versions.filter(policy_id=policy_id)
    version = (
        versions.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from", "-loaded_at")
        .first()
    )
    if version is None:
        said = {"partnership": partnership.name, "day": on.isoformat(), "policy": repr(policy_id)}
        raise NoPolicyInForce(
            gettext(
                "%(partnership)s has no policy version in force on %(day)s; an administrator "
                "needs to load one"
            )
            % said
            if policy_id is None
            else gettext(
                "%(partnership)s has no policy %(policy)s version in force on %(day)s; an "
                "administrator needs to load one"
            )
            % said
        )
    return version


__all__ = [
    "InvalidFile",
    "NoPolicyInForce",
    "PolicyVersionConflict",
    "Problem",
    "exception_problems",
    "load_policy_version",
    "policy_of",
    "policy_version_in_force",
]
