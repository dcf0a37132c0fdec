"""Matching an OpenID Connect sign-in to an existing person. Deny by default; never create."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.accounts.models import Person

from .models import IdentityProvider


class Refusal(enum.Enum):
    """Why a sign-in through an identity provider was refused (shown as a page, never logged
    with the address)."""

    NOT_CONFIGURED = "not_configured"  # the client is not tied to any agency
    NO_EMAIL = "no_email"  # the provider sent no e-mail address
    UNVERIFIED_EMAIL = "unverified_email"  # ... or did not say it is verified
    OTHER_DOMAIN = "other_domain"  # ... or it is outside the provider's domains
    NO_PERSON = "no_person"  # no active person of the provider's agencies has it
    WRONG_AGENCY = "wrong_agency"  # linked earlier, but the person has since changed agency


@dataclass(frozen=True)
class Match:
    person: Person | None
    refusal: Refusal | None = None


def claims_of(extra_data: Mapping[str, Any]) -> dict[str, Any]:
    """The claims allauth kept: the ID token's, overlaid with the userinfo endpoint's."""
    claims: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        value = extra_data.get(part)
        if isinstance(value, Mapping):
            claims.update(value)
    if not claims:  # allauth before 65.11 kept the claims flat
        claims.update(extra_data)
    return claims


def _true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def email_is_verified(provider: IdentityProvider, claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: `email_verified`, Entra ID's `xms_edov` (the
    domain owner verified it), or the administrator's word for a single-tenant provider."""
    return (
        _true(claims.get("email_verified"))
        or _true(claims.get("xms_edov"))
        or provider.assume_email_verified
    )


def match_new_sign_in(provider: IdentityProvider, claims: Mapping[str, Any]) -> Match:
    """The person this first sign-in through `provider` belongs to, or why there is none."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return Match(None, Refusal.NO_EMAIL)
    if not email_is_verified(provider, claims):
        return Match(None, Refusal.UNVERIFIED_EMAIL)
    if not provider.answers_for(email):
        return Match(None, Refusal.OTHER_DOMAIN)
    person = (
        Person.objects.filter(
            email__iexact=email, is_active=True, agency__in=provider.agencies.all()
        )
        .order_by("pk")
        .first()
    )
    if person is None:
        return Match(None, Refusal.NO_PERSON)
    return Match(person)


def check_linked_person(provider: IdentityProvider, person: Person) -> Match:
    """A sign-in already linked to `person`: still allowed only while they belong to one of the
    provider's agencies (someone who moves agency must be matched again)."""
    if person.agency_id is None or not provider.agencies.filter(pk=person.agency_id).exists():
        return Match(None, Refusal.WRONG_AGENCY)
    return Match(person)
