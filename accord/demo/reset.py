"""Finding and removing earlier demo data (and nothing else)."""

from __future__ import annotations

from accord.accounts.models import Agency, PartnershipRole, Person
from accord.cases.models import Case
from accord.cases.purge import purge_cases
from accord.partnerships.models import Closure, Partnership, PolicyVersion, RoleAssignment

from .people import ADMIN_EMAIL, DEMO_SLUG_SUFFIX, EMAIL_DOMAIN_SUFFIX, PARTNERSHIPS


def demo_loaded() -> bool:
    return Partnership.objects.filter(slug__in=[slug for _, slug, _, _ in PARTNERSHIPS]).exists()


def remove_demo() -> None:
    """Delete the demo partnerships with their cases, agencies, people and policy versions."""
    partnerships = Partnership.objects.filter(slug__endswith=DEMO_SLUG_SUFFIX)
    purge_cases(Case.objects.filter(partnership__in=partnerships), reason="demo reset")
    people = Person.objects.filter(email__endswith=EMAIL_DOMAIN_SUFFIX)
    PartnershipRole.objects.filter(partnership__in=partnerships).delete()
    RoleAssignment.objects.filter(partnership__in=partnerships).delete()
    people.update(line_manager=None)
    people.delete()
    Agency.objects.filter(home_partnership__in=partnerships).delete()
    PolicyVersion.objects.filter(partnership__in=partnerships).delete()
    Closure.objects.filter(partnership__in=partnerships).delete()
    partnerships.delete()
    Person.objects.filter(email=ADMIN_EMAIL).delete()
