"""allauth's identity-provider classes are registered when first needed, not as a process starts
(`accord.signin.apps.SocialAccountConfig`): a process that signs nobody in, such as `accord
tick` each minute, does not import the OpenID Connect provider and the `requests` library with
it (issue 17), and sign-in finds the provider all the same, in a request or through the adapter.
Each case runs in a fresh process, where nothing has registered them yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import run_python

START = """
import sys
import django
django.setup()
from allauth.socialaccount.providers import registry
from django.core.management import call_command
call_command("migrate", verbosity=0)
print("AT START", registry.loaded, "requests" in sys.modules)
"""

BY_REQUEST = """
from django.test import Client
Client().get("/sign-in/")
"""

BY_ADAPTER = """
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
SocialApp.objects.create(
    provider="openid_connect", provider_id="county-idp", name="County", client_id="accord",
    settings={"server_url": "https://idp.example.org"},
)
print("FOUND", type(get_adapter().get_provider(None, "county-idp")).__name__)
"""

AFTER = """
print("AFTER", registry.loaded, registry.get_class("openid_connect").__name__)
"""


def _run(script: str, tmp_path: Path) -> str:
    done = run_python(script, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("first_need", [BY_REQUEST, BY_ADAPTER], ids=["a request", "the adapter"])
def test_providers_are_registered_at_first_need_not_at_start(
    first_need: str, tmp_path: Path
) -> None:
    said = _run(START + first_need + AFTER, tmp_path)
    assert "AT START False False" in said, said
    assert "AFTER True OpenIDConnectProvider" in said, said
    if first_need is BY_ADAPTER:
        assert "FOUND OpenIDConnectProvider" in said, said
