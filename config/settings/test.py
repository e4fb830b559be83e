"""Test settings: the base settings with faster password hashing, an easier anti-bot puzzle and quiet logs; nothing
else differs."""

import os

from .base import *  # noqa: F403
from .base import LOGGING

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
ANTIBOT_MAX_NUMBER = 1_000  # speed only: tests solve challenges in Python (and in Chromium) in milliseconds
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The SQLite lane tests on a file, as the embedded tier runs (WAL, IMMEDIATE transactions, busy timeout): an
# in-memory test database shares one cache between threads, where concurrent requests of a browser journey (a page
# loading several document frames at once) fail with "database table is locked" instead of waiting their turn.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, so two runs at once (two lanes, two terminals) never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-sopan-{os.getpid()}.sqlite3")}  # noqa: F405

INSTALLED_APPS = [*INSTALLED_APPS, "tests.registers_app"]  # noqa: F405  # a declared register (sopan.core.registers)

# Speed only: a test database is thrown away, so its commits need not wait for the disk (PostgreSQL's
# synchronous_commit, SQLite's synchronous pragma). What a commit makes visible, and when, is unchanged.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        DATABASES["default"]["OPTIONS"]["init_command"].replace("synchronous=NORMAL", "synchronous=OFF")  # noqa: F405
    )
else:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
