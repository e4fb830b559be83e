"""The database itself refuses to change or remove audit events, whoever sends the SQL."""

from django.db import migrations

SQL = {
    "sqlite": [
        """CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        """CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON core_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only()""",
    ],
}
REVERSE = {
    "sqlite": ["DROP TRIGGER core_auditevent_no_update", "DROP TRIGGER core_auditevent_no_delete"],
    "postgresql": [
        "DROP TRIGGER core_auditevent_append_only ON core_auditevent",
        "DROP FUNCTION core_auditevent_append_only()",
    ],
}


def _run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(_run(SQL), _run(REVERSE))]
