"""Settings of the peer: django-helpdesk 2.6.1 deployed the way its documentation says, in production form.

Sources: docs/install.rst (INSTALLED_APPS, SITE_ID, urls, LOGIN_URL, the e-mail templates fixture), docs/settings.rst
(the `request` context processor, HELPDESK_* options), docs/teams.rst (HELPDESK_TEAMS_MODE_ENABLED) and the
standalone/demo projects in django-helpdesk's repository (middleware, rest_framework, HELPDESK_DEFAULT_SETTINGS).
Two entries of those docs are gone from 2.6.1: `bootstrap4form` (the templates load the package's own
`bootstrap5_form` tag library) and pinax-teams (an optional extra, `django-helpdesk[teams]`; without it teams mode
must be off, as docs/teams.rst says).

Where a setting is a deployment choice rather than the peer's, it follows Sopan's production tier
(config/settings/base.py) so that the two are measured alike: PostgreSQL with persistent connections
(CONN_MAX_AGE 60 with health checks), sessions in the database, the cached template loader, DEBUG off, Indonesian
language and Jakarta time, the console mail backend when no SMTP host is given, warnings-only logging like
benchmarks/load/settings.py, and the same query-count header.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

PEER_DIR = Path(__file__).resolve().parent.parent.parent  # benchmarks/peer/
VAR_DIR = PEER_DIR / ".venv" / "var"  # ignored with the venv; media of the peer (no attachments are generated)


def _database(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"PEER_DATABASE_URL must be a postgres:// URL, not {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # As Sopan: dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "ATOMIC_REQUESTS": False,
    }


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


PEER_DATABASE_URL = os.environ.get("PEER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_peer")
DATABASES = {"default": _database(PEER_DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"  # as django-helpdesk's demo and standalone projects

# A benchmark on loopback: the key signs sessions and CSRF tokens of throwaway accounts only.
SECRET_KEY = os.environ.get("PEER_SECRET_KEY", "peer-benchmark-only-8c1f0e6a2d4b4f7e9a3c5d7e1f2a4b6c8d0e2f4a6b8c")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",  # required for helpdesk admin/maintenance
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",  # required for determining the domain in e-mails
    "django.contrib.humanize",  # required for elapsed time formatting
    "helpdesk",
    "rest_framework",  # required for the API
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
if _flag("PEER_COUNT_QUERIES", True):
    MIDDLEWARE = ["peer_site.middleware.QueryCountMiddleware", *MIDDLEWARE]

ROOT_URLCONF = "peer_site.urls"
WSGI_APPLICATION = "peer_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,  # the loaders are given below
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",  # the one django-helpdesk requires
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
                )
            ],
        },
    }
]

SITE_ID = 1

# Sessions in the database (Django's default engine, stated). Sopan also saves the session on every request (its
# idle timeout); PEER_SESSION_SAVE_EVERY_REQUEST=1 gives the peer the same extra write when a comparison wants it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 86400  # one day, as django-helpdesk's standalone project
SESSION_SAVE_EVERY_REQUEST = _flag("PEER_SESSION_SAVE_EVERY_REQUEST", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"

# --- django-helpdesk (docs/settings.rst) ----------------------------------------------------------------------
HELPDESK_TEAMS_MODE_ENABLED = False  # pinax-teams is not installed (docs/teams.rst)
HELPDESK_DEFAULT_SETTINGS = {
    "use_email_as_submitter": True,
    "email_on_ticket_assign": True,
    "email_on_ticket_change": True,
    "login_view_ticketlist": True,
    "tickets_per_page": 25,
}
HELPDESK_PUBLIC_ENABLED = True
HELPDESK_VIEW_A_TICKET_PUBLIC = True
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_KB_ENABLED = True
HELPDESK_TICKETS_TIMELINE_ENABLED = True
HELPDESK_REDIRECT_TO_LOGIN_BY_DEFAULT = False
HELPDESK_ENABLE_PER_QUEUE_STAFF_PERMISSION = False  # every staff member sees every queue

# --- Mail: the console, as Sopan without EMAIL_HOST; django-helpdesk sends inside the request -----------------
EMAIL_BACKEND = os.environ.get("PEER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = "Helpdesk <helpdesk@peer.invalid>"

# --- Language and time: as Sopan (django-helpdesk has no Indonesian catalogue; its own strings stay English) --
LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Files: the pages link static files; a web server would serve them, the benchmark asks only for pages -----
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PEER_LOG_LEVEL", "WARNING")},
}
