"""Django settings for CityBridge, read from the environment with safe defaults.

Development (the default) needs nothing set: SQLite under ``var/``, a secret key generated
once and kept in ``var/secret_key``, e-mail printed to the console, DEBUG off like production
(``CITYBRIDGE_DEBUG=1`` turns Django's debug pages on). Production
(``CITYBRIDGE_PRODUCTION=1``) requires ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns on the
secure-cookie and HTTPS settings that ``citybridge check --deploy`` looks for.
See docs/configuration.md for every variable.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from citybridge.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SRC_DIR.parents[1]
DATA_DIR = Path(env_str("CITYBRIDGE_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

PRODUCTION = env_bool("CITYBRIDGE_PRODUCTION", False)
# Off unless a developer asks: the demo shows the translated error pages people will see, and
# never Django's debug page (which lists every URL pattern and setting).
DEBUG = env_bool("CITYBRIDGE_DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CITYBRIDGE_PRODUCTION=1.")
    # Development: generate once and keep it, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when CITYBRIDGE_PRODUCTION=1.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "django_countries",
    "ninja",  # its Swagger UI is served from our own static files, never a CDN
    "rules",
    "django_tasks",
    "django_tasks_db",  # the task queue's table and `db_worker` command
    "axes",  # login throttling (AXES_* below)
    "citybridge.core",
    "citybridge.directory",
    "citybridge.accounts",  # a person's own settings: language, time zone, notifications
    "citybridge.programmes",
    "citybridge.pairings",
    "citybridge.activities",
    "citybridge.plans",
    "citybridge.calls",
    "citybridge.notifications",
    # Roles and the permission rules: above the domain apps they reason about.
    "citybridge.access",
    # A person's download and erasure, and retention: above every app whose data it reads.
    "citybridge.privacy",
    "citybridge.workspace",
    "citybridge.portal",
    "citybridge.api",
    "citybridge.demo",
    # Last, so that our registration/ templates win over the admin's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    # First: it gives every request its id and logs it, redirects and errors included.
    "citybridge.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "citybridge.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files compressed ahead of time; above everything
    # that writes the response body, so it compresses the final page.
    "citybridge.core.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Below the locale middleware (it keys pages by language), above everything a page served
    # from the cache skips: anonymous visitors' public pages, feeds and API answers.
    "citybridge.core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database still busy after DATABASE_BUSY_TIMEOUT, or a full disk, answers a translated
    # 503 "nothing was saved", not a server error.
    "citybridge.core.failures.TemporaryFailureMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "citybridge.urls"
WSGI_APPLICATION = "citybridge.wsgi.application"

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
                "citybridge.core.context_processors.languages",
                "citybridge.notifications.context_processors.unread_notifications",
            ],
            "builtins": ["citybridge.core.templatetags.citybridge"],
        },
    }
]

# Each server thread keeps its database connection between requests (checked before reuse):
# opening one per request took two thirds of a signed-in dashboard's time on SQLite (a new
# connection registers Django's SQL functions and starts with an empty page cache).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'citybridge.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# How long a write waits for another writer's lock before the page answers 503 "busy, nothing
# was saved, try again" (citybridge.core.failures) instead of waiting on.
DATABASE_BUSY_TIMEOUT = env_int("DATABASE_BUSY_TIMEOUT", 20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a long import writes. IMMEDIATE takes the write lock
    # at BEGIN, where SQLite waits for it (the busy timeout); a transaction that read first and
    # wrote later would fail at once with "database is locked" when another writer got there.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": DATABASE_BUSY_TIMEOUT,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A row or table lock held longer than this ends the waiting statement (503, not a hang).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c lock_timeout={DATABASE_BUSY_TIMEOUT * 1000}".strip()
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its account or client address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Object-level decisions come from citybridge.access.rules through django-rules.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Login throttling (django-axes): after this many failed logins for one account, or from one
# client address, logging in is refused for CITYBRIDGE_LOGIN_LOCKOUT_MINUTES (each further
# attempt restarts the pause). Counts are kept in the shared cache (CACHES below).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("CITYBRIDGE_LOGIN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CITYBRIDGE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True  # a person who mistyped, then logged in, starts again from zero
AXES_LOCKOUT_CALLABLE = "citybridge.access.views.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "citybridge.core.clients.client_address"
AXES_ENABLE_ADMIN = False  # the cache handler keeps no database records to show
# Password-reset e-mails per hour, per e-mail address and per client address.
CITYBRIDGE_PASSWORD_RESETS_PER_HOUR = env_int("CITYBRIDGE_PASSWORD_RESETS_PER_HOUR", 3)
# Reverse proxies in front of the app servers that append to X-Forwarded-For (0: none, the
# client connects directly). Client addresses are read from it (citybridge.core.clients).
CITYBRIDGE_PROXY_COUNT = env_int("CITYBRIDGE_PROXY_COUNT", 0)
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------
# Names are written in their own language so that the switcher is readable to everyone.
KNOWN_LANGUAGES = {
    "en": "English",
    "it": "Italiano",
    "ja": "日本語",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "el": "Ελληνικά",
    "fi": "Suomi",
    "sv": "Svenska",
    "sk": "Slovenčina",
    "nl": "Nederlands",
    "pt": "Português",
    "zh-hans": "简体中文",
    "ko": "한국어",
}
_language_codes = env_list("CITYBRIDGE_LANGUAGES", "en,it,ja")
_unknown = [code for code in _language_codes if code not in KNOWN_LANGUAGES]
if _unknown:
    raise ImproperlyConfigured(
        f"CITYBRIDGE_LANGUAGES names unknown languages {_unknown}; known: {sorted(KNOWN_LANGUAGES)}."
    )
if "en" not in _language_codes:
    # English is the programme's working language and the first fallback of every text.
    raise ImproperlyConfigured("CITYBRIDGE_LANGUAGES must include 'en'.")
LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in _language_codes]
LANGUAGE_CODE = "en"
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("CITYBRIDGE_MEDIA_ROOT", str(DATA_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("CITYBRIDGE_PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": env_str(
            "CITYBRIDGE_MEDIA_STORAGE", "citybridge.core.storage.SafeFileSystemStorage"
        )
    },
    # Materials: never served directly, only through a view that checks who may see them.
    "private": {
        "BACKEND": env_str(
            "CITYBRIDGE_PRIVATE_STORAGE", "citybridge.core.storage.SafeFileSystemStorage"
        ),
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise looks for STATIC_ROOT even when it serves from the apps' folders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
CITYBRIDGE_MAX_UPLOAD_MB = env_int("CITYBRIDGE_MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = CITYBRIDGE_MAX_UPLOAD_MB * 1024 * 1024

# --- Cache ----------------------------------------------------------------------------
# Shared by every worker process (and, with Redis, every app server): login throttling and the
# password-reset limit count here. One machine: files under the data directory. Several app
# servers: CACHE_URL=redis://host:6379/0.
_cache_url = env_str("CACHE_URL")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url:
    raise ImproperlyConfigured(f"CACHE_URL={_cache_url!r} must start with redis:// or rediss://.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    # django-axes warns that a file cache's increments are not atomic: two failed logins at the
    # same instant may count once, which loosens the limit by the number of simultaneous
    # requests (a few), not more. Redis counts atomically.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# --- Several app servers: one truth ---------------------------------------------------
# Everything a request may need from an earlier request that another app server answered is
# shared: the database (sessions, the task queue), the cache above (CACHE_URL) and, here, the
# uploads. docs/deployment.md shows the whole set-up; tests/core/test_several_servers.py runs it.
#
# Uploads: CITYBRIDGE_MEDIA_STORAGE and CITYBRIDGE_PRIVATE_STORAGE are "filesystem" (the
# default: files under the data directory), "s3" (an S3-compatible object store, configured by
# the CITYBRIDGE_S3_* variables) or a storage class's dotted path.
_STORAGE_SHORT_NAMES = {
    "filesystem": "citybridge.core.storage.SafeFileSystemStorage",
    "s3": "citybridge.core.s3.S3Storage",
}
for _alias, _prefix in (("default", "media"), ("private", "private")):
    _backend = STORAGES[_alias]["BACKEND"]
    _backend = STORAGES[_alias]["BACKEND"] = _STORAGE_SHORT_NAMES.get(_backend, _backend)
    if _backend != _STORAGE_SHORT_NAMES["s3"]:
        continue
    _bucket = env_str("CITYBRIDGE_S3_BUCKET")
    if _alias == "private":
        _bucket = env_str("CITYBRIDGE_S3_PRIVATE_BUCKET", _bucket)
    if not _bucket:
        raise ImproperlyConfigured(
            "CITYBRIDGE_S3_BUCKET must name a bucket when an upload storage is 's3'."
        )
    _endpoint = env_str("CITYBRIDGE_S3_ENDPOINT_URL") or None
    STORAGES[_alias]["OPTIONS"] = {
        "bucket_name": _bucket,
        "location": _prefix,  # public and private files never share a key prefix
        "endpoint_url": _endpoint,
        "region_name": env_str("CITYBRIDGE_S3_REGION") or None,
        # Self-hosted stores (MinIO, Ceph, Garage) answer at one host name: bucket in the path.
        "addressing_style": env_str("CITYBRIDGE_S3_ADDRESSING_STYLE", "path" if _endpoint else "")
        or None,
    }
    # Unset: boto3's own chain (AWS_ACCESS_KEY_ID…, an instance role) provides credentials.
    for _option, _variable in (
        ("access_key", "CITYBRIDGE_S3_ACCESS_KEY_ID"),
        ("secret_key", "CITYBRIDGE_S3_SECRET_ACCESS_KEY"),
    ):
        if env_str(_variable):
            STORAGES[_alias]["OPTIONS"][_option] = env_str(_variable)

# Sessions: in the database by default, which every app server reads. "cache" reads them from
# the shared cache first and still writes them to the database, so a restarted Redis (which
# keeps nothing on disk) logs nobody out.
_session_stores = {
    "database": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cached_db",
}
_session_store = env_str("CITYBRIDGE_SESSION_STORE", "database")
if _session_store not in _session_stores:
    raise ImproperlyConfigured(
        f"CITYBRIDGE_SESSION_STORE={_session_store!r} must be 'database' or 'cache'."
    )
SESSION_ENGINE = _session_stores[_session_store]

if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that stops answering makes a login wait seconds, not forever.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 2, "socket_timeout": 5}
    )

# Anonymous visitors' pages are kept in the cache until any data changes, or this long at most
# (pages that change with time alone are at most this late). 0 turns the page cache off.
CITYBRIDGE_PAGE_CACHE_SECONDS = env_int("CITYBRIDGE_PAGE_CACHE_SECONDS", 300)

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CityBridge <citybridge@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# citybridge.core.csp: empty means its default policy (only this site's scripts and styles).
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]

# Logs go to standard error (the service manager keeps them). Every line carries the request
# id (citybridge.core.request_log); each request adds one INFO line on "citybridge.requests".
LOG_FORMAT = env_str("CITYBRIDGE_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"CITYBRIDGE_LOG_FORMAT={LOG_FORMAT!r} must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "citybridge.core.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "citybridge.core.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "citybridge.requests": {
            "level": "INFO" if env_bool("CITYBRIDGE_REQUEST_LOG", True) else "WARNING"
        }
    },
}

# Action plans: an action in implementation without a progress update for this long is overdue.
CITYBRIDGE_PROGRESS_UPDATE_DAYS = env_int("CITYBRIDGE_PROGRESS_UPDATE_DAYS", 90)

# Invitations to a role (access.services.invite_person): a link is good for this many days.
CITYBRIDGE_INVITATION_DAYS = env_int("CITYBRIDGE_INVITATION_DAYS", 14)

# API pages
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# --- Background tasks (activities.notifications) ---
# Django's tasks API (the django-tasks backport until Django 6) with a database-backed queue
# (django-tasks-db). `citybridge send-reminders` runs hourly and queues one task per e-mail;
# `citybridge db_worker` runs as a service and sends them. See citybridge.notifications.
TASKS = {
    "default": {
        "BACKEND": env_str("CITYBRIDGE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# /healthz fails when a ready task has waited this long for `citybridge db_worker`.
CITYBRIDGE_TASKS_OVERDUE_MINUTES = env_int("CITYBRIDGE_TASKS_OVERDUE_MINUTES", 10)
# Links in e-mails are absolute: the address the public reaches this site at, no trailing /.
CITYBRIDGE_BASE_URL = env_str("CITYBRIDGE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not CITYBRIDGE_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"CITYBRIDGE_BASE_URL={CITYBRIDGE_BASE_URL!r} must start with https:// or http://."
    )
CITYBRIDGE_REMINDER_DAYS_BEFORE = env_int("CITYBRIDGE_REMINDER_DAYS_BEFORE", 7)
CITYBRIDGE_MINUTES_OVERDUE_DAYS = env_int("CITYBRIDGE_MINUTES_OVERDUE_DAYS", 14)
# ...and only for activities that ended within this many days (older ones are not chased).
CITYBRIDGE_MINUTES_OVERDUE_MAX_AGE_DAYS = env_int("CITYBRIDGE_MINUTES_OVERDUE_MAX_AGE_DAYS", 90)
# Daily digests of notifications go out at the first `send-reminders` run after this hour,
# in each recipient's own time zone.
CITYBRIDGE_DIGEST_HOUR = env_int("CITYBRIDGE_DIGEST_HOUR", 7)
