"""A real OpenID Connect provider for the tests: oidc-provider-mock, served on 127.0.0.1.

It speaks the real protocol (discovery, an HTML authorisation page, the token and userinfo
endpoints, signed ID tokens), so allauth talks to it as to Microsoft Entra ID. Its sign-in page
asks for the "Subject" (the user's id) and has an "Authorize" button; the claims it returns for a
subject are set beforehand with `provider.set_user(...)`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import oidc_provider_mock
import pytest
import requests
import werkzeug.serving
from allauth.socialaccount.models import SocialApp

from accord.accounts.models import Agency
from accord.signin.models import OPENID_CONNECT, IdentityProvider


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, **claims: Any) -> None:
        """What the provider says about `sub` when they sign in (email, email_verified, ...)."""
        response = requests.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Sign in on the provider's page as `sub`: the redirect back to Accord, with the code."""
        response = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text
        return str(response.headers["location"])


@pytest.fixture
def oidc_provider() -> Iterator[Provider]:
    """A fresh provider on a free port of 127.0.0.1, for one test."""
    app = oidc_provider_mock.app(require_nonce=False)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def connect_agency(
    provider: Provider,
    *agencies: Agency,
    domains: str,
    provider_id: str = "northshire-police",
    name: str = "Northshire Police",
    assume_email_verified: bool = False,
) -> IdentityProvider:
    """What an administrator sets up: the OIDC client and the agencies and domains it serves."""
    app = SocialApp.objects.create(
        provider=OPENID_CONNECT,
        provider_id=provider_id,
        name=name,
        client_id="accord-test-client",
        secret="accord-test-client-secret",
        settings={"server_url": provider.url},
    )
    identity_provider = IdentityProvider.objects.create(
        app=app, email_domains=domains, assume_email_verified=assume_email_verified
    )
    identity_provider.agencies.set(agencies)
    return identity_provider
