"""Settings for production: everything from the environment; refuses to start without a key."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ACCORD_CHAIN_KEYS, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (a long random string).")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL in the environment (postgres://...).")

if not ACCORD_CHAIN_KEYS:
    raise ImproperlyConfigured(
        "Set ACCORD_CHAIN_KEY in the environment (ID:SECRET, a long random secret): it keys the "
        "case event log's chain."
    )

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer's health check reaches the process directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/ready)?$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# __Host- cookies: only over HTTPS, only from this exact host, for the whole site.
SESSION_COOKIE_NAME = "__Host-accord-session"
CSRF_COOKIE_NAME = "__Host-accord-csrf"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"  # the links in e-mails and the OIDC redirect URI
# Behind the load balancer (SECURE_PROXY_SSL_HEADER): how many proxies append to
# X-Forwarded-For, so that lock-out and rate limits count the client, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

# One JSON object a log line, for the log store (ACCORD_LOG_FORMAT=plain for people reading).
LOGGING["handlers"]["console"]["formatter"] = (  # noqa: F405
    "plain" if os.environ.get("ACCORD_LOG_FORMAT") == "plain" else "json"
)
