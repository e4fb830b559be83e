"""The test settings with the example module installed: its one line in INSTALLED_APPS, plus, for the proof only, a
database of its own (SQLite in memory, migrated by the proof), a per-process cache and the in-memory task backend."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.example_module"]


class _NoMigrations(dict):
    """Tables made straight from the models (`migrate --run-syncdb`): seconds instead of a minute of migrations."""

    def __contains__(self, app_label) -> bool:
        return True

    def __getitem__(self, app_label):
        return None


MIGRATION_MODULES = _NoMigrations()
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
