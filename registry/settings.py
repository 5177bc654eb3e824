"""Settings for the OCPP certificate registry.

One file, driven by environment variables. With nothing set, the project runs in its embedded default:
SQLite beside the code and DEBUG on. ``DATABASE_URL`` switches to PostgreSQL (or any database
dj-database-url understands). Bad values raise ``ImproperlyConfigured`` at start-up.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from certificates.domain.links import web_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Return the boolean value of environment variable ``name`` ("1/true/yes/on" or "0/false/no/off")."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    """Return the integer value of environment variable ``name`` (at least ``minimum``, when given)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_float(name: str, default: float, minimum: float = 0.0) -> float:
    """Return the number in environment variable ``name`` (at least ``minimum``)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if not value >= minimum:  # NaN too
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_rate(name: str, default: str) -> str:
    """Return the throttle rate in environment variable ``name``: requests per second, minute, hour or day
    ("600/minute")."""
    raw = os.environ.get(name) or default
    if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", raw.strip()):
        raise ImproperlyConfigured(f"{name} must be a rate such as 600/minute or 60/hour, got {raw!r}")
    return raw.strip()


def env_list(name: str, default: list[str]) -> list[str]:
    """Return the comma-separated values of environment variable ``name``, blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_site_url(name: str) -> str:
    """Return the site's canonical root in environment variable ``name`` (``https://registry.example.org``,
    without a trailing slash), or "" when unset; anything but an http(s) scheme and host (and port) is refused."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    url = web_url(raw)
    parts = urlsplit(url)
    if not url or parts.path not in ("", "/") or parts.query or parts.fragment or "?" in raw or "#" in raw:
        raise ImproperlyConfigured(f"{name} must be the site's scheme and host, such as https://registry.example.org, "
                                   f"got {raw!r}")  # fmt: skip
    return f"{parts.scheme}://{parts.netloc}"


# The key the embedded default signs with; published here, so never accepted with DEBUG off.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
# Django's own bar for a secret key (its deployment check, security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def production_secret_key(key: str) -> str:
    """Return ``key`` if it may sign sessions, password resets and CSRF tokens in production; else raise
    ``ImproperlyConfigured`` saying what is wrong with it (missing, short, too few distinct characters, or a
    development key: this project's or one Django's ``startproject`` made)."""
    advice = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY must be set when DEBUG is off; {advice}")
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(f"SECRET_KEY is a development key, never to be used with DEBUG off; {advice}")
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for DEBUG off: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different (it has {len(key)}, {len(set(key))} different); "
            f"{advice}"
        )
    return key


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY = (SECRET_KEY or DEVELOPMENT_SECRET_KEY) if DEBUG else production_secret_key(SECRET_KEY)

# The canonical root of every absolute link the registry writes (API urls, feeds, pages' next links), so no
# client's Host header ends up in one; unset, links name the host each request came with (certificates.siteurl).
SITE_URL = env_site_url("SITE_URL")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "certificates",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside every middleware that reads or writes the body (ETags are taken of the uncompressed body); text
    # only, and why BREACH is no concern here: registry/compression.py.
    "registry.compression.TextGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a parameter or the database (registry/middleware.py).
    "registry.middleware.QueryLimitsMiddleware",
    "registry.middleware.StatementTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the CSRF check, which reads a posted form's whole body (registry/middleware.py).
    "registry.middleware.FormBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files from the app server itself (runserver serves them while debugging).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "registry.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Web requests only: a PostgreSQL statement of a request running longer is cancelled and the request answers
# 503 (registry/middleware.py); workers, commands and migrations are not limited. 0 turns it off.
WEB_STATEMENT_TIMEOUT_MS = env_int("WEB_STATEMENT_TIMEOUT_MS", 5000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a client locked out is refused before its password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


def documents_storage() -> dict[str, Any]:
    """Return the storage of uploaded documents (``STORAGES["default"]``), from the environment.

    ``DOCUMENTS_STORAGE=filesystem`` (the default): files under ``MEDIA_ROOT``, which every web and worker
    machine must share. ``DOCUMENTS_STORAGE=s3``: a bucket of S3 or any S3-compatible store (django-storages),
    named by ``DOCUMENTS_S3_BUCKET``, with ``DOCUMENTS_S3_ENDPOINT_URL`` (unset for AWS),
    ``DOCUMENTS_S3_REGION``, ``DOCUMENTS_S3_PREFIX`` (a folder in the bucket) and
    ``DOCUMENTS_S3_ADDRESSING_STYLE`` (``path`` for most S3-compatible servers); credentials come the
    standard AWS way (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, a profile, or an instance role).
    """
    kind = os.environ.get("DOCUMENTS_STORAGE", "").strip().lower() or "filesystem"
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"DOCUMENTS_STORAGE must be filesystem or s3, got {kind!r}")
    bucket = os.environ.get("DOCUMENTS_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("DOCUMENTS_S3_BUCKET must be set when DOCUMENTS_STORAGE is s3")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": os.environ.get("DOCUMENTS_S3_PREFIX", "").strip("/"),
        "default_acl": None,  # the bucket's own policy: documents are served through the site, not the bucket
        "querystring_auth": True,
        "max_memory_size": 1024 * 1024,  # a document read back spools to a temporary file past 1 MB
    }
    for option, variable in (
        ("endpoint_url", "DOCUMENTS_S3_ENDPOINT_URL"),
        ("region_name", "DOCUMENTS_S3_REGION"),
        ("addressing_style", "DOCUMENTS_S3_ADDRESSING_STYLE"),
    ):
        if os.environ.get(variable, "").strip():
            options[option] = os.environ[variable].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": documents_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Production hardening, on whenever DEBUG is off (`python manage.py check --deploy` is clean).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every answer says what its page may load (django-csp): its own scripts, styles, images and fonts and
# nothing else. No inline script or style (a script that got into a page does not run), no other origin,
# no plugins, no <base>, forms post only here, and no site may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Ingest pipeline. With REDIS_URL set, tasks go to Redis for `make worker`; without it (the embedded
# default) they run in-process when the upload commits.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Rendered API answers are reused for this long, unless the registry changes first (certificates/caching.py).
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)
# The cache holds the API's throttle counters and rendered answers: in Redis when there is one, so every web process and
# machine shares them; in process memory for the embedded default.
CACHES = {
    "default": (
        {"BACKEND": "registry.cache.RegistryRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "registry"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 90)
# A task whose worker vanished (acks late) goes back to the queue after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
INGEST_MAX_UPLOAD_BYTES = env_int("INGEST_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# The largest body anyone but staff may post to a CSRF-protected page (a login form is under 1 KB).
FORM_MAX_BODY_BYTES = env_int("FORM_MAX_BODY_BYTES", 64 * 1024, minimum=1024)
# The largest file an anonymous check (/check/, POST /api/v1/check/) reads; certificates are well under 1 MB.
CHECK_UPLOAD_MAX_BYTES = env_int("CHECK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# One parse runs in a forked child with these limits; a hostile PDF fails its document within them.
INGEST_PARSE_WALL_SECONDS = env_int("INGEST_PARSE_WALL_SECONDS", 4)
INGEST_PARSE_CPU_SECONDS = env_int("INGEST_PARSE_CPU_SECONDS", 3)
INGEST_PARSE_MEMORY_MB = env_int("INGEST_PARSE_MEMORY_MB", 1024)
# The outbox sweeper: documents still queued after this long are sent again; documents left parsing
# longer than a task may run (their worker died) are queued again.
INGEST_SWEEP_AFTER_SECONDS = env_int("INGEST_SWEEP_AFTER_SECONDS", 60)
INGEST_STALE_SECONDS = env_int("INGEST_STALE_SECONDS", CELERY_TASK_TIME_LIMIT + 30)

# Syncing with OCA's listing of certified products (manage.py sync_oca, and daily by beat): the endpoint, who
# is asking (the User-Agent names the registry and OCA_CONTACT_URL, without which no sync starts), how fast
# and how long, and when a sync is refused (fewer rows than OCA_SYNC_MIN_PERCENT of the last complete one).
OCA_LISTING_URL = os.environ.get("OCA_LISTING_URL", "https://openchargealliance.org/wp-json/custom/v1/ajax-loader")
OCA_CONTACT_URL = os.environ.get("OCA_CONTACT_URL", "").strip()
OCA_USER_AGENT = os.environ.get("OCA_USER_AGENT", "").strip() or "OCPP-Certificate-Registry/0.1"  # + the contact URL
OCA_REQUESTS_PER_SECOND = env_float("OCA_REQUESTS_PER_SECOND", 2.0)  # 0: no limit (a local mirror)
OCA_CONNECT_TIMEOUT = env_float("OCA_CONNECT_TIMEOUT", 10.0, minimum=0.001)
OCA_READ_TIMEOUT = env_float("OCA_READ_TIMEOUT", 30.0, minimum=0.001)
OCA_DOWNLOAD_SECONDS = env_float("OCA_DOWNLOAD_SECONDS", 120.0, minimum=0.001)
OCA_RETRIES = env_int("OCA_RETRIES", 4, minimum=0)
OCA_BACKOFF_SECONDS = env_float("OCA_BACKOFF_SECONDS", 2.0)
OCA_SYNC_MIN_PERCENT = env_int("OCA_SYNC_MIN_PERCENT", 90, minimum=0)
# PDFs are fetched only from these hosts (by default the listing's own); a failed one is tried again after
# OCA_RETRY_MINUTES, doubling with each failure up to OCA_RETRY_MAX_HOURS; one whose server gives no ETag or
# Last-Modified is fetched again only when its listing row changed or after OCA_RECHECK_DAYS.
_OCA_HOST = (urlsplit(OCA_LISTING_URL).hostname or "").removeprefix("www.")
OCA_DOCUMENT_HOSTS = env_list("OCA_DOCUMENT_HOSTS", [_OCA_HOST, f"www.{_OCA_HOST}"])
OCA_RETRY_MINUTES = env_int("OCA_RETRY_MINUTES", 60, minimum=1)
OCA_RETRY_MAX_HOURS = env_int("OCA_RETRY_MAX_HOURS", 7 * 24, minimum=1)
OCA_RECHECK_DAYS = env_int("OCA_RECHECK_DAYS", 30, minimum=1)
OCA_SYNC_DAILY = env_bool("OCA_SYNC_DAILY", default=True)
OCA_SYNC_HOUR = env_int("OCA_SYNC_HOUR", 3, minimum=0)
if OCA_SYNC_HOUR > 23:
    raise ImproperlyConfigured(f"OCA_SYNC_HOUR must be an hour from 0 to 23, got {OCA_SYNC_HOUR}")
OCA_SYNC_TIME_LIMIT = env_int("OCA_SYNC_TIME_LIMIT", 4 * 3600, minimum=60)

CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "sweep-documents": {"task": "ingest.tasks.sweep_documents_task", "schedule": env_int("INGEST_SWEEP_EVERY", 30)},
    # The statistics take about a second at 100,000 certificates: computed here, not in a page request.
    "warm-read-cache": {"task": "certificates.tasks.warm_read_cache_task", "schedule": 60},
}
if OCA_SYNC_DAILY:
    CELERY_BEAT_SCHEDULE["sync-oca"] = {
        "task": "ingest.tasks.sync_oca_task",
        "schedule": crontab(minute=7, hour=OCA_SYNC_HOUR),
    }

# The client's address, for every throttle and the login lockout (certificates.throttling.client_address):
# REMOTE_ADDR, or behind this many proxies that each append the address they saw to X-Forwarded-For, the
# address the outermost of them saw. Never more than the proxies really in front: the rest is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Admin login lockout (django-axes): this many failed logins from one client address lock it out of every
# login for the cool-off, which starts again with each attempt while locked. The attempts are rows in the
# database, so every web process and machine sees them; the admin lists them (Axes), `axes_reset` clears them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "certificates.throttling.client_address"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "registry.views.locked_out"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["certificates.throttling.AnonThrottle", "certificates.throttling.ScopedThrottle"],
    # Anonymous clients, per address; exports and the dump are heavier and have a scope of their own; the site's
    # searches, feeds and comparisons have theirs (certificates.throttling).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_ANON_RATE", "600/minute"),
        "export": env_rate("API_EXPORT_RATE", "60/hour"),
        "site_search": env_rate("SITE_SEARCH_RATE", "60/minute"),
        # A check of an uploaded file parses it in a forked child: the costliest thing an anonymous client can ask.
        "check_upload": env_rate("CHECK_UPLOAD_RATE", "20/hour"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON only: the interactive docs are Swagger UI (/api/docs/); DRF's browsable pages need inline styles,
    # which the Content-Security-Policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "certificates.pagination.NumberedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "registry.schema.RegistryAutoSchema",
    # Only JSON is negotiated (exports have URLs of their own); `?format=` selects nothing.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCPP Certificate Registry API",
    "DESCRIPTION": "OCA OCPP conformance certificates, parsed from their documents: search, filter, export.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from the project's own static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Request and response bodies as separate components: an upload's file is binary, not a URI.
    "COMPONENT_SPLIT_REQUEST": True,
    # Two fields named "status": a certificate's in OCA's listing, a document's in the pipeline.
    "ENUM_NAME_OVERRIDES": {
        "ListingStatusEnum": "certificates.choices.ListingStatus",
        "DocumentStatusEnum": "ingest.models.DocumentStatus",
    },
}
