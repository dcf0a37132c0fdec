"""Adding and changing agencies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from accord.partnerships.models import Partnership

from ..models import Agency, Person
from ._common import AdminActionRejected, _changes, _record, _require_admin


def _agency_fields(agency: Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "kind": agency.kind,
        "serves": sorted(agency.serves.values_list("slug", flat=True)),
    }


def _check_agency_name(partnership: Partnership, name: str, *, exclude: int | None) -> str:
    name = name.strip()
    if not name:
        raise AdminActionRejected(gettext("Enter the agency's name"), field="name")
    clash = Agency.objects.filter(home_partnership=partnership, name__iexact=name)
    if clash.exclude(pk=exclude or 0).exists():
        raise AdminActionRejected(
            gettext("%(partnership)s already has an agency called %(name)s")
            % {"partnership": partnership.name, "name": name},
            field="name",
        )
    return name


@transaction.atomic
def create_agency(
    *,
    actor: Person,
    partnership: Partnership,
    name: str,
    kind: str,
    serves: Iterable[Partnership] = (),
    now: datetime,
) -> Agency:
    """A new agency at home in `partnership`, serving it and any neighbours in `serves`."""
    _require_admin(actor, partnership.pk)
    agency = Agency.objects.create(
        name=_check_agency_name(partnership, name, exclude=None),
        kind=kind,
        home_partnership=partnership,
    )
    agency.serves.set({partnership, *serves})
    _record(
        actor,
        partnership.pk,
        "agency_added",
        f"Agency added: {agency.name}",
        now,
        agency=agency,
        details=_agency_fields(agency),
    )
    return agency


@transaction.atomic
def update_agency(
    *, actor: Person, agency: Agency, name: str, kind: str, serves: Iterable[Partnership],
    now: datetime,
) -> Agency:  # fmt: skip
    """Rename an agency, change its kind or the partnerships it serves (always its home one)."""
    agency = (
        Agency.objects.select_for_update(of=("self",))
        .select_related("home_partnership")
        .get(pk=agency.pk)
    )
    _require_admin(actor, agency.home_partnership_id)
    before = _agency_fields(agency)
    agency.name = _check_agency_name(agency.home_partnership, name, exclude=agency.pk)
    agency.kind = kind
    agency.save(update_fields=["name", "kind"])
    agency.serves.set({agency.home_partnership, *serves})
    changed = _changes(before, _agency_fields(agency))
    if changed:
        _record(
            actor,
            agency.home_partnership_id,
            "agency_changed",
            f"Agency changed: {agency.name}",
            now,
            agency=agency,
            details=changed,
        )
    return agency
