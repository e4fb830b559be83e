"""Test settings: the base settings with faster password hashing, an easier anti-bot puzzle and quiet logs; nothing
else differs."""

from .base import *  # noqa: F403
from .base import LOGGING

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
ANTIBOT_MAX_NUMBER = 1_000  # speed only: tests solve challenges in Python (and in Chromium) in milliseconds
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
