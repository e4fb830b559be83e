"""The database itself refuses to change or remove audit events, whoever sends the SQL."""

from django.db import migrations

from sopan.core import audit_guard


def install(apps, schema_editor):
    audit_guard.install(schema_editor.connection)


def remove(apps, schema_editor):
    audit_guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
