"""Settings for a developer's machine and `make serve`: SQLite under var/ unless DATABASE_URL."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, chain_keys, env_bool, env_list

VAR_DIR.mkdir(parents=True, exist_ok=True)

# DEVELOPMENT ONLY: a fixed key so local sessions survive restarts. Never used in production,
# which refuses to start without SECRET_KEY in its environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "accord-local-development-only-not-a-secret")

# DEVELOPMENT ONLY: the event log's chain key when ACCORD_CHAIN_KEY is not set. Production refuses
# to start without its own.
ACCORD_CHAIN_KEYS = chain_keys(
    os.environ.get("ACCORD_CHAIN_KEY", "dev:accord-local-development-only-chain-key"),
    os.environ.get("ACCORD_CHAIN_OLD_KEYS", ""),
)

# Off by default so that the local run shows the same error pages as production (no stack
# traces); set DEBUG=1 to see Django's debug pages.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# WhiteNoise serves straight from the apps' static folders, so no collectstatic is needed locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# DEVELOPMENT ONLY: a webhook receiver on this machine may be plain http.
ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP = True

# E-mail never leaves the machine: each message is written to a file under var/mail/.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
}
