"""A partnership's policy files: uploading one (checked, kept as a draft), publishing it from an
effective date, withdrawing it. Each is recorded in the administration log with the file's
sha256; the checks are the engine's (`accord policy check`) and the partnership's own (each
exception's `policy` must be one of its other policies).

Open to the partnership's administrators and to site administrators (superusers), who set up
partnerships before they have administrators of their own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accord.engine.policy.model import Policy
from accord.engine.problems import InvalidFile, Problem
from accord.moments import day_words
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.models import PolicyVersionState as State
from accord.partnerships.policies import exception_problems, read_policy

from .. import scope
from ..models import Person
from ._common import AdminActionRejected, _record, _require_setup, is_site_administrator

_VERSION_KEY = re.compile(r"^\s*version\s*=", re.MULTILINE)


def may_administer_policies(person: Person, partnership: Partnership) -> bool:
    """The partnership's administrators and site administrators."""
    return is_site_administrator(person) or partnership.pk in scope.administered(person)


def _require(actor: Person | None, partnership: Partnership) -> None:
    """As every set-up change: `None` is the `accord` command on the server."""
    _require_setup(actor, partnership.pk)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CheckedPolicy:
    """A file that passed every check: its policy, and the version already stored with the same
    id and version for this partnership and the same text (None when it is new)."""

    policy: Policy
    text: str
    sha256: str
    stored: PolicyVersion | None


def check_policy(*, partnership: Partnership, text: str, file_name: str) -> CheckedPolicy:
    """Every check an upload makes, writing nothing: the engine's (exactly `accord policy
    check`'s), then each exception's `policy` against the partnership's other policies, then
    that the id and version are not already taken by other text. Raises `InvalidFile` with every
    problem as `FILE:LINE: message`."""
    policy = read_policy(text, file_name)
    problems = exception_problems(policy, partnership, file_name)
    if problems:
        raise InvalidFile(problems)
    digest = sha256_of(text)
    stored = PolicyVersion.objects.filter(policy_id=policy.id, version=policy.version).first()
    if stored is not None and (stored.sha256 != digest or stored.partnership_id != partnership.pk):
        found = _VERSION_KEY.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else 0
        raise InvalidFile(
            [
                Problem(
                    file_name,
                    line,
                    f"policy {policy.id} version {policy.version} is already uploaded with "
                    "different text or for another partnership: versions never change, so give "
                    "the changed file a new version",
                )
            ]
        )
    return CheckedPolicy(policy, text, digest, stored)


def _details(version: PolicyVersion, **more: object) -> dict[str, object]:
    return {
        "policy_id": version.policy_id,
        "version": version.version,
        "sha256": version.sha256,
        **more,
    }


@transaction.atomic
def record_failed_check(
    *, actor: Person | None, partnership: Partnership, data: bytes, file_name: str, problems: int,
    now: datetime,
) -> None:  # fmt: skip
    """Log a policy file that failed its checks (nothing of it is stored but its name and the
    hash of its bytes)."""
    _require(actor, partnership)
    _record(
        actor,
        partnership.pk,
        "policy_check_failed",
        f"Policy file {file_name} checked: {problems} problem{'s' if problems != 1 else ''}, "
        "not uploaded",
        now,
        details={
            "file_name": file_name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "problems": problems,
        },
    )


@transaction.atomic
def upload_policy(
    *, actor: Person | None, partnership: Partnership, text: str, file_name: str, now: datetime
) -> tuple[PolicyVersion, bool]:
    """Check `text` and keep it as a draft version; the version and whether it is new. The same
    file uploaded again changes nothing (and is not logged again). Raises `InvalidFile`."""
    _require(actor, partnership)
    checked = check_policy(partnership=partnership, text=text, file_name=file_name)
    if checked.stored is not None:
        return checked.stored, False
    policy = checked.policy
    version = PolicyVersion.objects.create(
        partnership=partnership,
        policy_id=policy.id,
        version=policy.version,
        title=policy.title,
        text=text,
        sha256=checked.sha256,
        effective_from=policy.effective_from or timezone.localdate(now),
        loaded_at=now,
        state=State.DRAFT,
    )
    _record(
        actor,
        partnership.pk,
        "policy_uploaded",
        f"Policy uploaded and checked: {policy.id} {policy.version}",
        now,
        details=_details(version, file_name=file_name, problems=0),
    )
    return version, True


@transaction.atomic
def publish_policy(
    *, actor: Person | None, version: PolicyVersion, effective: date, now: datetime
) -> PolicyVersion:
    """Put a draft in force from `effective` (today or later). Cases already raised keep their
    version; the version of the same policy in force until then stops taking new cases the day
    before."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    _require(actor, version.partnership)
    if version.state != State.DRAFT:
        raise AdminActionRejected(
            gettext("This version is %(state)s") % {"state": version.get_state_display().lower()}
        )
    if effective < timezone.localdate(now):
        raise AdminActionRejected(
            gettext("The date it takes effect must be today or in the future"), field="effective"
        )
    same_policy = PolicyVersion.objects.select_for_update().filter(
        partnership_id=version.partnership_id, policy_id=version.policy_id, state=State.PUBLISHED
    )
    later = same_policy.filter(effective_from__gte=effective).order_by("effective_from").first()
    if later is not None:
        raise AdminActionRejected(
            gettext(
                "Version %(version)s takes effect on %(day)s: choose a later date, or withdraw "
                "that version first"
            )
            % {"version": later.version, "day": day_words(later.effective_from)},
            field="effective",
        )
    ended = []
    for earlier in same_policy.filter(effective_from__lt=effective):
        if earlier.effective_to is None or earlier.effective_to >= effective:
            earlier.effective_to = effective - timedelta(days=1)
            earlier.save(update_fields=["effective_to"])
            ended.append(earlier.version)
    version.state = State.PUBLISHED
    version.effective_from = effective
    version.effective_to = None
    version.published_at = now
    version.save(update_fields=["state", "effective_from", "effective_to", "published_at"])
    _record(
        actor,
        version.partnership_id,
        "policy_published",
        f"Policy published: {version.policy_id} {version.version}, in force from "
        f"{effective:%-d %B %Y}",
        now,
        details=_details(version, effective_from=effective.isoformat(), replaces=ended),
    )
    return version


@transaction.atomic
def withdraw_policy(
    *, actor: Person | None, version: PolicyVersion, now: datetime
) -> PolicyVersion:
    """Take a version out of use; a published one hands back to the version it replaced, which
    new cases are raised under again. One no case uses is withdrawn; one cases use is kept for
    them and marked superseded, and nobody raises a new case under it from today."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    _require(actor, version.partnership)
    if version.state not in (State.DRAFT, State.PUBLISHED):
        raise AdminActionRejected(
            gettext("This version is already %(state)s")
            % {"state": version.get_state_display().lower()}
        )
    today = timezone.localdate(now)
    used = version.cases.exists()
    if version.state == State.PUBLISHED and version.effective_from is not None:
        # The version it replaced takes over again, for as long as this one would have run.
        PolicyVersion.objects.filter(
            partnership_id=version.partnership_id,
            policy_id=version.policy_id,
            state=State.PUBLISHED,
            effective_to=version.effective_from - timedelta(days=1),
        ).update(effective_to=version.effective_to)
    if used:
        version.state = State.SUPERSEDED
        version.effective_to = today - timedelta(days=1)
    else:
        version.state = State.WITHDRAWN
    version.save(update_fields=["state", "effective_to"])
    kind, words = ("policy_superseded", "superseded") if used else ("policy_withdrawn", "withdrawn")
    _record(
        actor,
        version.partnership_id,
        kind,
        f"Policy {words}: {version.policy_id} {version.version}",
        now,
        details=_details(version, cases=version.cases.count()),
    )
    return version
