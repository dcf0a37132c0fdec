"""A partnership's life before its first case: a site administrator creates it with its first
administrator; its administrators make it live once nothing is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accord.engine.policy.retention import AGES, YEARS
from accord.partnerships.models import JURISDICTION_CHOICES, LANGUAGE_CHOICES, Partnership
from accord.partnerships.readiness import gaps

from .. import scope
from ..models import PartnershipRole, Person
from ..models import PartnershipRoleKind as Role
from ._common import (
    AdminActionRejected,
    _record,
    _require_setup,
    in_english,
    is_site_administrator,
)
from .people import record_person_added

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
JURISDICTIONS = dict(JURISDICTION_CHOICES)


@dataclass(frozen=True)
class Created:
    """What `create_partnership` did: `changed` False when everything was already so;
    `invited` when the new administrator was e-mailed a set-password link
    (`accord.signin.invitations.create_partnership_inviting`)."""

    partnership: Partnership
    administrator: Person
    changed: bool
    invited: bool = False


def _checked(slug: str, name: str, jurisdiction: str, short_name: str) -> tuple[str, ...]:
    slug, name, short_name = slug.strip(), name.strip(), short_name.strip()
    if not SLUG.match(slug) or len(slug) > 80:
        raise AdminActionRejected(
            gettext(
                "The slug is lower-case letters, digits and single hyphens (80 at most), "
                "for example north-tyneside"
            ),
            field="slug",
        )
    if not name:
        raise AdminActionRejected(gettext("Enter the partnership's name"), field="name")
    if len(name) > 200:
        raise AdminActionRejected(gettext("The name must be 200 characters or fewer"), field="name")
    if jurisdiction not in JURISDICTIONS:
        raise AdminActionRejected(
            gettext("Unknown jurisdiction “%(jurisdiction)s”: use one of %(jurisdictions)s")
            % {"jurisdiction": jurisdiction, "jurisdictions": ", ".join(JURISDICTIONS)},
            field="jurisdiction",
        )
    if not short_name:
        raise AdminActionRejected(gettext("Enter the short name e-mails use"), field="short_name")
    if len(short_name) > 20:
        raise AdminActionRejected(
            gettext("The short name must be 20 characters or fewer"), field="short_name"
        )
    return slug, name, jurisdiction, short_name


def _checked_admin(email: str, full_name: str) -> tuple[str, str]:
    email, full_name = email.strip().lower(), full_name.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AdminActionRejected(
            gettext("“%(email)s” is not an e-mail address") % {"email": email}, field="admin_email"
        ) from None
    return email, full_name


@transaction.atomic
def create_partnership(
    *, actor: Person | None, slug: str, name: str, jurisdiction: str, short_name: str,
    admin_email: str, admin_name: str, now: datetime,
) -> Created:  # fmt: skip
    """A new partnership, not live, with its first administrator (an existing person, or a new
    one with no agency and no password: they choose one with the set-password e-mail).

    Only a site administrator (or the `accord` command, `actor` None) may. The same details
    again change nothing (`changed` False); a slug already used with other details is refused.
    """
    if actor is not None and not is_site_administrator(actor):
        raise AdminActionRejected(gettext("Only a site administrator can create a partnership"))
    slug, name, jurisdiction, short_name = _checked(slug, name, jurisdiction, short_name)
    email, full_name = _checked_admin(admin_email, admin_name)
    existing = Partnership.objects.select_for_update().filter(slug=slug).first()
    if existing is not None:
        same = (existing.name, existing.jurisdiction, existing.short_name) == (
            name,
            jurisdiction,
            short_name,
        )
        if not same:
            raise AdminActionRejected(
                gettext(
                    "There is already a partnership “%(slug)s” (%(name)s, %(jurisdiction)s, "
                    "%(short_name)s): choose another slug"
                )
                % {
                    "slug": slug,
                    "name": existing.name,
                    "jurisdiction": existing.jurisdiction,
                    "short_name": existing.short_name or gettext("no short name"),
                },
                field="slug",
            )
    elif Partnership.objects.filter(name__iexact=name).exists():
        raise AdminActionRejected(
            gettext("There is already a partnership called %(name)s") % {"name": name}, field="name"
        )
    person = Person.objects.filter(email__iexact=email).first()
    if person is None and not full_name:
        raise AdminActionRejected(
            gettext(
                "There is no account with this e-mail address: enter the administrator's full "
                "name to create one"
            ),
            field="admin_name",
        )
    if person is not None and not person.is_active:
        raise AdminActionRejected(
            gettext("The account with this e-mail address is deactivated"), field="admin_email"
        )
    partnership = existing or Partnership.objects.create(
        slug=slug, name=name, jurisdiction=jurisdiction, short_name=short_name
    )
    changed = existing is None
    if changed:
        _record(
            actor,
            partnership.pk,
            "partnership_created",
            f"Partnership created: {name}",
            now,
            details={"slug": slug, "name": name, "jurisdiction": jurisdiction,
                     "short_name": short_name},
        )  # fmt: skip
    if person is None:
        person = Person.objects.create_user(email, None, full_name=full_name, agency=None)
        changed = True
        record_person_added(actor, partnership.pk, person, now)
    _, added = PartnershipRole.objects.get_or_create(
        person=person, partnership=partnership, role=Role.ADMINISTRATOR
    )
    if added:
        changed = True
        _record(
            actor,
            partnership.pk,
            "staff_role_added",
            f"{in_english(Role.ADMINISTRATOR.label)}: {person.full_name}",
            now,
            person=person,
            details={"role": Role.ADMINISTRATOR.value},
        )
        scope.forget_roles(person)
    return Created(partnership, person, changed)


@transaction.atomic
def go_live(*, actor: Person, partnership: Partnership, now: datetime) -> Partnership:
    """Make the partnership live (cases can be raised), refused while the set-up checklist
    (`accord.partnerships.readiness.gaps`) has anything on it."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_setup(actor, partnership.pk)
    if partnership.live:
        raise AdminActionRejected(
            gettext("%(partnership)s is already live") % {"partnership": partnership.name}
        )
    missing = gaps(partnership, on=timezone.localdate(now))
    if missing:
        count = len(missing)
        raise AdminActionRejected(
            ngettext(
                "%(partnership)s cannot go live yet: %(count)s thing on the checklist still to do",
                "%(partnership)s cannot go live yet: %(count)s things on the checklist still to do",
                count,
            )
            % {"partnership": partnership.name, "count": count}
        )
    partnership.live = True
    partnership.save(update_fields=["live"])
    _record(actor, partnership.pk, "partnership_live", f"{partnership.name} went live", now)
    return partnership


STOP_REASON = 500  # characters at most


@transaction.atomic
def stop_new_cases(
    *, actor: Person, partnership: Partnership, reason: str, now: datetime
) -> Partnership:
    """Take a live partnership out of live, saying why: nobody raises a new case in it until it
    goes live again (`go_live`, with the checklist checked again). Cases already raised go on
    as before, with their deadlines, alerts and actions."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_setup(actor, partnership.pk)
    reason = reason.strip()
    if not reason:
        raise AdminActionRejected(gettext("Say why new cases are stopped"), field="reason")
    if len(reason) > STOP_REASON:
        raise AdminActionRejected(
            gettext("The reason must be %(limit)s characters or fewer") % {"limit": STOP_REASON},
            field="reason",
        )
    if not partnership.live:
        raise AdminActionRejected(
            gettext("%(partnership)s is not live: no new cases are raised")
            % {"partnership": partnership.name}
        )
    partnership.live = False
    partnership.save(update_fields=["live"])
    _record(
        actor,
        partnership.pk,
        "partnership_not_live",
        f"{partnership.name} stopped taking new cases: {reason}",
        now,
        details={"reason": reason},
    )
    return partnership


@transaction.atomic
def set_alert_time(
    *, actor: Person, partnership: Partnership, at: time, now: datetime
) -> Partnership:
    """The time of day (UK time) the partnership's deadline alerts are given on working days.
    Open cases' alerts are moved by the caller (`accord.cases.actions.change_alert_time`)."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_setup(actor, partnership.pk)
    if at.second or at.microsecond:
        raise AdminActionRejected(gettext("Give the time in hours and minutes"), field="at")
    if at == partnership.alert_time:
        raise AdminActionRejected(
            gettext("Alerts are already given at %(time)s") % {"time": f"{at:%H:%M}"}, field="at"
        )
    before = partnership.alert_time
    partnership.alert_time = at
    partnership.save(update_fields=["alert_time"])
    _record(
        actor,
        partnership.pk,
        "alert_time_changed",
        f"Alert time changed from {before:%H:%M} to {at:%H:%M}",
        now,
        details={"before": f"{before:%H:%M}", "after": f"{at:%H:%M}"},
    )
    return partnership


LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


@transaction.atomic
def set_default_language(
    *, actor: Person | None, partnership: Partnership, language: str, now: datetime
) -> Partnership:
    """The language of pages, e-mails and documents for the partnership's people who have not
    chosen one themselves (accord.accounts.languages; decision 35)."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_setup(actor, partnership.pk)
    if language not in LANGUAGE_NAMES:
        raise AdminActionRejected(gettext("Select English or Cymraeg"), field="language")
    before = partnership.default_language
    if language == before:
        raise AdminActionRejected(
            gettext("%(language)s is the default language already")
            % {"language": LANGUAGE_NAMES[language]},
            field="language",
        )
    partnership.default_language = language
    partnership.save(update_fields=["default_language"])
    _record(
        actor,
        partnership.pk,
        "default_language_changed",
        f"Default language changed from {LANGUAGE_NAMES.get(before, before)} to "
        f"{LANGUAGE_NAMES[language]}",
        now,
        details={"before": before, "after": language},
    )
    return partnership


@transaction.atomic
def set_retention(
    *,
    actor: Person | None,
    partnership: Partnership,
    years_after_closure: int | None,
    until_age: int | None,
    now: datetime,
) -> Partnership:
    """The partnership's own retention rule (decision 29): how many years after closing (1 to
    99) and until what age (0 for none, up to 99) its closed cases' personal details are kept.
    None for either keeps what each case's policy says."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_setup(actor, partnership.pk)
    if years_after_closure is not None and years_after_closure not in YEARS:
        raise AdminActionRejected(
            gettext("Years after closing must be a whole number from 1 to 99"),
            field="years_after_closure",
        )
    if until_age is not None and until_age not in AGES:
        raise AdminActionRejected(
            gettext("The age must be a whole number from 0 (no age rule) to 99"), field="until_age"
        )
    before = (partnership.retention_years_after_closure, partnership.retention_until_age)
    if before == (years_after_closure, until_age):
        raise AdminActionRejected(
            gettext("That is the retention rule already"), field="years_after_closure"
        )
    partnership.retention_years_after_closure = years_after_closure
    partnership.retention_until_age = until_age
    partnership.save(update_fields=["retention_years_after_closure", "retention_until_age"])

    def words(years: int | None, age: int | None) -> str:
        return (
            f"{'the policy’s years' if years is None else f'{years} years'} after closing, "
            f"{'the policy’s age' if age is None else ('no age' if age == 0 else f'age {age}')}"
        )

    _record(
        actor,
        partnership.pk,
        "retention_changed",
        f"Retention changed from {words(*before)} to {words(years_after_closure, until_age)}",
        now,
        details={
            "before": list(before),
            "after": [years_after_closure, until_age],
        },
    )
    return partnership
