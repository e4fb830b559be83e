"""Test settings: the base settings with faster password hashing and quiet logs; nothing else differs."""

from .base import *  # noqa: F403
from .base import LOGGING

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
