"""Headers on every page (CSP with a nonce, frames, referrer) and `check --deploy` clean under
the production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import PersonFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["sign-in page", "case list"])
def test_every_page_has_a_csp_with_a_fresh_nonce_on_its_scripts(signed_in: bool) -> None:
    client = Client()
    url = "/sign-in/"
    if signed_in:
        client.force_login(PersonFactory())
        url = "/cases/"
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{16,})'", policy)
    assert nonce is not None, policy
    for directive in [
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) >= 2
    for script in scripts:
        assert f'nonce="{nonce.group(1)}"' in script, script
        assert 'src="/static/' in script  # files, never inline
    assert re.search(r"<script\b[^>]*>\s*[^<\s]", html) is None  # no inline code
    again = client.get(url).headers["Content-Security-Policy"]
    assert again != policy  # a new nonce each time


@pytest.mark.django_db
def test_the_other_security_headers() -> None:
    response = Client().get("/sign-in/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-cache" in response.headers["Cache-Control"]  # sign-in pages are never cached


def production_environment(tmp_path: Path) -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "accord.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ACCORD_CHAIN_KEY": f"2026:{secrets.token_urlsafe(48)}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        "ALLOWED_HOSTS": "accord.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://accord.example.org",
    }


def test_check_deploy_is_clean_under_the_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accord", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("key", ["", "2026:short", "no-id-only-a-long-secret-here"])
def test_production_refuses_to_start_without_a_chain_key(tmp_path: Path, key: str) -> None:
    environment = {**production_environment(tmp_path), "ACCORD_CHAIN_KEY": key}
    result = subprocess.run(
        [sys.executable, "-m", "accord", "manage", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ACCORD_CHAIN_KEY" in result.stderr


def test_production_settings_use_secure_cookies_and_hsts(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_NAME, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT, "
        "s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "__Host-accord-session",
        "31536000",
        "True",
        "True",
        "True",
        "DENY",
        "False",
    ]


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    environment = production_environment(tmp_path)
    del environment["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "accord", "manage", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
