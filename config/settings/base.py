"""Sopan settings.

One settings module for every tier (DESIGN.md §4). Production differs only through environment variables, all
documented in README.md ("Running in production"). With no variables set, Sopan runs the embedded tier: SQLite under
`var/`, the database task queue, local files, mail on the console.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SOPAN_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# --- Mode -------------------------------------------------------------------------------------------------------
# SOPAN_ENV=production turns on every production safeguard and refuses to start without a SECRET_KEY.
SOPAN_ENV = env("SOPAN_ENV", "development")
if SOPAN_ENV not in ("development", "production"):
    raise ImproperlyConfigured("SOPAN_ENV must be 'development' or 'production'")
PRODUCTION = SOPAN_ENV == "production"
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (SOPAN_ENV=production).")


def _key_from_env_or_file(name: str, filename: str) -> str:
    """A secret from the environment, else (embedded tier only) from a file under var/, generated on first run.

    Production must pass it in the environment: a key generated silently on one host would differ on the next."""
    key = env(name)
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            f"{name} is required when SOPAN_ENV=production. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    # Embedded tier: a key generated once per installation and kept under var/, never committed.
    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _key_from_env_or_file("SECRET_KEY", "secret_key")
# The key of the audit trail's hash chains (HMAC-SHA256, issue 13 §4): kept outside the database, so someone who can
# rewrite the database cannot recompute the chain. Not SECRET_KEY: that one may be rotated, this one may not.
AUDIT_KEY = _key_from_env_or_file("AUDIT_KEY", "audit_key")
# Where the chains' heads are anchored daily (JSON lines): outside the database, in a folder the backups keep.
AUDIT_ANCHOR_DIR = Path(env("AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -----------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sopan.core",
    "sopan.accounts",
    "sopan.sop",
    "sopan.vendors",
    "sopan.helpdesk",
    "sopan.procurement",
    "sopan.performance",
    "sopan.coaching",
    "sopan.standards",
    "sopan.indicators",
    "sopan.reports",
    "sopan.suppliers",
    "sopan.archives",
    "sopan.risks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so no later middleware touches a body that is too large (issue 13 §7).
    "sopan.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sopan.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sopan.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "sopan.core.middleware.MalformedInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sopan.accounts.middleware.VerifiedUserMiddleware",  # django-otp's, reading the cached identity
    "sopan.accounts.middleware.UserPreferencesMiddleware",
    "sopan.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Widgets render through TEMPLATES, so sopan/templates/django/forms/widgets/ overrides Django's (the file picker in the
# user's language, issue 14 §6).
FORM_RENDERER = "sopan.core.form_rendering.Renderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sopan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sopan.core.context_processors.navigation",
            ],
            "builtins": ["sopan.core.templatetags.sopan", "template_partials.templatetags.partials"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------------------------
# SQLite (embedded tier) in WAL mode with IMMEDIATE transactions and a busy timeout: measured, the default mode
# failed 742 of 800 concurrent write transactions with "database is locked"; IMMEDIATE failed none (DESIGN.md §6).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "sopan.sqlite3"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work --------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # One connection pool per process for the queue: given a URL, django_rq opens a new pool (a new connection) for
    # every enqueue, a connection set-up per mail sent (issue 21, measured on ticket create). With the pool passed to
    # the client, HOST and PORT are unused; they are the URL's, for reading. Pools are fork-safe (redis-py resets them
    # in a forked child), so gunicorn's and rq's forks get their own.
    import redis as _redis

    _RQ_POOL = _redis.ConnectionPool.from_url(REDIS_URL)
    RQ_QUEUES = {
        "default": {
            "HOST": _RQ_POOL.connection_kwargs.get("host", ""),
            "PORT": _RQ_POOL.connection_kwargs.get("port", 6379),
            "DB": _RQ_POOL.connection_kwargs.get("db", 0),
            "REDIS_CLIENT_KWARGS": {"connection_pool": _RQ_POOL},
            "DEFAULT_TIMEOUT": 600,
        }
    }
    CACHES = {"default": {"BACKEND": "sopan.core.cache.RedisCache", "LOCATION": REDIS_URL}}  # one client per pool
    # Sessions read from Redis, written through to the database (they survive a Redis restart): no session query
    # on a page view.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # A database cache, not a per-process one: every process must agree (DESIGN.md §4), lockout counters included.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sopan_cache"}}

# A covering index (Index(include=...), e.g. the dashboard's `package_org_state`) is PostgreSQL's: on SQLite the index
# is made of its key columns alone, which is what the embedded tier needs, so Django's warning about it is silenced.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Authentication and security --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "sopan.accounts.backends.ModelBackend",  # Django's, the person kept between requests (accounts.identity)
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# At least 12 characters (an organisation may require more), not a common password, not like the user's own data;
# no composition rules (NIST SP 800-63B).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "sopan.accounts.passwords.OrganizationMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (django-axes): after 5 failures, per account and, separately, per address; 30 minutes, or until the
# organisation's administrator unlocks the account, or the user resets the password by mail.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

OTP_TOTP_ISSUER = "Sopan"
OTP_TOTP_THROTTLE_FACTOR = 1

SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "30")) * 60
# The age counts from the last request (expiry after inactivity): IdleSessionMiddleware moves it forward once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The check "I am not a robot" on public forms (sopan/core/antibot.py): ALTCHA proof of work, no outside service.
# ANTIBOT_ENABLED = False skips the check entirely; only tests of other apps switch it off (settings fixture).
# ANTIBOT_MAX_NUMBER sets the work: the browser tries half of it on average, with SHA-256 in Web Workers.
ANTIBOT_ENABLED = True
ANTIBOT_MAX_NUMBER = 100_000

# Strict CSP: only our own scripts and styles, no inline code of any kind.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Internationalisation ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"  # default only: each organisation shows times in its own zone (WIB/WITA/WIT)
LANGUAGE_COOKIE_NAME = "sopan_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
FORMAT_MODULE_PATH = ["sopan.formats"]

# --- Files ------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/altcha", BASE_DIR / "node_modules" / "altcha" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
if env("S3_BUCKET"):
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "region_name": env("S3_REGION"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION or not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body accepted, refused from its Content-Length before anything reads it
# (core.middleware.RequestSizeLimitMiddleware); the reverse proxy's client_max_body_size must be the same
# (docs/operations.md, "Reverse proxy"). DATA_UPLOAD_MAX_MEMORY_SIZE above counts only the fields without files, and
# Django streams files to temporary files, so without this limit a client could fill the disk of every worker.
# The largest legitimate body: the most files one form takes (the helpdesk's report form: 3) at the highest
# per-file limit an organisation may choose (vendors' and helpdesk's settings: 20 MB), plus 1 MB for the text fields
# and the multipart framing. core/tests/test_request_size.py fails when one of those limits grows past this.
MAX_REQUEST_BYTES = (3 * 20 + 1) * 1024 * 1024  # 61 MB

# --- Mail -------------------------------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 30
else:  # no SMTP server (the embedded tier): each mail kept as an .eml file, one console line for it
    EMAIL_BACKEND = env("EMAIL_BACKEND", "sopan.core.mail_outbox.OutboxBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Sopan <noreply@sopan.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in env_list("ADMIN_EMAILS")]

# --- Logging ----------------------------------------------------------------------------------------------------
# What an operator needs on the console: requests with their status (gunicorn's access log), startup, task failures,
# errors with their traceback, and warnings. Left out at the default level: the chatter of libraries (fontTools'
# font subsetting and WeasyPrint's progress, a dozen INFO lines per PDF) and django.request's warnings for 4xx
# answers (a 403 came with a full traceback; the access log already has one line for it). The task worker sets its
# own level for django_tasks (INFO: each task's start and end; failures with their traceback). LOG_LEVEL=DEBUG lets
# everything through; LOG_LEVEL=WARNING keeps only warnings and errors (docs/operations.md, "Logging").
LOG_LEVEL = (env("LOG_LEVEL", "INFO") or "INFO").upper()
_QUIET_LOGGERS = {
    "fontTools": "WARNING",
    "weasyprint": "WARNING",
    "django.request": "ERROR",  # 5xx with traceback; 4xx are one access-log line each
    "axes": "WARNING",
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {} if LOG_LEVEL == "DEBUG" else {name: {"level": level} for name, level in _QUIET_LOGGERS.items()},
}

# --- Links in mail ----------------------------------------------------------------------------------------------
# The address people use to reach Sopan, for links in mail sent by background workers (which have no request).
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
