"""Settings for the test suite: SQLite in memory unless DATABASE_URL names a PostgreSQL server.

With DATABASE_URL set, pytest-django creates (and drops) `test_<name>` on that server, one per
xdist worker.
"""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import chain_keys, database_settings

# TESTS ONLY: not a secret.
SECRET_KEY = os.environ.get("SECRET_KEY", "accord-tests-only-not-a-secret")
ACCORD_CHAIN_KEYS = chain_keys(  # TESTS ONLY: not a secret
    os.environ.get("ACCORD_CHAIN_KEY", "test:accord-tests-only-chain-key"),
    os.environ.get("ACCORD_CHAIN_OLD_KEYS", ""),
)
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

DATABASES = {"default": database_settings(VAR_DIR / "test.sqlite3")}  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": None}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP = True  # a test server on 127.0.0.1 receives the posts
ACCORD_WEBHOOK_TIMEOUT_SECONDS = 5
