"""`seed_themes`: give each partnership its policy's themes to manage (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.partnerships.models import Partnership
from accord.partnerships.policies import NoPolicyInForce, policy_of, policy_version_in_force
from accord.partnerships.themes import seed_themes


class Command(BaseCommand):
    help = (
        "Copy the themes of the policy in force into each partnership that manages none yet. "
        "Safe to run again: a partnership with themes is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for partnership in Partnership.objects.order_by("name"):
            try:
                version = policy_version_in_force(partnership, on=today)
            except NoPolicyInForce:
                self.stdout.write(f"{partnership.name}: no policy in force, no themes")
                continue
            added = seed_themes(partnership, policy_of(version))
            self.stdout.write(f"{partnership.name}: {added} themes added")
