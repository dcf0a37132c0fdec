"""Settings shared by every environment, read from the environment where they differ."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: 1, true, yes or on mean yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def chain_keys(signing: str, older: str = "") -> dict[str, bytes]:
    """The keys of the case event log's HMAC chain, from `ID:SECRET` texts: the signing key
    first (the newest, which signs every new event), then the older ones, kept so that events
    they signed still verify after a rotation (decision 16). Empty when none is set."""
    keys: dict[str, bytes] = {}
    for item in [signing, *older.split(",")]:
        item = item.strip()
        if not item:
            continue
        key_id, _, secret = item.partition(":")
        if not key_id.strip() or len(secret.strip()) < 16:
            raise ValueError("ACCORD_CHAIN_KEY entries are ID:SECRET with a secret of 16+ chars")
        keys.setdefault(key_id.strip(), secret.strip().encode("utf-8"))
    return keys


def database_settings(default_sqlite: Path, url: str = "") -> dict[str, Any]:
    """`url`, else `DATABASE_URL` when set, else SQLite at `default_sqlite` in WAL mode
    (PostgreSQL: no JIT, prepared statements planned once).

    SQLite runs every transaction as BEGIN IMMEDIATE so that two writers queue for the lock at
    the start rather than one failing half-way (SQLite has no row locks: select_for_update is a
    no-op there, and the immediate transaction is what serialises the actions).
    """
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Accord's queries are short; compiling them with the JIT costs more than it saves (it
        # doubled the case page's time in benchmarks/pages.py). The statements prepared by
        # `accord.prepared_statements` (lookups by key) are planned once, not afresh at each of
        # their first five runs.
        config.setdefault("OPTIONS", {}).setdefault(
            "options", "-c jit=off -c plan_cache_mode=force_generic_plan"
        )
    return config


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # its modules are found by urls.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "accord.accounts",
    "accord.partnerships",
    "accord.cases",
    "accord.notifications",
    "accord.documents",
    "accord.reports",
    "accord.web",
    "accord.demo",
    "accord.signin",
    "accord.api",
    "rest_framework",
    "drf_spectacular",
    # After Accord's apps, so that accord.web's templates replace allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accord.signin.apps.SocialAccountConfig",  # allauth.socialaccount: providers registered late
    "allauth.socialaccount.providers.openid_connect",
    "axes",
]

MIDDLEWARE = [
    "accord.web.operations.request_ids.request_id",  # first: every log line of the request has it
    "accord.web.operations.metrics.timed",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.web.signin.middleware.never_stored",
    "accord.web.input_guard.input_guard",  # before anything reads the session or a form
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.web.languages.language_chosen",  # the person's, the link's, the partnership's
    "allauth.account.middleware.AccountMiddleware",
    "accord.web.signin.middleware.SessionTimeoutMiddleware",
    "accord.web.signin.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into its page
]

ROOT_URLCONF = "accord.config.urls"
WSGI_APPLICATION = "accord.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.web.context.navigation",
                "django.template.context_processors.csp",
                "accord.web.signin.context.session_timeout",
            ],
        },
    },
]

DATABASES = {"default": database_settings(VAR_DIR / "accord.sqlite3")}
# A read replica (PostgreSQL streaming replication): only the reads marked replica-safe go there
# (accord.config.replica); the case page, every write and every transaction use the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_settings(VAR_DIR, os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["accord.config.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:case-list"
LOGOUT_REDIRECT_URL = "web:sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and Cymraeg (decision 35): which one a request is in is accord.web.languages; the
# Welsh catalogue is accord/locale/cy/LC_MESSAGES/django.po, compiled to the committed .mo.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "accord" / "locale"]
LANGUAGE_COOKIE_NAME = "accord_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": "accord.notifications.task_backend.TaskBackend",
        "QUEUES": ["default"],
    }
}

# Notifications (accord.notifications): messages carry a sign-in link to this address, never
# personal data. Failed e-mails are retried with doubling back-off, capped, for a time window
# from when they were queued, then marked dead (decision 18).
ACCORD_BASE_URL = os.environ.get("ACCORD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ACCORD_OUTBOX_BACKOFF_SECONDS = int(os.environ.get("ACCORD_OUTBOX_BACKOFF_SECONDS", "60"))
ACCORD_OUTBOX_MAX_BACKOFF_SECONDS = int(os.environ.get("ACCORD_OUTBOX_MAX_BACKOFF_SECONDS", "3600"))
ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS = int(os.environ.get("ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS", "72"))
ACCORD_OUTBOX_STUCK_AFTER_SECONDS = 300  # the sweep re-queues e-mails waiting longer than this
ACCORD_WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("ACCORD_WEBHOOK_TIMEOUT_SECONDS", "10"))
# Plain http:// webhook addresses are refused unless to this machine and this is on (tests, dev).
ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP = os.environ.get("ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP", "") == "1"
# A delivery task RUNNING for longer than this lost its worker (killed): the sweep marks it failed
# and its e-mails are queued again. Longer than a batch can take (50 e-mails, 30 s SMTP timeout).
ACCORD_TASK_STALE_AFTER_SECONDS = int(os.environ.get("ACCORD_TASK_STALE_AFTER_SECONDS", "1800"))
# Health (`/healthz/ready`, the status page, the metrics; decision 27): the worker has finished a
# task (each sweep leaves it a heartbeat), no e-mail has waited, and the sweep has run, within:
ACCORD_HEALTH_WORKER_SILENT_SECONDS = int(
    os.environ.get("ACCORD_HEALTH_WORKER_SILENT_SECONDS", "300")
)
ACCORD_HEALTH_OUTBOX_WAIT_SECONDS = int(os.environ.get("ACCORD_HEALTH_OUTBOX_WAIT_SECONDS", "900"))
ACCORD_HEALTH_SWEEP_SILENT_SECONDS = int(
    os.environ.get("ACCORD_HEALTH_SWEEP_SILENT_SECONDS", "300")
)
# The bearer token of the Prometheus scraper (`/metrics`); no token, no page.
ACCORD_METRICS_TOKEN = os.environ.get("ACCORD_METRICS_TOKEN", "")
ACCORD_DIGEST_HOUR = 7  # daily digests go at the first tick from this hour, Europe/London
# Cases whose event logs each sweep verifies in turn: a tick a minute covers 1,440 times this
# many cases a day (decision 16).
ACCORD_LOG_CHECKS_PER_SWEEP = int(os.environ.get("ACCORD_LOG_CHECKS_PER_SWEEP", "1000"))
ACCORD_SWEEP_OVERLAP_SECONDS = 3600  # cases written this long before the last sweep are re-checked
# The sweep's alert batches run on this many threads, each with its own connection, on
# PostgreSQL outside a transaction: one's Python overlaps the other's SQL (decision 39). 1: serial.
ACCORD_SWEEP_WORKERS = int(os.environ.get("ACCORD_SWEEP_WORKERS", "2"))
# The case event log's keyed chain (decision 16): ACCORD_CHAIN_KEY is `ID:SECRET`, the key that
# signs new events; ACCORD_CHAIN_OLD_KEYS lists retired ones (comma-separated) that still verify
# the events they signed. `local` and `test` have a development key; `production` requires one.
ACCORD_CHAIN_KEYS = chain_keys(
    os.environ.get("ACCORD_CHAIN_KEY", ""), os.environ.get("ACCORD_CHAIN_OLD_KEYS", "")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Accord <no-reply@accord.invalid>")
MAILERS: dict[str, Any] = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 30,
        },
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The API for agencies' own systems (accord.api, decision 30): personal access tokens and agency
# systems' OAuth client credentials, JSON in and out, errors as RFC 9457 problem details, a rate
# per token.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accord.api.authentication.PersonalTokenAuthentication",
        "accord.api.authentication.SystemTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accord.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["accord.api.throttling.PerToken"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("ACCORD_API_RATE", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_VERSIONING_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "accord.api.problems.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Accord API",
    "DESCRIPTION": "Raise, follow and answer professional disagreements from an agency's own "
    "case-management system. See docs/howto/integrate-a-case-management-system.md.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "accord.cases.models.CaseStatus",
        "WebhookEventEnum": "accord.notifications.models.WebhookEvent",
        "FormRecordStatusEnum": "accord.api.serializers_forms.RECORD_STATUSES",
        "FormActionEnum": "accord.api.serializers_forms.FORM_ACTIONS",
    },
    "POSTPROCESSING_HOOKS": [
        "accord.api.webhook_schema.add_webhook_headers",  # the webhooks' signature headers
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accord.api.schema_links.add_links",  # the stateful links between operations
    ],
    # The webhooks Accord posts (decision 32), one per event type.
    "WEBHOOKS": [
        "accord.api.webhook_schema.RAISED",
        "accord.api.webhook_schema.RESPONDED",
        "accord.api.webhook_schema.ESCALATED",
        "accord.api.webhook_schema.DEADLINE_DUE_SOON",
        "accord.api.webhook_schema.DEADLINE_BREACHED",
        "accord.api.webhook_schema.RESOLVED",
        "accord.api.webhook_schema.CLOSED",
    ],
}

# Sign-in (allauth, axes), sessions and the Content Security Policy.
from ._security import *  # noqa: E402, F403

# Logs carry what happened, never what was said: no request bodies, no child data. Django's
# `django.request` records hold the request object (and its POST data); the filter drops it, and
# no handler mails admins (the e-mail handler would include the request).
# Every line carries the request id (`accord.web.operations.request_ids`; "-" outside a request).
# ACCORD_LOG_FORMAT=json writes one JSON object a line (production's default), for log stores.
LOG_FORMAT = os.environ.get("ACCORD_LOG_FORMAT", "plain")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_request_data": {"()": "accord.config.logfilters.DropRequestData"},
        "request_id": {"()": "accord.web.operations.request_ids.WithRequestId"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} [{request_id}] {name}: {message}", "style": "{"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "{asctime}{levelname}{name}{request_id}{message}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["no_request_data", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
