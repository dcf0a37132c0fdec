"""The themes a partnership files its disagreements under (the policy's categories to start)."""

from __future__ import annotations

from django.db import transaction

from accord.engine.policy.model import Policy

from .models import Partnership, Theme


def themes_for(partnership: Partnership, policy: Policy) -> list[str]:
    """The themes a case raised in `partnership` under `policy` may be filed under, in order:
    the partnership's active themes, or the policy's list while it manages none (one query)."""
    managed = list(
        Theme.objects.filter(partnership=partnership)
        .values_list("name", "active")
        .order_by("position", "name")
    )
    if not managed:
        return list(policy.themes)
    return [name for name, active in managed if active]


@transaction.atomic
def seed_themes(partnership: Partnership, policy: Policy) -> int:
    """Give `partnership` its policy's themes to manage, unless it has themes already.

    Returns how many were created (0 when it had some). Safe to run twice, or at once: the
    partnership's row is locked while it is decided.
    """
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if Theme.objects.filter(partnership=partnership).exists():
        return 0
    names = list(dict.fromkeys(name.strip() for name in policy.themes if name.strip()))
    Theme.objects.bulk_create(
        Theme(partnership=partnership, name=name, position=index)
        for index, name in enumerate(names, start=1)
    )
    return len(names)
