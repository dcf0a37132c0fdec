"""Identity providers: an agency's own OpenID Connect sign-in (for example its Entra ID tenant)."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.db import models

OPENID_CONNECT = "openid_connect"


def split_domains(text: str) -> list[str]:
    """`"police.example, Police.Example.org"` -> `["police.example", "police.example.org"]`."""
    parts = text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",")
    return sorted({part.strip().lower().lstrip("@") for part in parts if part.strip()})


class IdentityProvider(models.Model):
    """Lets people of some agencies sign in with their organisation's own account.

    The OpenID Connect client itself (its issuer URL in `settings["server_url"]`, client id and
    secret) is allauth's `SocialApp` with provider `openid_connect`; this ties it to the agencies
    whose people may use it and to the e-mail domains it answers for. A sign-in is matched, by a
    verified e-mail address in one of those domains, to an existing person of one of those
    agencies. Nobody is ever created by signing in.
    """

    app = models.OneToOneField(
        SocialApp,
        on_delete=models.CASCADE,
        related_name="accord_identity_provider",
        limit_choices_to={"provider": OPENID_CONNECT},
        verbose_name="OpenID Connect client",
        help_text=(
            "A social application with provider “OpenID Connect”, a short provider id (it is "
            "part of the redirect URI: /sign-in/oidc/<provider id>/login/callback/) and "
            'settings such as {"server_url": "https://login.microsoftonline.com/<tenant>/v2.0"}.'
        ),
    )
    agencies = models.ManyToManyField(
        "accounts.Agency",
        related_name="identity_providers",
        help_text="The agencies whose people may sign in with it (NHSmail serves many).",
    )
    email_domains = models.CharField(
        max_length=500,
        help_text=(
            "The e-mail domains this provider answers for, separated by commas (for example "
            "“northshire.police.example”). People whose address is in one of them are sent here."
        ),
    )
    assume_email_verified = models.BooleanField(
        "trust its e-mail addresses",
        default=False,
        help_text=(
            "Tick only for a single-tenant provider that owns these domains but sends no "
            "email_verified claim (Microsoft Entra ID). Otherwise an address counts only when "
            "the provider says it is verified."
        ),
    )

    class Meta:
        verbose_name = "identity provider"

    def __str__(self) -> str:
        return str(self.app.name)

    @property
    def domains(self) -> list[str]:
        return split_domains(self.email_domains)

    def answers_for(self, email: str) -> bool:
        return email.rpartition("@")[2].lower() in self.domains

    def clean(self) -> None:
        if self.app_id and self.app.provider != OPENID_CONNECT:
            raise ValidationError({"app": "Choose an OpenID Connect client."})
        domains = self.domains
        if not domains:
            raise ValidationError({"email_domains": "Enter at least one e-mail domain."})
        self.email_domains = ", ".join(domains)
        for other in IdentityProvider.objects.exclude(pk=self.pk):
            shared = set(domains) & set(other.domains)
            if shared:
                raise ValidationError(
                    {"email_domains": f"{', '.join(sorted(shared))} already belongs to {other}."}
                )


def provider_for_email(email: str) -> IdentityProvider | None:
    """The identity provider that answers for this address's domain, if any."""
    domain = email.rpartition("@")[2].lower()
    if not domain:
        return None
    for provider in IdentityProvider.objects.select_related("app").filter(
        email_domains__icontains=domain
    ):
        if domain in provider.domains:
            return provider
    return None


def provider_origins() -> list[str]:
    """The scheme://host[:port] of every configured provider, for the CSP's form-action."""
    origins = set()
    for settings in SocialApp.objects.filter(provider=OPENID_CONNECT).values_list(
        "settings", flat=True
    ):
        for key in ("server_url", "authorization_endpoint"):
            url = (settings or {}).get(key) or (
                (settings or {}).get("openid_configuration_overrides") or {}
            ).get(key)
            if url:
                parts = urlsplit(str(url))
                if parts.scheme in {"http", "https"} and parts.netloc:
                    origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
